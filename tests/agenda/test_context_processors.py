"""What every attendee page is given (sessions_app/agenda/context_processors.py): the language
switcher returns to the page with its filters, unless that link is too long to be sane; the
page's own script reads times in the language's hour style."""

from django.test import RequestFactory
from django.utils import translation

from sessions_app.agenda.context_processors import MAX_NEXT_LENGTH, portal


def test_the_language_switcher_returns_to_the_page_with_its_filters():
    request = RequestFactory().get("/", {"tab": "live", "track": "7"})
    assert portal(request)["language_next"] == "/?tab=live&track=7"


def test_a_link_too_long_to_be_sane_returns_to_the_page_without_it():
    request = RequestFactory().get("/sessions/12/", {"q": "x" * MAX_NEXT_LENGTH})
    assert portal(request)["language_next"] == "/sessions/12/"


def test_the_pages_script_reads_times_in_the_languages_hour_style(settings):
    settings.PORTAL_STATUS_POLL_SECONDS = 20
    with translation.override("de"):
        context = portal(RequestFactory().get("/"))
    assert (context["js_hour_style"], context["poll_seconds"]) == ("2-digit", 20)
