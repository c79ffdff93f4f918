"""The attendees a page of registrant lists names: found by upstream user id, created (with
their users) where a registrant has never signed in to the portal, and given the ticket ids the
lists show. A fixed number of statements for any number of registrants."""

from collections import defaultdict
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from sessions_app.models import Attendee
from sessions_app.upstream.domain import Registrant


def attendees_for(hosts, seen_at: datetime, delta) -> dict[int, Attendee]:
    """Every registrant's Attendee by upstream user id, created where missing, with the ticket
    ids the lists show added to what each attendee holds."""
    registrants: dict[int, Registrant] = {}
    tickets: dict[int, set[int]] = defaultdict(set)
    for host in hosts:
        for registrant in host.registrants:
            registrants.setdefault(registrant.user_id, registrant)
            if registrant.ticket_id:
                tickets[registrant.user_id].add(registrant.ticket_id)
    attendees = {
        a.upstream_user_id: a for a in Attendee.objects.filter(upstream_user_id__in=registrants)
    }
    missing = [r for user_id, r in registrants.items() if user_id not in attendees]
    if missing:
        created = _create_attendees(missing, tickets, seen_at)
        delta.attendees_created += len(created)
        attendees.update(created)
    changed = []
    for user_id, attendee in attendees.items():
        held = set(attendee.ticket_ids)
        if not tickets[user_id] <= held:
            attendee.ticket_ids = sorted(held | tickets[user_id])
            changed.append(attendee)
    if changed:
        Attendee.objects.bulk_update(changed, ["ticket_ids"])
    return attendees


def _names(registrant: Registrant) -> dict:
    return {
        "email": registrant.email,
        "first_name": registrant.first_name[:150],
        "last_name": registrant.last_name[:150],
    }


def _create_attendees(registrants, tickets, seen_at) -> dict[int, Attendee]:
    """Users (same username as a sign-in creates, so a later sign-in finds them; never staff,
    no usable password) and their attendees, four statements for any number. A concurrent
    sign-in that created one first wins (ignored conflict)."""
    User = get_user_model()
    usernames = {r.user_id: f"accelevents-{r.user_id}" for r in registrants}
    User.objects.bulk_create(
        [
            User(username=usernames[r.user_id], password=make_password(None), **_names(r))
            for r in registrants
        ],
        ignore_conflicts=True,
    )
    users = dict(User.objects.filter(username__in=usernames.values()).values_list("username", "pk"))
    Attendee.objects.bulk_create(
        [
            Attendee(
                user_id=users[usernames[r.user_id]],
                upstream_user_id=r.user_id,
                last_seen_at=seen_at,
                ticket_ids=sorted(tickets[r.user_id]),
                **_names(r),
            )
            for r in registrants
        ],
        ignore_conflicts=True,
    )
    return {a.upstream_user_id: a for a in Attendee.objects.filter(upstream_user_id__in=usernames)}
