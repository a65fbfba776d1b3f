"""Rule set titles come in every language the rule set gives, English otherwise."""

from importlib.resources import files

import pytest

from forms.rulesets import RuleSetError, load_ruleset, load_ruleset_file


@pytest.mark.parametrize("ruleset_id", ["difi-2018", "digdir-2020"])
def test_shipped_rule_sets_have_norwegian_titles(ruleset_id):
    ruleset = load_ruleset(ruleset_id)
    assert ruleset.title_for("en") == ruleset.title
    assert ruleset.title_for("nb") != ruleset.title
    assert ruleset.title_for("nn") not in (ruleset.title, ruleset.title_for("nb"))


def test_titles_with_an_unknown_language_are_refused(tmp_path):
    shipped = files("forms.rulesets").joinpath("difi-2018.toml").read_text(encoding="utf-8")
    broken = tmp_path / "difi-2018.toml"
    broken.write_text(shipped.replace("[titles]\n", '[titles]\nde = "Regeln"\n'), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"\[titles\].*unknown key"):
        load_ruleset_file(broken)
