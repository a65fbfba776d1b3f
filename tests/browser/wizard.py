"""An applicant in a real browser: the answers for a journey, and two ways of giving them.

`Applicant` uses the mouse (Playwright's fill, check, select and click); `KeyboardApplicant` uses
only Tab, Shift+Tab, Space, the arrow keys and Enter, and checks that focus is visible at every
stop. Both find fields by name and value, so the same journey runs in nb, nn and en.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Download, expect

from tests.apply.journey import (
    APPLICANT,
    COFINANCING,
    COUNCIL,
    PROJECT,
    READINESS,
    step_url,
)

# The step's own buttons: the documents page has a form (and a button) per file as well.
CONTINUE = "main form .button-group button[type=submit]:not([name=action])"
SAVE_LATER = "main form button[name=action][value=save_later]"
START_NOW = "main a.button--start"
MAX_TAB_STOPS = 150


@dataclass(frozen=True)
class Journey:
    """Where an applicant goes: no schemes means the journey ends on the result page."""

    lang: str
    total_cost: str | None  # None: no estimate yet
    schemes: tuple[str, ...] = ()
    phase: str = "planning"
    estimate_kind: str = "p50"
    legal_form: str = APPLICANT["legal_form"]

    def url(self, step: str) -> str:
        return step_url(self.lang, step)

    def steps(self) -> list[tuple[str, dict[str, Any]]]:
        """(step, answers) in the order the wizard asks, up to the check page."""
        if self.total_cost is None:
            budget = {"total_cost": "", "estimate_kind": "none"}
        else:
            budget = {"total_cost": self.total_cost, "estimate_kind": self.estimate_kind}
        steps = [
            ("applicant", {**APPLICANT, "legal_form": self.legal_form}),
            ("project", {**PROJECT, "phase": self.phase}),
            ("budget", budget),
        ]
        if not self.schemes:
            return steps
        steps.append(("result", {"schemes": list(self.schemes)}))
        if "cofinancing" in self.schemes:
            steps.append(("cofinancing", COFINANCING))
        if "council" in self.schemes:
            steps.append(("council", COUNCIL))
            steps.append(("attachments", {}))  # no files: the step is confirmed as it is
        steps.append(("readiness", READINESS))
        return steps


def at_url(path: str) -> re.Pattern[str]:
    """The page's URL is exactly `path` on the server (no query, no fragment)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


class Applicant:
    """Answers with the mouse."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def arrive(self) -> None:
        """What the applicant does first on a new page (nothing, with a mouse)."""

    def answer(self, answers: dict[str, Any]) -> None:
        for name, value in answers.items():
            self.answer_field(name, value)

    def field_type(self, name: str) -> str:
        return self.page.locator(f"main [name='{name}']").first.evaluate("e => e.type")

    def answer_field(self, name: str, value: Any) -> None:
        kind = self.field_type(name)
        if kind == "hidden":
            # Nothing to choose: the page says so and sends its one answer itself.
            expected = [value] if isinstance(value, str) else list(value)
            expect(self.page.locator(f"main input[name='{name}']")).to_have_value(expected[0])
            return
        if kind == "radio":
            self.page.locator(f"main input[name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            for choice in [value] if isinstance(value, str) else value:
                self.page.locator(f"main input[name='{name}'][value='{choice}']").check()
        elif kind.startswith("select"):
            self.page.locator(f"main select[name='{name}']").select_option(value)
        else:
            self.page.locator(f"main [name='{name}']").fill(value)

    def follow(self, selector: str) -> None:
        """Activate a link or button."""
        self.page.locator(selector).first.click()

    def go_on(self) -> None:
        """Send the page's form with its main button (Save and continue, Send, …)."""
        self.follow(CONTINUE)

    def download(self, selector: str) -> Download:
        with self.page.expect_download() as download:
            self.follow(selector)
        return download.value


class TouchApplicant(Applicant):
    """Answers on a phone: taps the links and buttons (the page must fit for a tap to land)."""

    def answer_field(self, name: str, value: Any) -> None:
        kind = self.field_type(name)
        if kind not in ("radio", "checkbox"):
            super().answer_field(name, value)
            return
        for choice in [value] if isinstance(value, str) else value:
            box = self.page.locator(f"main input[name='{name}'][value='{choice}']")
            if not box.is_checked():
                box.tap()
            expect(box).to_be_checked()

    def follow(self, selector: str) -> None:
        self.page.locator(selector).first.tap()


def applicant_for(page: Any, mobile: bool) -> Applicant:
    return TouchApplicant(page) if mobile else Applicant(page)


# The focused element, and whether it shows a focus indicator (an outline, as the CSS draws it).
FOCUS_STATE = """(selector) => {
  const element = document.activeElement;
  if (!element || element === document.body) return {matches: false, visible: false, html: ""};
  const style = getComputedStyle(element);
  return {
    matches: element.matches(selector),
    visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    html: element.outerHTML.slice(0, 160),
  };
}"""
# Tab if the target comes after the focused element, Shift+Tab if before it.
DIRECTION = """(target) => {
  const focused = document.activeElement;
  if (!focused || focused === document.body || focused.contains(target)) return "Tab";
  return focused.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING
    ? "Shift+Tab" : "Tab";
}"""


