"""`flask rules …`: the routing rules at a terminal."""

from __future__ import annotations

import json
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, gettext

from forms import formatting
from forms.routing import LEGAL_FORM_LABELS, PHASE_LABELS
from forms.rulesets import (
    CATEGORY_BASES,
    CROSS_SECTOR_VALUES,
    ESTIMATE_KINDS,
    LEGAL_FORMS,
    PHASES,
    available_rulesets,
    load_ruleset,
)

from .eligibility import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    ParameterError,
    eligibility_answer,
    read_query,
    ruleset_summary,
)

rules_cli = AppGroup("rules", help="Check a project against the routing rules.")


@rules_cli.command("check")
@click.option(
    "--total-cost",
    help="Total cost in NOK, e.g. 12500000 or '12,5 mill.' (leave out with --estimate-kind none).",
)
@click.option("--phase", required=True, help=f"One of: {', '.join(PHASES)}.")
@click.option("--legal-form", required=True, help=f"One of: {', '.join(LEGAL_FORMS)}.")
@click.option(
    "--cross-sector",
    default="no",
    show_default=True,
    help=f"One of: {', '.join(CROSS_SECTOR_VALUES)}.",
)
@click.option("--estimate-kind", help=f"One of: {', '.join(ESTIMATE_KINDS)}.")
@click.option("--p85-cost", help="The cost frame (P85) in NOK, beside a P50 estimate.")
@click.option("--category-basis", help=f"One of: {', '.join(CATEGORY_BASES)}.")
@click.option("--life-event", help="A priority life event of the rule set, or 'other'.")
@click.option("--ruleset", help="Rule set id (see `flask rules list`); default: the one in force.")
@click.option(
    "--lang", default=DEFAULT_LANGUAGE, show_default=True, help=f"One of: {', '.join(LANGUAGES)}."
)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as the API.")
def check_command(
    total_cost: str | None,
    phase: str,
    legal_form: str,
    cross_sector: str,
    estimate_kind: str | None,
    p85_cost: str | None,
    category_basis: str | None,
    life_event: str | None,
    ruleset: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """Show which schemes fit a project, and why."""
    values = {
        "total_cost": total_cost,
        "phase": phase,
        "legal_form": legal_form,
        "cross_sector": cross_sector,
        "estimate_kind": estimate_kind,
        "p85_cost": p85_cost,
        "category_basis": category_basis,
        "life_event": life_event,
        "ruleset": ruleset,
        "lang": lang,
    }
    try:
        query = read_query(values, current_app.config["VEIVISER_RULESET"])
    except ParameterError as error:
        option = "--" + error.parameter.replace("_", "-")
        raise click.BadParameter(error.render(), param_hint=f"'{option}'") from None
    answer = eligibility_answer(query, load_ruleset(current_app.config["VEIVISER_RULESET"]))
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    with force_locale(query.lang):
        click.echo(check_report(answer, query.lang))


def check_report(answer: dict[str, Any], lang: str) -> str:
    """The API's answer as lines for a terminal, in the active locale."""
    ruleset, project = answer["ruleset"], answer["input"]
    lines = [
        f"{ruleset['title']} ({ruleset['id']})",
        gettext("Source: %(source)s", source=ruleset["source"]),
        ruleset["validity"],
        *([ruleset["notice"]] if ruleset["notice"] else []),
        gettext(
            "Project: %(total_cost)s, phase “%(phase)s”, %(legal_form)s, cross-sector: %(cross)s",
            total_cost=gettext("no estimate yet")
            if project["total_cost"] is None
            else formatting.format_nok(project["total_cost"], lang, gettext),
            phase=gettext(PHASE_LABELS[project["phase"]]),
            legal_form=gettext(LEGAL_FORM_LABELS[project["legal_form"]]),
            cross=gettext("Yes") if project["cross_sector"] == "yes" else gettext("No"),
        ),
    ]
    for outcome in answer["outcomes"]:
        lines += ["", f"{outcome['scheme_label']}: {outcome['status_label']}"]
        if outcome["max_grant"] is not None:
            amount = formatting.format_millions(outcome["max_grant"], lang, gettext)
            lines.append("  " + gettext("Maximum grant: %(amount)s", amount=amount))
        if outcome["category"] is not None:
            lines.append("  " + gettext("Category: %(category)s", category=outcome["category"]))
        lines += [f"  - {reason}" for reason in outcome["reasons"]]
    return "\n".join(lines)


@rules_cli.command("list")
@click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True)
def list_command(lang: str) -> None:
    """List the rule sets; the one in force (VEIVISER_RULESET) is marked with *."""
    in_force = current_app.config["VEIVISER_RULESET"]
    with force_locale(lang):
        for ruleset_id in available_rulesets():
            ruleset = ruleset_summary(load_ruleset(ruleset_id), lang)
            marker = "*" if ruleset["id"] == in_force else " "
            click.echo(f"{marker} {ruleset['id']}  {ruleset['title']}")
            click.echo(f"    {ruleset['validity']}")
        click.echo(gettext("* in force (VEIVISER_RULESET)"))
