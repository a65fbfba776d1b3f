"""`python -m bench`: run every benchmark; each prints ratios against a baseline of its own run."""

import importlib
import pkgutil

import bench


def main() -> None:
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("bench_"):
            print(f"\n== {module.name} ==")
            importlib.import_module(f"bench.{module.name}").main()


if __name__ == "__main__":
    main()