class KeyboardApplicant(Applicant):
    """Answers with the keyboard alone, and never clicks."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.keys_pressed: Counter[str] = Counter()

    def press(self, key: str) -> None:
        self.keys_pressed[key] += 1
        self.page.keyboard.press(key)

    def arrive(self) -> None:
        self.use_skip_link()

    def use_skip_link(self) -> None:
        """The first Tab reaches the skip link, which shows on focus and moves focus to <main>."""
        self.press("Tab")
        skip_link = self.page.locator("a.skip-link")
        expect(skip_link).to_be_focused()
        self.assert_focus_visible("a.skip-link")
        box = skip_link.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1, (
            f"the focused skip link is off screen: {box}"
        )
        self.press("Enter")
        expect(self.page.locator("main#main-content")).to_be_focused()

    def assert_focus_visible(self, selector: str = "*") -> dict[str, Any]:
        state = self.page.evaluate(FOCUS_STATE, selector)
        assert state["visible"], f"focus is not visible on {state['html'] or '<body>'}"
        return state

    def focus_on(self, selector: str) -> None:
        """Tab (or Shift+Tab) until the focused element matches `selector`."""
        key = self.page.locator(selector).first.evaluate(DIRECTION)
        if self.page.evaluate(FOCUS_STATE, selector)["matches"]:
            return
        for _ in range(MAX_TAB_STOPS):
            self.press(key)
            if self.assert_focus_visible(selector)["matches"]:
                return
        raise AssertionError(f"{MAX_TAB_STOPS} presses of {key} never reached {selector}")

    def answer(self, answers: dict[str, Any]) -> None:
        """Answer in page order, then go back to the first question with Shift+Tab to check."""
        if not answers:
            return
        super().answer(answers)
        visible = [name for name in answers if self.field_type(name) != "hidden"]
        if visible:
            self.focus_on(f"main [name='{visible[0]}']")

    def answer_field(self, name: str, value: Any) -> None:
        kind = self.field_type(name)
        if kind == "hidden":
            super().answer_field(name, value)
        elif kind == "radio":
            self.choose_radio(name, value)
        elif kind == "checkbox":
            for choice in [value] if isinstance(value, str) else value:
                box = f"main input[name='{name}'][value='{choice}']"
                if not self.page.locator(box).is_checked():
                    self.focus_on(box)
                    self.press("Space")
                    expect(self.page.locator(box)).to_be_checked()
        elif kind.startswith("select"):
            self.choose_option(name, value)
        elif value:
            self.focus_on(f"main [name='{name}']")
            self.page.keyboard.type(value)

    def choose_radio(self, name: str, value: str) -> None:
        """Tab into the group, Space on the first radio if none is chosen, arrows to the value."""
        group = self.page.locator(f"main input[name='{name}']")
        self.focus_on(f"main input[name='{name}']")
        if not self.page.locator(f"main input[name='{name}']:checked").count():
            self.press("Space")
        for _ in range(group.count()):
            if self.page.locator(f"main input[name='{name}'][value='{value}']").is_checked():
                return
            self.press("ArrowDown")
        expect(self.page.locator(f"main input[name='{name}'][value='{value}']")).to_be_checked()

    def choose_option(self, name: str, value: str) -> None:
        """A closed <select> changes its value with the arrow keys (from its first option)."""
        select = self.page.locator(f"main select[name='{name}']")
        self.focus_on(f"main select[name='{name}']")
        for _ in range(select.locator("option").count()):
            if select.input_value() == value:
                return
            self.press("ArrowDown")
        expect(select).to_have_value(value)

    def follow(self, selector: str) -> None:
        self.focus_on(selector)
        self.press("Enter")


def walk(
    page: Any,
    applicant: Applicant,
    journey: Journey,
    audit: Callable[[str], None],
) -> str | None:
    """From the start page to the receipt (returns the reference) or, with no schemes, to the
    result page (returns None). `audit(name)` runs on every page on the way."""
    page.goto(f"/{journey.lang}/")
    expect(page.locator("html")).to_have_attribute("lang", journey.lang)
    audit("start")
    applicant.arrive()
    applicant.follow(START_NOW)
    for step, answers in journey.steps():
        expect(page).to_have_url(at_url(journey.url(step)))
        audit(step)
        applicant.arrive()
        applicant.answer(answers)
        applicant.go_on()
    if not journey.schemes:
        expect(page).to_have_url(at_url(journey.url("result")))
        audit("result")
        return None
    expect(page).to_have_url(at_url(journey.url("check")))
    audit("check")
    applicant.arrive()
    applicant.answer({"declaration": "y"})
    applicant.go_on()
    expect(page).to_have_url(re.compile(re.escape(f"/{journey.lang}/apply/receipt/") + r"[^/]+$"))
    audit("receipt")
    return page.locator("#reference").inner_text().strip()
