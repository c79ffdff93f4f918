"""The upstream time budget counts from the request's arrival at a trusted balancer
(X-Request-Start), so a request queued past its budget gives up instead of waiting longer."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from sessions_app.ops.arrival import arrived_at, queued_seconds
from tests.portal_helpers import sign_in

LIST = "GET /events/{eventurl}/session/v2"


def stamp(seconds_ago: float) -> str:
    return f"t={int((time.time() - seconds_ago) * 1000)}"  # HAProxy's form: milliseconds


@pytest.mark.django_db
def test_a_request_queued_past_its_budget_gives_up_without_calling_the_upstream(
    client, sandbox, settings
):
    settings.TRUSTED_PROXY_HOPS = 1
    sign_in(client)
    cache.clear()
    sandbox.reset_stats()
    late = client.get("/", HTTP_X_REQUEST_START=stamp(settings.UPSTREAM_TIME_BUDGET + 1))
    assert late.status_code == 503
    assert "try again" in late.content.decode().lower()
    assert sandbox.stats()["requests"] == {}
    in_time = client.get("/", HTTP_X_REQUEST_START=stamp(0.2))
    assert in_time.status_code == 200 and sandbox.request_count(LIST) == 1


@pytest.mark.django_db
def test_the_stamp_is_ignored_unless_a_trusted_proxy_sent_it(client, sandbox, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    sign_in(client)
    cache.clear()
    response = client.get("/", HTTP_X_REQUEST_START=stamp(settings.UPSTREAM_TIME_BUDGET + 1))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["t=1764590400123", "t=1764590400123456", "t=1764590400.123", "1764590400123"],
)
def test_the_stamp_is_read_in_milliseconds_microseconds_or_seconds(settings, header):
    settings.TRUSTED_PROXY_HOPS = 1
    request = RequestFactory().get("/", HTTP_X_REQUEST_START=header)
    assert arrived_at(request) == pytest.approx(1764590400.123, abs=0.001)


@pytest.mark.parametrize("header", ["", "t=soon", "t=-5", "t=99", "in a minute"])
def test_an_unusable_stamp_counts_as_no_wait(settings, header):
    settings.TRUSTED_PROXY_HOPS = 1
    if header == "in a minute":  # the balancer's clock ahead of ours
        header = stamp(-60)
    assert queued_seconds(RequestFactory().get("/", HTTP_X_REQUEST_START=header)) == 0.0
