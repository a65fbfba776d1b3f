import pytest

from forms.orgnr import check_digit, is_valid_org_number, normalise_org_number, org_number_error


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("123456785", True),
        ("991825827", True),
        ("974760673", True),
        ("974 760 673", True),
        ("974\u00a0760\u00a0673", True),
        (" 974760673 ", True),
        ("974760674", False),  # wrong check digit
        ("123456789", False),
        ("12345678", False),  # eight digits
        ("1234567850", False),  # ten digits
        ("97476067a", False),
        ("", False),
        ("٩٧٤٧٦٠٦٧٣", False),  # non-ASCII digits
        ("974-760-673", False),
    ],
)
def test_is_valid_org_number(raw, valid):
    assert is_valid_org_number(raw) is valid


def test_check_digit_by_hand():
    # 1*3 + 2*2 + 3*7 + 4*6 + 5*5 + 6*4 + 7*3 + 8*2 = 138; 138 mod 11 = 6; 11 - 6 = 5.
    assert check_digit("12345678") == 5


def test_remainder_zero_gives_check_digit_zero():
    # 9*3 + 1*2 + 2*2 = 33, and 33 mod 11 = 0.
    assert check_digit("91000002") == 0
    assert is_valid_org_number("910000020")


def test_check_digit_ten_is_never_valid():
    # 9*3 + 1*2 + 8*2 = 45, and 45 mod 11 = 1: the check digit would be 10.
    assert check_digit("91000008") is None
    assert not any(is_valid_org_number(f"91000008{last}") for last in range(10))


def test_normalise_removes_every_kind_of_space():
    assert normalise_org_number(" 974\u00a0760\u202f673\t") == "974760673"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Enter the organisation number"),
        ("12345", "exactly nine digits"),
        ("974760674", "is not a valid organisation number"),
    ],
)
def test_org_number_error_says_why(raw, fragment):
    message = org_number_error(raw)
    assert message is not None
    assert fragment in message.render()


def test_org_number_error_is_none_for_a_valid_number():
    assert org_number_error("991 825 827") is None
