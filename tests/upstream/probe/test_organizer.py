"""`check_upstream`'s organizer-list check against the sandbox: an API key header the platform
refuses is found, and the header that works is named."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, checks, finding

pytestmark = pytest.mark.django_db


def test_a_refused_api_key_header_is_found(sandbox, settings):
    settings.ACCELEVENTS_API_KEY_HEADER = "X-Not-Used"
    _, body = checks(*FULL_CHECK)
    row = finding(body, "host_sessions")
    assert row["verdict"] == "contradicted"
    assert row["settings"] == ["ACCELEVENTS_API_KEY_HEADER=Authorization"]
