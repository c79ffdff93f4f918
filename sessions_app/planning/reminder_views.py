"""Reminder e-mails' pages: the attendee's switch on My sessions, and the unsubscribe link of
each e-mail, which needs no sign-in (the link itself, signed, says whose reminders to stop)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sessions_app.agenda.selectors import event_for_feed
from sessions_app.ops.decorators import attendee_required

from . import reminder_emails

PAGE = "sessions_app/reminder_unsubscribe.html"


@require_POST
@attendee_required
def reminder_choice(request, viewer):
    if not settings.PORTAL_REMINDER_EMAILS:
        raise Http404("No reminder e-mails at this portal")  # My sessions does not offer them
    on = request.POST.get("reminder_emails") == "on"
    reminder_emails.set_reminders(viewer.attendee_id, on=on, language=get_language())
    if on:
        messages.success(request, _("Reminder e-mails are on."))
    else:
        messages.success(request, _("Reminder e-mails are off."))
    return redirect(reverse("my-sessions") + "#reminder-emails")


# CSRF: exempt, because RFC 8058's one-click unsubscribe is a POST from the mail app, with no
# cookie or token; what proves the request is the signed link, and all it can do is stop mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link checkers and previews open links; they must not unsubscribe anyone);
    POST, from that page's button or a mail app's one click, turns reminders off."""
    context = {"event_name": event_for_feed().name}  # never an upstream call
    attendee_id = reminder_emails.attendee_for_unsubscribe(token)
    if attendee_id is None:
        return render(request, PAGE, {**context, "invalid": True}, status=400)
    if request.method == "POST":
        reminder_emails.set_reminders(attendee_id, on=False)
        return render(request, PAGE, {**context, "done": True})
    return render(request, PAGE, context)
