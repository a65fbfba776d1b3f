"""Which documents an applicant attaches, given the answers (no files here, only the rules).

The council reads the agency's existing documents (DOMAIN.md §3); co-financing needs a
statement from KS when the project concerns municipalities and the rule set says so (§2). The
kinds present are mirrored into the answers as ``attached_kinds`` by the attachments service,
so the wizard can tell from the answers alone whether a required document is there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from forms.rulesets import RuleSet
from forms.text import N_

COUNCIL_DOCUMENTS = ("business_case", "benefits_plan", "governance_document", "other")
KS_STATEMENT = "ks_statement"
ATTACHED_KINDS_KEY = "attached_kinds"

# Every kind of document an application can carry, with its name (an English msgid).
ATTACHMENT_KINDS: dict[str, str] = {
    "business_case": N_("Business case (socio-economic analysis)"),
    "benefits_plan": N_("Benefits realisation plan"),
    "governance_document": N_("Governance document"),
    "other": N_("Other documents"),
    KS_STATEMENT: N_("Statement from KS"),
}


def ks_statement_required(
    answers: Mapping[str, Any], ruleset: RuleSet, chosen: Sequence[str]
) -> bool:
    """Co-financing for a project that concerns municipalities, under a rule set requiring it."""
    return (
        "cofinancing" in chosen
        and ruleset.cofinancing.ks_statement_required
        and answers.get("municipalities_concerned") == "yes"
    )


def wanted_kinds(
    answers: Mapping[str, Any], ruleset: RuleSet, chosen: Sequence[str]
) -> tuple[str, ...]:
    """The kinds of document the applicant is offered to attach, in the order shown."""
    kinds: list[str] = []
    if ks_statement_required(answers, ruleset, chosen):
        kinds.append(KS_STATEMENT)
    if "council" in chosen:
        kinds.extend(COUNCIL_DOCUMENTS)
    return tuple(kinds)


def required_kinds(
    answers: Mapping[str, Any], ruleset: RuleSet, chosen: Sequence[str]
) -> tuple[str, ...]:
    return (KS_STATEMENT,) if ks_statement_required(answers, ruleset, chosen) else ()


def missing_kinds(
    answers: Mapping[str, Any], ruleset: RuleSet, chosen: Sequence[str]
) -> tuple[str, ...]:
    """Required kinds with no file attached yet."""
    attached = set(answers.get(ATTACHED_KINDS_KEY) or ())
    return tuple(k for k in required_kinds(answers, ruleset, chosen) if k not in attached)
