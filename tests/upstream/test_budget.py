"""One portal request's time on the upstream: outside a budget a call keeps its own timeout;
inside, every timeout is clipped to what is left, and nothing is left once it is spent."""

from sessions_app.upstream.budget import clip, remaining, upstream_budget


def test_outside_a_budget_nothing_is_clipped():
    assert remaining() is None
    assert clip(3.0) == 3.0
    assert clip(3.0, keep=2.0) == 3.0


def test_inside_a_budget_a_timeout_is_clipped_to_what_is_left():
    with upstream_budget(1.0):
        assert 0.9 < remaining() <= 1.0
        assert clip(5.0) <= 1.0
        assert clip(0.2) == 0.2


def test_keep_leaves_that_much_of_the_budget_for_afterwards():
    with upstream_budget(1.0):
        assert 0.4 < clip(5.0, keep=0.5) <= 0.5


def test_a_spent_budget_leaves_no_time_never_a_negative_one():
    with upstream_budget(-1.0):
        assert remaining() < 0
        assert clip(5.0) == 0.0


def test_a_nested_budget_ends_with_its_block():
    with upstream_budget(10.0):
        with upstream_budget(1.0):
            assert remaining() <= 1.0
        assert remaining() > 9.0
    assert remaining() is None
