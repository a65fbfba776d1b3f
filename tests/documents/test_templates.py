"""The application documents and the advice letter, opened again with python-docx."""

from __future__ import annotations

import io

import pytest
from docx.oxml.ns import qn
from flask_babel import force_locale

from forms.attachments import ATTACHMENT_KINDS
from tests.attachments import samples
from tests.documents.applications import (
    ASSESSMENT,
    docx_blocks,
    docx_texts,
    html_texts,
    normalise,
    store_application,
)
from tests.documents.helpers import open_docx
from webapp.extensions import db
from webapp.services import attachments, documents
from webapp.services.answers import summarise
from webapp.services.drafts import ruleset_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def styles(document) -> list[str]:
    return [style for style, _ in docx_blocks(document) if style != "cell"]


def texts_in_style(document, style: str) -> list[str]:
    """Texts of the paragraphs (or table cells, style "cell") in a style; NBSP as space."""
    return [text.replace("\xa0", " ") for name, text in docx_blocks(document) if name == style]


def test_one_document_per_scheme_the_application_was_sent_to(ctx):
    both = store_application()
    files = documents.application_documents(both)
    assert [f.filename for f in files] == [
        "soknad-medfinansiering-VV-2026-000123.docx",
        "foresporsel-digitaliseringsradet-VV-2026-000123.docx",
    ]
    assert all(f.mimetype == DOCX for f in files)
    council_only = store_application({"schemes": ["council"]}, reference="VV-2026-000124")
    assert [f.filename for f in documents.application_documents(council_only)] == [
        "foresporsel-digitaliseringsradet-VV-2026-000124.docx"
    ]


def test_a_scheme_the_application_was_not_sent_to_has_no_document(ctx):
    application = store_application({"schemes": ["council"]})
    with pytest.raises(LookupError):
        documents.application_document(application, "cofinancing")
    with pytest.raises(LookupError):
        documents.application_preview_html(application, "project_model")


@pytest.mark.parametrize("scheme", ["cofinancing", "council"])
def test_application_core_properties(ctx, scheme):
    application = store_application(locale="nn")
    document = open_docx(documents.application_document(application, scheme).content)
    properties = document.core_properties
    assert properties.author == "Statens vegvesen"
    assert properties.language == "nn-NO"
    assert properties.title.endswith("– Digital førerkortfornyelse")
    assert properties.created.replace(tzinfo=None) == application.submitted_at
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "nn-NO"


def test_advice_letter_core_properties(ctx):
    application = store_application(assessment={"letter_language": "en"})
    letter = documents.advice_letter(application)
    properties = open_docx(letter.content).core_properties
    assert properties.author == "Digitaliseringsrådet"
    assert properties.language == "en-GB"
    assert (
        properties.title
        == "The Digitalisation Council's recommendation – Digital førerkortfornyelse"
    )
    assert letter.filename == "anbefaling-digitaliseringsradet-VV-2026-000123.docx"
    assert letter.title == properties.title


def test_application_is_written_as_an_application_with_every_answer(ctx):
    # Was a "Question / Answer" dump of the wizard's labels ("Your name", "(optional)");
    # now addressed to the secretariat and written in the third person, with every answer.
    application = store_application(locale="en")
    document = open_docx(documents.application_document(application, "cofinancing").content)
    text = "\n".join(docx_texts(document))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    with force_locale("en"):
        sections = summarise(application.answers, ruleset_for(application))
    for section in sections:
        if section.step_id not in ("applicant", "project", "budget", "cofinancing", "readiness"):
            continue
        for row in section.rows:
            if row.answered and row.name != "yearly_figures":  # the figures have tables
                assert all(normalise(line) in text for line in row.value.split("\n")), row.name
    assert "Question" not in cells and "Your name" not in text and "(optional)" not in text
    assert texts_in_style(document, "Letterhead")[1] == (
        "Norwegian Digitalisation Agency (Digdir)\nSecretariat of the co-financing scheme"
    )
    assert (
        "Statens vegvesen applies for NOK 3,000,000 in co-financing for the project "
        "“Digital førerkortfornyelse”." in text
    )
    assert "The agency applies for NOK 3,000,000, which is 24% of the total cost." in text
    assert "The head of the agency is Ingrid Dahl." in text
    assert "Contact for this application: Ola Nordmann, ola.nordmann@vegvesen.no" in text
    # The declaration, with who made it and when.
    assert (
        "On 24 October 2026, Ola Nordmann confirmed on behalf of Statens vegvesen that the "
        "information in this application is correct, and sent it." in text
    )
    assert "The Digitalisation Council" not in texts_in_style(document, "Heading 2")


