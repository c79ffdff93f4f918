"""Fixtures for the tests of `check_upstream`'s checks."""

import pytest

from tests.dialects import dialect_names


@pytest.fixture
def dialect(sandbox):
    def use(key: str):
        sandbox.reset(dialects=dialect_names(key))

    return use
