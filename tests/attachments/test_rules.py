"""Which documents an application carries: pure rules over the answers and the rule set."""

from __future__ import annotations

import pytest

from forms import formatting
from forms.attachments import (
    COUNCIL_DOCUMENTS,
    KS_STATEMENT,
    missing_kinds,
    required_kinds,
    wanted_kinds,
)
from forms.rulesets import BUILTIN_DIR, RuleSetError, load_ruleset, load_ruleset_file

KS_RULESET = "digdir-2020"  # from the 2021 call (digdir.no «Søknad om medfinansiering», /1963)


@pytest.mark.parametrize(
    ("ruleset_id", "required"), [("difi-2018", False), (KS_RULESET, True), ("digdir-10-100", True)]
)
def test_which_rule_sets_require_a_ks_statement(ruleset_id, required):
    assert load_ruleset(ruleset_id).cofinancing.ks_statement_required is required


CASES = [
    # (rule set, schemes chosen, municipalities concerned) → wanted kinds
    ("difi-2018", ["cofinancing"], "yes", ()),
    (KS_RULESET, ["cofinancing"], "no", ()),
    (KS_RULESET, ["cofinancing"], None, ()),
    (KS_RULESET, ["cofinancing"], "yes", (KS_STATEMENT,)),
    (KS_RULESET, ["council"], "yes", COUNCIL_DOCUMENTS),
    (KS_RULESET, ["cofinancing", "council"], "yes", (KS_STATEMENT, *COUNCIL_DOCUMENTS)),
    ("difi-2018", ["cofinancing", "council"], "yes", COUNCIL_DOCUMENTS),
    (KS_RULESET, [], "yes", ()),
]


@pytest.mark.parametrize(("ruleset_id", "chosen", "municipalities", "wanted"), CASES)
def test_wanted_and_required_kinds(ruleset_id, chosen, municipalities, wanted):
    ruleset = load_ruleset(ruleset_id)
    answers = {"municipalities_concerned": municipalities}
    assert wanted_kinds(answers, ruleset, chosen) == wanted
    required = (KS_STATEMENT,) if KS_STATEMENT in wanted else ()
    assert required_kinds(answers, ruleset, chosen) == required
    assert missing_kinds(answers, ruleset, chosen) == required
    attached = {**answers, "attached_kinds": [KS_STATEMENT, "other"]}
    assert missing_kinds(attached, ruleset, chosen) == ()


def test_the_rule_set_key_must_be_a_boolean(tmp_path):
    text = (BUILTIN_DIR / "digdir-2020.toml").read_text(encoding="utf-8")
    broken = tmp_path / "digdir-2020.toml"
    broken.write_text(text.replace("ks_statement_required = true", 'ks_statement_required = "yes"'))
    with pytest.raises(RuleSetError, match="ks_statement_required must be true or false"):
        load_ruleset_file(broken)


@pytest.mark.parametrize(
    ("size", "locale", "expected"),
    [
        (0, "nb", "0 kB"),
        (1, "nb", "1 kB"),
        (1024, "en", "1 kB"),
        (1025, "en", "2 kB"),
        (340 * 1024, "nn", "340 kB"),
        (1024 * 1024, "nb", "1 MB"),
        (1536 * 1024, "nb", "1,5 MB"),
        (1536 * 1024, "en", "1.5 MB"),
        (20 * 1024 * 1024, "nn", "20 MB"),
        (60 * 1024 * 1024 - 1, "en", "60 MB"),
    ],
)
def test_file_sizes(size, locale, expected):
    assert formatting.format_file_size(size, locale) == expected.replace(" ", "\u00a0")