def test_an_application_under_difi_rules_is_addressed_to_difi(ctx):
    application = store_application(locale="nn", ruleset_id="difi-2018")
    document = open_docx(documents.application_document(application, "council").content)
    recipient = texts_in_style(document, "Letterhead")[1]
    assert recipient.startswith("Direktoratet for forvaltning og IKT (Difi)")
    assert recipient.endswith("Sekretariatet for Digitaliseringsrådet")


def test_a_draft_has_no_declaration_yet(ctx):
    application = store_application({"declaration": False}, locale="en")
    document = open_docx(documents.application_document(application, "council").content)
    text = "\n".join(docx_texts(document))
    assert "The application has not been confirmed and sent yet." in text
    assert "confirmed on behalf of" not in text


def test_answers_of_steps_that_no_longer_apply_are_left_out(ctx):
    # Council only: the co-financing answers are still stored but not on the path.
    application = store_application({"schemes": ["council"]}, locale="en")
    document = open_docx(documents.application_document(application, "council").content)
    text = "\n".join(docx_texts(document))
    assert "Why is co-financing decisive for the project?" not in text
    assert "Uten midlene blir prosjektet utsatt." not in text
    assert "What the agency wants to discuss with the council" in text
    assert "Hvordan bør vi organisere gevinstarbeidet?" in text


def test_application_headings_and_table_header_rows(ctx):
    application = store_application(locale="en")
    document = open_docx(documents.application_document(application, "cofinancing").content)
    assert styles(document).count("Heading 1") == 1
    assert texts_in_style(document, "Heading 1") == [
        "Application for co-financing – Digital førerkortfornyelse"
    ]
    for table in document.tables[1:]:  # every table after the borderless reference block
        first_row = table.rows[0]._tr
        assert first_row.trPr.find(qn("w:tblHeader")) is not None
    assert document.tables[0].style.style_id == "ReferenceTable"


def test_cofinancing_document_has_the_outcome_figures_and_rules(ctx):
    application = store_application(locale="en")
    document = open_docx(documents.application_document(application, "cofinancing").content)
    text = docx_texts(document)
    assert "Veiviser's check against the rules" in text
    assert "Checked against the rules, the answers give: Eligible." in text
    assert any("within the co-financing band of NOK 10–100 million" in t for t in text)
    # Key figures: max grant, NPV, tax-financing cost, both per-krone figures, budget cut.
    assert "Highest grant the rules allow" in text and "NOK 6,250,000" in text
    assert any(t.startswith("Tax-financing cost (20% of the net effect") for t in text)
    definitions = [
        "Net present value per invested krone\nThe net present value divided by the present "
        "value of the investment costs.",
        "Net present value per krone of grant\nThe net present value divided by the amount "
        "applied for.",
    ]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(definitions) <= cells
    assert any(t.startswith("Cut from the agency's budget (50% of the agency's own") for t in text)
    # The NPV table: one row per year of the analysis, from the planned start, and a total.
    flows = next(t for t in document.tables if t.rows[0].cells[0].text == "Year")
    years = [row.cells[0].text for row in flows.rows[1:-1]]
    assert years == [str(2027 + t) for t in range(10)]
    assert flows.rows[-1].cells[0].text == "Present value"
    assert flows.rows[-1].cells[1].text == "12,500,000"  # the caption names the unit
    # Rule set and submission.
    assert (
        "Digdir: co-financing of projects of 10–100 MNOK, the council in every phase "
        "(In force; the sources give no start date)" in text
    )
    assert any(t.startswith("Sources of the rules: Digdir") for t in text)
    assert "24 October 2026" in text and "VV-2026-000123" in text


