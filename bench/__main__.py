"""`python -m bench`: run every benchmark; each prints ratios against a baseline of its own run."""

import importlib
import pkgutil
import sys

import bench


def main() -> int:
    failed = []
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("bench_"):
            print(f"\n== {module.name} ==", flush=True)
            status = importlib.import_module(f"bench.{module.name}").main([])
            if status:
                failed.append(module.name)
    if failed:
        print(f"\nnot run or failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
