"""The one next step of a card that can't join: which refusal leads to which, its label and where
it goes, and which steps the portal records as demand on the way."""

from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from sessions_app.upstream.errors import RefusalReason


class Step(StrEnum):
    """The one next step of a card that can't join (templates/sessions_app/_next_step.html)."""

    LEAVE_A_SESSION = "leave_a_session"  # the swap page: give up one of hers for this one
    PICK_ANOTHER = "pick_another"  # the sessions live now
    WATCH_FOR_SEAT = "watch_for_seat"  # issue 11's seat watch; see _next_step.html
    GET_A_TICKET = "get_a_ticket"  # ACCELEVENTS_TICKETS_URL


NEXT_STEPS = {
    RefusalReason.SESSION_LIMIT: Step.LEAVE_A_SESSION,
    RefusalReason.TICKET_TYPE: Step.GET_A_TICKET,
    RefusalReason.NOT_REGISTERED_FOR_EVENT: Step.GET_A_TICKET,
    RefusalReason.CAPACITY_FULL: Step.WATCH_FOR_SEAT,
}


# The watch for a seat is a record of demand of its own (SeatWatch, issue 11).
RECORDED_STEPS = {Step.LEAVE_A_SESSION, Step.PICK_ANOTHER, Step.GET_A_TICKET}
STEP_LABELS = {
    Step.LEAVE_A_SESSION: gettext_lazy("Swap one of yours for this"),
    Step.PICK_ANOTHER: gettext_lazy("Pick another session"),
    Step.WATCH_FOR_SEAT: gettext_lazy("Watch for a seat"),
    Step.GET_A_TICKET: gettext_lazy("Get a ticket"),
}
UPGRADE_LABEL = gettext_lazy("See tickets that include it")


def step_url(step: str) -> str:
    if step == Step.LEAVE_A_SESSION:
        return reverse("my-sessions")
    if step == Step.GET_A_TICKET:
        return settings.ACCELEVENTS_TICKETS_URL
    return reverse("agenda") + "?tab=live"
