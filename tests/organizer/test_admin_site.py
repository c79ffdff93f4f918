"""The admin site the portal installs: its own header and title, and an index that shows the event
overview (the charts) as well as the list of records an organizer may open."""

import pytest
from django.contrib import admin

from sessions_app.organizer.admin_site import PortalAdminSite
from tests.admin_records import make_attendee, make_registration, make_session, organizer_client

pytestmark = pytest.mark.django_db


def test_the_portals_site_is_the_one_django_serves():
    assert isinstance(admin.site, PortalAdminSite)


def test_the_index_shows_the_event_overview_and_the_records():
    make_registration(make_attendee(), make_session(1, title="Opening Keynote", capacity=4))
    response = organizer_client().get("/admin/", {"day": "2026-05-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Event overview | Organizer review</title>" in html
    assert "Attendee portal: organizer review" in html
    assert [r["session"].title for r in response.context["overview"]["fill"]] == ["Opening Keynote"]
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Registration", "JoinAttempt", "Attendee", "SessionSnapshot"} <= models
