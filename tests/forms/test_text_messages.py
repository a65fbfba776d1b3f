from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import ClassVar

import pytest

from forms.text import (
    N_,
    CodeLabel,
    LongDate,
    Millions,
    MillionsRange,
    Nok,
    Number,
    Percent,
    Text,
    text,
)

NBSP = "\u00a0"


class Colour(CodeLabel):
    labels: ClassVar[Mapping[str, str]] = {"red": N_("Red"), "blue": N_("Blue")}


def test_n_marks_without_changing():
    assert N_("The total cost") == "The total cost"


def test_render_in_english_without_a_catalogue():
    message = text(
        N_("The total cost, %(total_cost)s, is within the band of %(band)s."),
        total_cost=Millions(12_500_000),
        band=MillionsRange(5_000_000, 50_000_000),
    )
    assert message.render() == (
        f"The total cost, NOK{NBSP}12.5{NBSP}million, is within the band of "
        f"NOK{NBSP}5–50{NBSP}million."
    )


def test_render_with_a_catalogue_translates_sentence_and_units(nb_gettext):
    catalogue = {
        "The total cost, %(total_cost)s, is within the band of %(band)s.": (
            "Totalkostnaden, %(total_cost)s, er innenfor intervallet %(band)s."
        )
    }

    def gettext(msgid: str) -> str:
        return catalogue.get(msgid) or nb_gettext(msgid)

    message = text(
        N_("The total cost, %(total_cost)s, is within the band of %(band)s."),
        total_cost=Millions(12_500_000),
        band=MillionsRange(5_000_000, 50_000_000),
    )
    assert message.render(gettext, "nb") == (
        f"Totalkostnaden, 12,5{NBSP}mill.{NBSP}kr, er innenfor intervallet 5–50{NBSP}mill.{NBSP}kr."
    )


def test_every_parameter_type_renders(nb_gettext):
    message = text(
        N_("%(nok)s|%(pct)s|%(num)s|%(day)s|%(colour)s|%(word)s|%(year)s"),
        nok=Nok(1_000),
        pct=Percent(Fraction(17, 20)),
        num=Number(2.5),
        day=LongDate(date(2018, 10, 24)),
        colour=Colour("red"),
        word="plain",
        year=2018,
    )
    assert message.render(nb_gettext, "nb") == (
        f"1{NBSP}000{NBSP}kr|85{NBSP}%|2,5|24. oktober 2018|Red|plain|2018"
    )


def test_labels_go_through_gettext():
    assert Colour("blue").render(lambda m: {"Blue": "Blå"}.get(m, m), "nb") == "Blå"


def test_unknown_label_code_fails_at_construction():
    with pytest.raises(ValueError, match="unknown code"):
        Colour("green")


def test_placeholders_and_parameters_must_match():
    with pytest.raises(ValueError, match="placeholders"):
        text(N_("The cost is %(total_cost)s."))
    with pytest.raises(ValueError, match="placeholders"):
        text(N_("No placeholders."), total_cost=Nok(1))


def test_text_without_params_is_not_percent_formatted():
    assert text(N_("50 % of the gains")).render() == "50 % of the gains"


def test_a_broken_translation_falls_back_to_english():
    message = text(N_("Cost %(total_cost)s."), total_cost=Nok(5))
    assert message.render(lambda m: "Kostnad %(cost)s.", "nb") == f"Cost NOK{NBSP}5."


def test_texts_are_hashable_and_compare_by_value():
    first = text(N_("%(a)s and %(b)s"), a=Nok(1), b=Millions(2_000_000))
    second = text(N_("%(a)s and %(b)s"), b=Millions(2_000_000), a=Nok(1))
    assert first == second
    assert len({first, second}) == 1
    assert isinstance(first, Text)
    assert first.param_dict == {"a": Nok(1), "b": Millions(2_000_000)}


def test_unsupported_parameter_values_are_refused_at_render():
    message = Text("%(x)s", (("x", 1.5),))
    with pytest.raises(TypeError):
        message.render()
