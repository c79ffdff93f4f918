"""Organizer review in Django admin. Everything here is upstream-derived, so every page is
read-only for everyone, superusers included; the only writes are reconciliation's, which copy
the upstream's state. `records`: registrations, join attempts, attendees; `sessions`: the
per-session summary and the session page; `reconcile_admin`: reconciliation started from
there; `overview`: the event overview (the index of `sessions_app.organizer.admin_site`);
`charts`: server-side SVG; `zone`: the event's time zone; `labels`: human names; `filters`: the
session-attribute filters they share; `base`: read-only admin classes and the exports."""

from . import records, sessions  # noqa: F401 - registers the model admins
