"""What every page a browser test visits must pass, and screenshots for a reviewer.

`audit_page(page, name)` is the one call a journey makes on each page: the HTML checks every view
test makes (unique ids, labelled controls, one <h1>, …), axe-core for WCAG 2.1 A and AA, and a
screenshot when the journey keeps them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from tests.pages import check_page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
AXE = Axe()


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Rule, impact, help and each failing element: enough to find and fix it without axe."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {textwrap.shorten(node['html'], 300)}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"       {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def assert_accessible(page: Any, name: str) -> None:
    """axe-core finds nothing against WCAG 2.0/2.1 A and AA on the page as it is now.

    axe needs JavaScript timers: for a page in a context without JavaScript, use
    `assert_accessible_copy`.
    """
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, (
        f"{name} ({page.url}): {len(violations)} accessibility rule(s) failed\n"
        + describe_violations(violations)
    )


def assert_accessible_copy(page: Any, axe_page: Any, name: str) -> None:
    """Run axe in `axe_page` (JavaScript on) over the exact HTML `page` shows, at the same URL."""
    html, url = page.content(), page.url
    document_url = url.split("#", 1)[0]  # a request never carries the fragment
    axe_page.unroute_all()
    axe_page.route(
        lambda candidate: candidate == document_url,
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    axe_page.goto(url)
    assert axe_page.locator("h1").inner_text() == page.locator("h1").inner_text(), "not a copy"
    assert_accessible(axe_page, name)


# Elements wider than the viewport, for the message when a page scrolls sideways.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map((element) => element.tagName.toLowerCase()
    + (element.className ? "." + element.className : "")
    + " ends at " + Math.round(element.getBoundingClientRect().right) + " px")"""


def assert_no_sideways_scroll(page: Any, name: str) -> None:
    """The page fits the viewport's width (WCAG 1.4.10 reflow). In mobile emulation Chromium
    widens the layout viewport to fit wide content, so the width is also checked against the
    width the context was opened with."""
    width = page.viewport_size["width"]
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll_width <= inner_width and inner_width <= width, (
        f"{name} ({page.url}) scrolls sideways at {width} px: the page is {scroll_width} px wide; "
        + "; ".join(page.evaluate(OVERFLOWING, width))
    )


# Targets under 24 × 24 px that WCAG 2.5.8 does not excuse. Excused: a link inside a sentence,
# and an undersized target whose 24 px circle (centred on it) meets no other target or circle.
# Hidden controls (the skip link off screen) are not targets.
SMALL_TARGETS = """() => {
  const targets = [];
  for (const element of document.querySelectorAll("a[href], button, input, select, textarea")) {
    if (element.type === "hidden" || element.closest(".visually-hidden")) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right < 0 || box.bottom < 0) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    const style = getComputedStyle(element);
    let inSentence = false;
    if (element.tagName === "A" && style.display === "inline") {
      const block = element.closest("p, li, td, dd, span.hint");
      const own = element.textContent.trim().length;
      inSentence = Boolean(block) && block.textContent.trim().length > own;
    }
    targets.push({element, box, inSentence, small: box.width < 24 || box.height < 24});
  }
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const crowded = (target) => targets.some((other) => {
    if (other === target) return false;
    const [x, y] = centre(target.box);
    if (other.small) {
      const [ox, oy] = centre(other.box);
      return Math.hypot(x - ox, y - oy) < 24;
    }
    return distanceToBox([x, y], other.box) < 12;
  });
  return targets
    .filter((target) => target.small && !target.inSentence && crowded(target))
    .map(({element, box}) => element.outerHTML.slice(0, 120) + " is "
      + Math.round(box.width) + " × " + Math.round(box.height) + " and crowded");
}"""


NARROWEST = 320  # WCAG 1.4.10: content reflows at 320 CSS pixels


def assert_reflows(page: Any, name: str) -> None:
    """No sideways scrolling at the page's width and, on a phone, at 320 px as well."""
    assert_no_sideways_scroll(page, name)
    size = page.viewport_size
    if size["width"] < 600:
        page.set_viewport_size({"width": NARROWEST, "height": size["height"]})
        try:
            assert_no_sideways_scroll(page, f"{name} at {NARROWEST} px")
        finally:
            page.set_viewport_size(size)


def assert_tap_targets(page: Any, name: str) -> None:
    small = page.evaluate(SMALL_TARGETS)
    assert not small, f"{name} ({page.url}): targets under 24 × 24 px:\n" + "\n".join(small)


def assert_well_formed(page: Any, name: str) -> None:
    """The checks the view tests make on every page: ids unique, every control labelled, …"""
    try:
        check_page(page.content())
    except AssertionError as error:
        raise AssertionError(f"{name} ({page.url}): {error}") from None


class Screenshots:
    """Full-page PNGs in ordered files: `01-start.png`, `02-applicant.png`, …

    Files an earlier run left with the same prefix are removed first, so the folder shows one run.
    """

    def __init__(self, prefix: str = "", folder: Path = SCREENSHOTS) -> None:
        self.folder = folder
        self.prefix = f"{prefix}-" if prefix else ""
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        pattern = f"{self.prefix}[0-9][0-9]-*.png"
        for old in folder.glob(pattern):
            old.unlink(missing_ok=True)  # tests run in parallel processes

    def take(self, page: Any, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.prefix}{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def audit_page(
    page: Any,
    name: str,
    screenshots: Screenshots | None = None,
    axe_page: Any = None,
) -> None:
    """Every check a page must pass; `axe_page` when `page` has JavaScript off."""
    # After a click the URL changes before the stylesheet has loaded: measure the finished page.
    page.wait_for_load_state("load")
    assert_well_formed(page, name)
    assert_reflows(page, name)
    assert_tap_targets(page, name)
    if axe_page is None:
        assert_accessible(page, name)
    else:
        assert_accessible_copy(page, axe_page, name)
    if screenshots is not None:
        screenshots.take(page, name)