def test_cofinancing_attachments_follow_the_benefits_plan_answer(ctx):
    for plan, status in [
        ("yes", "Ready: send it with the application"),
        ("in_progress", "Being written: needed before a final grant"),
        ("no", "Not written yet: needed before a final grant"),
    ]:
        application = store_application(
            {"benefits_plan": plan}, locale="en", reference=f"VV-2026-00{len(plan):04d}"
        )
        document = open_docx(documents.application_document(application, "cofinancing").content)
        attachments = document.tables[-1]
        rows = [[cell.text.replace("\xa0", " ") for cell in row.cells] for row in attachments.rows]
        assert rows[0] == ["Document", "Status"]
        assert ["Benefits realisation plan", status] in rows
        # Vedlegg 1 and 2 are made from the figures, not left to the applicant to send.
        made = "Made from the figures in the application"
        assert ["Appendix 2: Net present value calculation", made] in rows
        assert ["Appendix 1: Assumptions of the socio-economic analysis", made] in rows


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (
            ["business_case"],
            [("business_case", True), ("benefits_plan", False), ("governance_document", False)],
        ),
        (
            ["other", "governance_document"],
            [
                ("business_case", False),
                ("benefits_plan", False),
                ("governance_document", True),
                ("other", True),
            ],
        ),
    ],
)
def test_council_attachments_are_the_agencys_documents_in_any_phase(ctx, available, expected):
    # What the council reads does not depend on a "stage": every case sends its documents.
    application = store_application({"schemes": ["council"], "phase": "execution"}, locale="en")
    for kind in available:
        attachments.add_attachment(application, kind, io.BytesIO(samples.PDF), f"{kind}.pdf")
    db.session.commit()
    document = open_docx(documents.application_document(application, "council").content)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    statuses = tables[-1] if not available else tables[-2]
    assert statuses == [
        ["Document", "Status"],
        *(
            [ATTACHMENT_KINDS[code], "Attached" if has else "Not attached"]
            for code, has in expected
        ),
    ]
    if available:
        size = f"{len(samples.PDF) // 1024 + 1}\u00a0kB"
        assert tables[-1] == [
            ["Document", "File", "Size"],
            *([ATTACHMENT_KINDS[code], f"{code}.pdf", size] for code in available),
        ]
    else:
        assert "No files are attached to the application." in docx_texts(document)


def test_both_documents_list_the_files_by_name_and_size_in_the_document_language(ctx):
    application = store_application({"schemes": ["cofinancing", "council"]}, locale="nn")
    attachments.add_attachment(
        application, "governance_document", io.BytesIO(samples.DOCX), "Styringsdokument.docx"
    )
    attachments.add_attachment(application, "ks_statement", io.BytesIO(samples.ODT), "KS.odt")
    db.session.commit()
    council = documents.application_preview_html(application, "council")
    cofinancing = documents.application_preview_html(application, "cofinancing")
    size = f"{len(samples.DOCX) // 1024 + 1}\u00a0kB"
    assert "Styringsdokument.docx" in council and size in council and "KS.odt" not in council
    assert "Uttale frå KS" in cofinancing and "KS.odt" in cofinancing
    assert "Styringsdokument.docx" not in cofinancing
    text = docx_texts(open_docx(documents.application_document(application, "council").content))
    assert "Filer lagde ved søknaden" in text


def test_council_document_describes_the_case_not_a_stage(ctx):
    application = store_application({"schemes": ["council"]}, locale="en")
    text = docx_texts(open_docx(documents.application_document(application, "council").content))
    assert not any("stage" in t.lower() for t in text)
    assert any("as a rule within three weeks of the documents arriving" in t for t in text)


def test_the_copy_to_the_ministry_is_the_advisors_choice(ctx):
    # The letter used to name the ministry as a copy recipient whenever the agency had one;
    # the copy is now sent only when the advisor ticks it.
    application = store_application(locale="en", assessment=ASSESSMENT)
    text = docx_texts(open_docx(documents.advice_letter(application).content))
    assert not any(t.startswith("Copy:") for t in text)


def test_the_follow_up_paragraph_is_advice_not_a_duty_to_report(ctx):
    # The usual text asked the agency to report back; the council's advice is voluntary.
    application = store_application(locale="en", assessment={**ASSESSMENT, "follow_up": ""})
    text = docx_texts(open_docx(documents.advice_letter(application).content))
    follow_up = text[text.index("Follow-up") + 1 :]
    assert follow_up[0] == (
        "The recommendations are advice: the agency decides how it follows them up, and they "
        "change nothing in how the project is governed."
    )
    assert "secretariat will get in touch with the agency" in follow_up[1]
    assert not any("asks the agency to tell" in t for t in text)


def test_an_expired_rule_set_is_named_as_such_in_the_document(ctx):
    application = store_application(locale="en", ruleset_id="difi-2018")
    text = docx_texts(open_docx(documents.application_document(application, "cofinancing").content))
    assert (
        "Difi 2018: co-financing of digitalisation projects and the Digitalisation Council "
        "(Valid from 1 January 2018 to 20 September 2019)" in text
    )
    assert any(t.startswith("These rules stopped applying after 20 September 2019.") for t in text)


