"""Shared fixtures for the pure domain tests: the shipped rule sets and a small nb catalogue."""

import pytest

from forms.rulesets import load_ruleset

# The unit words as the nb catalogue will translate them; enough to check Norwegian output
# without depending on the compiled catalogues.
NB_UNITS = {
    "NOK %(amount)s": "%(amount)s kr",
    "NOK %(amount)s million": "%(amount)s mill. kr",
    "NOK %(low)s–%(high)s million": "%(low)s–%(high)s mill. kr",
    "%(low)s to %(high)s": "%(low)s til %(high)s",
}


def _nb_units(message: str) -> str:
    return NB_UNITS.get(message, message)


@pytest.fixture(scope="session")
def nb_gettext():
    """A gettext that knows only the nb unit words (every other msgid stays English)."""
    return _nb_units


@pytest.fixture(scope="session")
def difi():
    return load_ruleset("difi-2018")


@pytest.fixture(scope="session")
def digdir():
    return load_ruleset("digdir-2020")


@pytest.fixture(scope="session")
def current():
    return load_ruleset("digdir-10-100")
