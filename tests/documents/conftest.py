import jinja2
import pytest

from tests.documents.samples import sample_jinja_env, sample_letter_context, sample_meta
from webapp.documents import DocumentMeta


@pytest.fixture
def jinja_env() -> jinja2.Environment:
    return sample_jinja_env()


@pytest.fixture
def letter_context() -> dict:
    return sample_letter_context()


@pytest.fixture
def meta() -> DocumentMeta:
    return sample_meta()