def test_advice_letter_follows_the_conventions(ctx):
    assessment = {**ASSESSMENT, "copy_to_ministry": True}
    application = store_application(locale="en", assessment=assessment)
    document = open_docx(documents.advice_letter(application).content)
    blocks = docx_blocks(document)
    letterhead = texts_in_style(document, "Letterhead")
    assert letterhead == [
        "Digitalisation Council\nSecretariat",
        "Statens vegvesen\nAttn. Ingrid Dahl, head of the agency",
    ]
    refs = document.tables[0]
    assert refs.style.style_id == "ReferenceTable"
    assert [[c.text for c in row.cells] for row in refs.rows] == [
        ["Our ref.", "Your ref.", "Date"],
        ["26/01234-1", "VV-2026-000123", "2 November 2026"],
    ]
    assert texts_in_style(document, "Heading 1") == [
        "The Digitalisation Council's recommendation – Digital førerkortfornyelse"
    ]
    assert texts_in_style(document, "Heading 2") == [
        "Background",
        "The council's overall assessment",
        "The council's recommendations",
        "Follow-up",
    ]
    assert texts_in_style(document, "Signature") == [
        "Kind regards",
        "Kari Nordmann\nseniorrådgiver",
    ]
    assert texts_in_style(document, "Letter Meta") == [
        "Case officer: Kari Nordmann, kari.nordmann@digdir.example",
        "The document has been approved electronically",
        "The request was checked against the rules “Digdir: co-financing of projects of "
        "10–100 MNOK, the council in every phase” (In force; the sources give no start date).",
        "Copy: Ministry of Transport",
    ]
    numbered = texts_in_style(document, "List Number")
    assert len(numbered) == 4  # business side, agile, benefits (readiness) + benefits plan gap
    assert blocks.index(("List Number", numbered[0])) > blocks.index(
        ("Heading 2", "The council's recommendations")
    )
    text = docx_texts(document)
    assert (
        "The council met the agency on 12 November 2026. This letter sums up the council's "
        "advice after the meeting." in text
    )
    assert "Prosjektet er godt forankret og har en tydelig gevinstside." in text
    assert "Rådet ber om en kort statusrapport innen 1. mars 2027." in text
    assert (
        "Please quote our reference 26/01234-1 when you contact the secretariat about this letter."
        in text
    )


def test_advice_letter_without_an_assessment_has_sensible_defaults(ctx):
    application = store_application(locale="en")
    document = open_docx(documents.advice_letter(application).content)
    text = "\n".join(docx_texts(document))
    for absent in ("None", "Our ref.", "Please quote our reference", "met the agency on"):
        assert absent not in text
    refs = document.tables[0]
    assert [[c.text for c in row.cells] for row in refs.rows] == [
        ["Your ref.", "Date"],
        ["VV-2026-000123", "2 November 2026"],
    ]
    assert "This letter sums up the council's advice on the project." in text
    assert "5 of the 8 conditions" in text
    assert texts_in_style(document, "Signature") == ["Kind regards", "The council's secretariat"]
    assert len(texts_in_style(document, "List Number")) == 4


def test_advice_letter_uses_their_reference_and_letter_date_when_given(ctx):
    application = store_application(
        locale="en",
        assessment={"their_reference": "2026/4411", "letter_date": "2026-12-01", "case_number": ""},
    )
    refs = open_docx(documents.advice_letter(application).content).tables[0]
    assert [c.text for c in refs.rows[1].cells] == ["2026/4411", "1 December 2026"]


def test_recommendations_restart_numbering_in_a_list_of_their_own(ctx):
    application = store_application(locale="en")
    document = open_docx(documents.advice_letter(application).content)
    num_ids = {
        p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"
    }
    assert len(num_ids) == 1


@pytest.mark.parametrize("letter_language", ["nb", "nn", "en"])
def test_letter_language_can_differ_from_the_application(ctx, letter_language):
    application = store_application(locale="en", assessment={"letter_language": letter_language})
    letter = open_docx(documents.advice_letter(application).content)
    assert (
        letter.core_properties.language
        == {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}[letter_language]
    )
    dates = {"nb": "2. november 2026", "nn": "2. november 2026", "en": "2 November 2026"}
    assert letter.tables[0].rows[1].cells[-1].text == dates[letter_language]


def test_an_unknown_letter_language_falls_back_to_the_application_locale(ctx):
    application = store_application(locale="nn", assessment={"letter_language": "de"})
    assert open_docx(documents.advice_letter(application).content).core_properties.language == (
        "nn-NO"
    )


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("scheme", ["cofinancing", "council"])
def test_preview_and_docx_carry_the_same_text(ctx, lang, scheme):
    application = store_application(locale=lang, assessment=ASSESSMENT)
    preview = documents.application_preview_html(application, scheme)
    docx_file = documents.application_document(application, scheme)
    assert html_texts(preview) == docx_texts(open_docx(docx_file.content))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_letter_preview_and_docx_carry_the_same_text(ctx, lang):
    application = store_application(assessment={**ASSESSMENT, "letter_language": lang})
    preview = documents.advice_letter_preview_html(application)
    letter = open_docx(documents.advice_letter(application).content)
    assert html_texts(preview) == docx_texts(letter)
