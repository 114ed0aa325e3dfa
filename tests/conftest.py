import copy

import pytest

from tests.helpers import load


@pytest.fixture
def page_sample():
    return copy.deepcopy(load("page-sample.json"))


@pytest.fixture
def page_bad_guid():
    return copy.deepcopy(load("page-bad-guid.json"))
