"""Every organizer test signs in staff with a password: hashed the fast way here (the real
hasher's cost is not what these tests are about)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
