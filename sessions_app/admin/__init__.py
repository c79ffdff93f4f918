"""Organizer review in Django admin. Everything here is upstream-derived, so every page is
read-only for everyone, superusers included; the only writes are reconciliation's, which copy
the upstream's state. `records`: registrations, join attempts, attendees; `sessions`: the
per-session summary; `filters`: the session-attribute filters they share; `base`: read-only
admin classes and the streamed CSV export."""

from django.contrib import admin

from . import records, sessions  # noqa: F401 - registers the model admins

admin.site.site_header = "Attendee portal: organizer review"
admin.site.site_title = "Organizer review"
admin.site.index_title = "Registrations, refusals and sessions"
