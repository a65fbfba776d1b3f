"""How a long step's questions are grouped on the page: sections with a heading each.

Pure data, keyed by step id and field name, so a field added to a step form shows up on its own
(after the sections, in form order) until it is given a section here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forms.text import N_


@dataclass(frozen=True)
class Section:
    legend: str  # English msgid, translated where shown
    fields: tuple[str, ...]


STEP_SECTIONS: dict[str, tuple[Section, ...]] = {
    "applicant": (
        Section(
            N_("The agency"),
            ("agency_name", "org_number", "legal_form", "ministry", "agency_head"),
        ),
        Section(N_("You, the contact person"), ("contact_name", "contact_email", "contact_phone")),
    ),
    "project": (
        Section(
            N_("What the project is"), ("project_title", "project_summary", "problem_and_goals")
        ),
        Section(N_("Phase and timing"), ("phase", "planned_start", "planned_end")),
        Section(N_("Working with others"), ("cross_sector", "partners")),
        Section(N_("Category of co-financing"), ("category_basis", "life_event")),
    ),
    "cofinancing": (
        Section(N_("The grant"), ("requested_amount", "why_decisive")),
        Section(N_("Costs and gains year by year"), ("yearly_figures", "figure_sources")),
        Section(N_("Gains"), ("non_priced_effects",)),
        Section(
            N_("Taking out the gains"),
            ("benefits_plan", "benefits_owner", "municipalities_concerned"),
        ),
    ),
    "readiness": (
        Section(N_("Leadership and backing"), ("leader_ownership", "ministry_backing")),
        Section(
            N_("How the project works"),
            ("business_involvement", "project_management", "agile_delivery"),
        ),
        Section(
            N_("Collaboration, gains and renewal"),
            ("cross_sector_collaboration", "benefits_realisation", "renewal"),
        ),
    ),
}


def grouped_fields(
    step_id: str, field_names: Sequence[str]
) -> list[tuple[Section | None, list[str]]]:
    """The step's fields as (section, names) in page order; a section starts where its first
    field is. Fields in no section are grouped under None where they stand."""
    section_of = {
        name: section for section in STEP_SECTIONS.get(step_id, ()) for name in section.fields
    }
    groups: list[tuple[Section | None, list[str]]] = []
    placed: set[Section] = set()
    for name in field_names:
        section = section_of.get(name)
        if section is None:
            if groups and groups[-1][0] is None:
                groups[-1][1].append(name)
            else:
                groups.append((None, [name]))
        elif section not in placed:
            placed.add(section)
            groups.append((section, [n for n in field_names if section_of.get(n) == section]))
    return groups
