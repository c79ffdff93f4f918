"""Session lists in the shared store: each attendee gets exactly their own list back, sessions
are stored once for everyone, and a blob gone from the cache is a miss, never a partial list."""

import hashlib
import pickle

import pytest
from django.core.cache import cache

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app import cache as portal_cache
from sessions_app import list_store, packing, selectors
from sessions_app.identity import Viewer
from sessions_app.upstream.client import get_client
from sessions_app.upstream.errors import UpstreamUnavailable

LIST = "GET /events/{eventurl}/session/v2"
USER_IDS = {"general": 501, "vip": 502, "noticket": 503}


def viewer_for(sandbox, who: str) -> Viewer:
    account = ACCOUNTS[who]
    token = sandbox.login(account["email"], account["password"])
    return Viewer(upstream_user_id=USER_IDS[who], attendee_id=1, token=token)


def listed(viewer: Viewer):
    """The attendee's list as another process would read it: from the shared cache only."""
    list_store.forget_memos()
    return selectors.sessions_for_viewer(viewer, selectors.event_for_viewer(viewer).tz)


def upstream_list(viewer: Viewer):
    event = selectors.event_for_viewer(viewer)
    return get_client().all_sessions(viewer.token, tz=event.tz)


def blob_keys(viewer: Viewer) -> list[str]:
    """The index's key, then the sessions'."""
    entry = cache.get(portal_cache.user_key(viewer.upstream_user_id, "sessions-index"))
    return list_store.blob_keys(entry[1])


def entry_blobs(viewer: Viewer) -> set[str]:
    return set(blob_keys(viewer))


def test_each_attendee_gets_their_own_list_when_most_sessions_are_shared(sandbox):
    viewers = [viewer_for(sandbox, who) for who in ("general", "vip", "noticket")]
    first = [listed(v).value for v in viewers]
    assert first == [upstream_list(v) for v in viewers]
    tickets = [{s.ticket_ids for s in page.sessions} for page in first]
    assert tickets[0] != tickets[1] and tickets[2] == {()}  # their own tickets, none for nora
    sandbox.patch_session(SESSION_IDS["sponsor-stories"], title="Sponsor stories, renamed")
    general = viewers[0]
    portal_cache.bump_user_generation(general.upstream_user_id)  # general reads it again
    renamed = listed(general).value
    assert renamed == upstream_list(general) and renamed != first[0]
    assert [listed(v).value for v in viewers[1:]] == first[1:]  # what the upstream told *them*
    assert len(entry_blobs(general) - entry_blobs(viewers[1])) == 2  # the renamed one, the index


def test_attendees_with_the_same_catalogue_share_every_blob(sandbox):
    general, vip = viewer_for(sandbox, "general"), viewer_for(sandbox, "vip")
    listed(general)
    listed(vip)
    shared = entry_blobs(general)
    assert entry_blobs(vip) == shared
    assert len(shared) == len(listed(general).value.sessions) + 1  # the sessions and the index
    assert len(cache.get_many(list(shared))) == len(shared)


@pytest.mark.parametrize("which", ["session", "index"])
def test_an_evicted_blob_makes_the_next_read_fetch_the_list_again(sandbox, which):
    viewer = viewer_for(sandbox, "general")
    whole = listed(viewer).value
    index, *sessions = blob_keys(viewer)
    cache.delete(index if which == "index" else sessions[len(sessions) // 2])
    sandbox.reset_stats()
    again = listed(viewer)
    assert sandbox.stats()["requests"].get(LIST) == 1
    assert again.value == whole and not again.failed_refresh
    assert listed(viewer).value == whole  # the refetch put the blob back for everyone
    assert sandbox.stats()["requests"].get(LIST) == 1


def test_an_index_stored_before_the_list_gained_a_field_is_fetched_again(sandbox):
    """After a release adds a field to SessionPage (`hidden`), an entry the previous one
    stored is a miss, not an error on every attendee's next page."""
    viewer = viewer_for(sandbox, "general")
    whole = listed(viewer).value
    key = portal_cache.user_key(viewer.upstream_user_id, "sessions-index")
    fetched_at, stored = cache.get(key)
    _, owned = pickle.loads(packing.unpack(stored))  # noqa: S301
    digests, metadata = pickle.loads(packing.unpack(cache.get(blob_keys(viewer)[0])))  # noqa: S301
    old = pickle.dumps((digests, metadata[:-1]))  # as the previous release wrote it
    digest = hashlib.blake2b(old, digest_size=list_store.DIGEST_BYTES).digest()
    cache.set(list_store.blob_key(digest), packing.pack(old), 600)
    cache.set(key, (fetched_at, packing.pack(pickle.dumps((digest, owned)))), 600)
    sandbox.reset_stats()
    again = listed(viewer)
    assert again.value == whole and sandbox.stats()["requests"].get(LIST) == 1


def test_an_evicted_blob_while_the_upstream_is_down_is_an_outage_not_a_partial_list(sandbox):
    viewer = viewer_for(sandbox, "general")
    listed(viewer)
    cache.delete(blob_keys(viewer)[1])
    sandbox.set_fault(mode="status", status=503)
    with pytest.raises(UpstreamUnavailable):
        listed(viewer)


def test_a_stored_list_past_its_ttl_is_served_stale_when_the_upstream_fails(sandbox):
    viewer = viewer_for(sandbox, "vip")
    whole = listed(viewer).value
    key = portal_cache.user_key(viewer.upstream_user_id, "sessions-index")
    fetched_at, stored = cache.get(key)
    cache.set(key, (fetched_at - 100, stored), 600)  # past the TTL, within the stale limit
    sandbox.set_fault(mode="status", status=503)
    stale = listed(viewer)
    assert stale.value == whole and stale.failed_refresh


def test_a_300_session_list_costs_its_attendee_a_few_hundred_bytes(sandbox):
    sandbox.set_dialects("large-event")
    viewer = viewer_for(sandbox, "vip")
    assert len(listed(viewer).value.sessions) > 250
    entry = cache.get(portal_cache.user_key(viewer.upstream_user_id, "sessions-index"))
    assert len(pickle.dumps(entry)) < 300
    index, *sessions = (len(blob) for blob in cache.get_many(blob_keys(viewer)).values())
    assert index < 11_000  # 32 bytes of hash per session
    # a session: ~1.2 kB pickled, ~370 packed (speakers carry their photo and bio: issue 22)
    assert sorted(sessions)[len(sessions) // 2] < 420
