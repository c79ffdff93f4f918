"""A lock in the shared cache only its owner releases: a holder that outlived its lock never
frees the one someone else took since (the single flight would let a third caller in)."""

import uuid

import pytest
from django.core.cache import cache

from sessions_app.locks import CacheLock


@pytest.fixture
def key():
    key = f"test-lock-{uuid.uuid4().hex}"
    yield key
    cache.delete(key)


def test_only_one_taker_holds_the_lock(key):
    first, second = CacheLock(key, 30), CacheLock(key, 30)
    assert first.acquire()
    assert not second.acquire()


def test_its_owner_releases_it_and_then_another_may_take_it(key):
    first, second = CacheLock(key, 30), CacheLock(key, 30)
    assert first.acquire()
    assert first.release()
    assert second.acquire()


def test_a_holder_whose_lock_was_taken_since_leaves_it_to_the_new_owner(key):
    stale, current = CacheLock(key, 30), CacheLock(key, 30)
    assert stale.acquire()
    cache.delete(key)  # the stale holder's lock timed out meanwhile
    assert current.acquire()
    assert not stale.release()
    assert cache.get(key) == current.token
    assert not CacheLock(key, 30).acquire()


def test_each_lock_has_a_token_of_its_own():
    assert CacheLock("a", 1).token != CacheLock("a", 1).token
