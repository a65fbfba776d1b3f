"""forms.yearly: reading the year table, and turning the old scalar answers into year rows."""

import pytest

from forms.yearly import (
    ANSWER_KEY,
    SCALAR_KEYS,
    YEAR_COLUMNS,
    converted_answers,
    empty_row,
    first_year,
    rows_from_scalar_answers,
    stored_rows,
    totals,
)

OLD = {
    "planned_start": "2027-03",
    "investment_cost": 12_500_000,
    "annual_operating_cost": 500_000,
    "annual_internal_benefit": 3_000_000,
    "annual_external_benefit": 2_000_000,
    "benefit_start_year": 2029,
    "requested_amount": 3_000_000,
}


def test_old_scalars_become_year_rows():
    rows = rows_from_scalar_answers(OLD, 10)
    assert len(rows) == 10
    assert rows[0] == {**empty_row(), "investment_cost": 12_500_000}
    assert rows[1] == empty_row()  # 2028: no benefits yet
    running = {
        **empty_row(),
        "running_cost": 500_000,
        "benefit_agency_budget": 3_000_000,
        "benefit_citizens_businesses": 2_000_000,
    }
    assert rows[2:] == [running] * 8


@pytest.mark.parametrize(
    ("changes", "offset"),
    [
        ({"benefit_start_year": 2027}, 0),
        ({"benefit_start_year": 2020}, 0),  # before the start: from year 0
        ({"benefit_start_year": 2040}, 13),  # after the period: never
        ({"benefit_start_year": None}, 1),  # unknown: the year after the start
        ({"planned_start": "soon"}, 1),
        ({"benefit_start_year": "2028"}, 1),  # as a draft may have held it
    ],
)
def test_when_old_benefits_start(changes, offset):
    rows = rows_from_scalar_answers({**OLD, **changes}, 10)
    first_with_benefits = next(
        (t for t, row in enumerate(rows) if row["benefit_agency_budget"]), 13
    )
    assert first_with_benefits == offset


def test_old_amounts_typed_as_text_or_wrong_are_read_or_zero():
    rows = rows_from_scalar_answers(
        {**OLD, "investment_cost": "12,5 mill.", "annual_operating_cost": "a lot"}, 3
    )
    assert rows[0]["investment_cost"] == 12_500_000
    assert all(row["running_cost"] == 0 for row in rows)


def test_converted_answers_replace_the_scalars_and_keep_the_rest():
    converted = converted_answers(OLD, 10)
    assert not set(SCALAR_KEYS) & set(converted)
    assert converted["requested_amount"] == 3_000_000
    assert converted[ANSWER_KEY] == rows_from_scalar_answers(OLD, 10)
    assert converted_answers(converted, 10) == converted  # a second run changes nothing


def test_answers_without_scalars_are_left_alone():
    assert converted_answers({"agency_name": "X"}, 10) == {"agency_name": "X"}


@pytest.mark.parametrize(
    ("stored", "expected_rows", "unreadable"),
    [
        ([{"investment_cost": 5}], [{**empty_row(), "investment_cost": 5}, empty_row()], True),
        ([{"investment_cost": 5}, {}], [{**empty_row(), "investment_cost": 5}, empty_row()], False),
        ([{"investment_cost": -5}, {}], [empty_row(), empty_row()], True),
        ([{"investment_cost": True}, {}], [empty_row(), empty_row()], True),
        ([{"running_cost": "7"}, {}], [empty_row(), empty_row()], True),
        (["x", {"running_cost": 7}], [empty_row(), {**empty_row(), "running_cost": 7}], True),
        ([{}, {}, {"running_cost": 9}], [empty_row(), empty_row()], False),
    ],
)
def test_stored_rows_are_read_defensively(stored, expected_rows, unreadable):
    assert stored_rows({ANSWER_KEY: stored}, 2) == (expected_rows, unreadable)


def test_no_table_is_none():
    assert stored_rows({}, 10) is None
    assert stored_rows({ANSWER_KEY: {"0": {}}}, 10) is None


def test_first_year_and_totals():
    assert first_year({"planned_start": "2027-03"}) == 2027
    assert first_year({"planned_start": ""}) is None
    sums = totals(rows_from_scalar_answers(OLD, 10))
    assert set(sums) == set(YEAR_COLUMNS)
    assert sums["benefit_agency_budget"] == 8 * 3_000_000
