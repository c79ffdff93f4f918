"""The admin site, whose index is the event overview (charts above the list of records)."""

from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    site_header = "Attendee portal: organizer review"
    site_title = "Organizer review"
    index_title = "Event overview"

    def index(self, request, extra_context=None):
        from .admin.overview import overview_context  # models are loaded by the time it is called

        return super().index(request, {**overview_context(request), **(extra_context or {})})
