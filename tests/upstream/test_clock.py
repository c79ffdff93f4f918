"""The upstream's clock as the portal reads it from Date headers (whole seconds): "now" never
steps back within the header's noise, so two stamps a moment apart compare as they happened
(reconciliation compares a fetch's time with registrations written since)."""

from datetime import UTC, datetime
from email.utils import format_datetime

from pytest import approx

from sessions_app.upstream import clock


def answered(upstream_second: int, received_at: float) -> float:
    date = format_datetime(datetime.fromtimestamp(upstream_second, UTC), usegmt=True)
    clock.note_upstream_date(date, received_at=received_at)
    return clock._state["skew"]


def test_the_upstreams_now_never_steps_back_within_the_headers_noise():
    first = answered(1_000_600, received_at=1_000_000.2)  # 599.8 s ahead
    assert first == approx(599.8)
    assert answered(1_000_601, received_at=1_000_001.9) == first, "599.1: noise, not a change"
    assert answered(1_000_602, received_at=1_000_002.05) == approx(599.95), "closer to the truth"
    assert answered(1_000_000, received_at=1_000_003.0) == -3.0, "a real change is taken"
    assert answered(1_000_004, received_at=1_000_003.5) == 0.0, "within 2 s of ours: none"


def test_a_moment_on_the_upstreams_clock_is_placed_on_ours():
    answered(1_000_600, received_at=1_000_000.0)
    moment = datetime.fromtimestamp(1_000_700, UTC)
    assert clock.our_time(moment) == datetime.fromtimestamp(1_000_100, UTC)
