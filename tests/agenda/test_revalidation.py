"""A poll's answer revalidated (sessions_app/agenda/revalidation.py): the same body for the
same attendee is a bodyless 304, a change or another attendee's tag a 200, and a notice the
page appends is always sent."""

from django.http import HttpResponse
from django.test import RequestFactory

from sessions_app.agenda.revalidation import tag_for, unless_unchanged

BODY = b"<li>Keynote: live now</li>"


def poll(if_none_match: str = ""):
    headers = {"HTTP_IF_NONE_MATCH": if_none_match} if if_none_match else {}
    return RequestFactory().get("/status", **headers)


def test_an_unchanged_answer_is_a_bodyless_304_with_its_tag():
    tag = tag_for("u1", BODY)
    answer = unless_unchanged(poll(tag), HttpResponse(BODY), owner="u1")
    assert (answer.status_code, answer.content, answer["ETag"]) == (304, b"", tag)


def test_a_changed_answer_is_a_200_with_a_new_tag():
    old = tag_for("u1", BODY)
    answer = unless_unchanged(poll(old), HttpResponse(BODY + b"!"), owner="u1")
    assert (answer.status_code, answer.content) == (200, BODY + b"!")
    assert answer["ETag"] != old


def test_another_attendees_tag_never_answers_an_attendees_poll():
    assert tag_for("u1", BODY) != tag_for("u2", BODY)
    answer = unless_unchanged(poll(tag_for("u2", BODY)), HttpResponse(BODY), owner="u1")
    assert answer.status_code == 200


def test_a_notice_the_page_appends_is_sent_again_even_when_the_same():
    tag = tag_for("u1", BODY)
    answer = unless_unchanged(poll(tag), HttpResponse(BODY), owner="u1", appends=True)
    assert (answer.status_code, answer.content) == (200, BODY)
