"""Signing in and out: the password form (signin.py), sign-out, and the magic link from
Accelevents' e-mail, in three steps, so that a link planted by someone else cannot sign a
visitor into the planter's account (login CSRF), nor switch a signed-in attendee to another
account, without a page naming that account and asking:

1. GET /magic/<key>/ moves the key into the session (no log, history or Referer keeps it) and
   sends to the key-less /magic/; a GET never uses the key (mail scanners prefetch links).
2. POST /magic/ uses the key once and keeps the account it names as pending, server-side; the
   page names it ("Continue as …" / "This isn't me"; "Switch to …" / "Stay signed in as …").
3. POST /magic/ with the attendee's `choice` signs in, or drops the pending account. Pending
   state lasts MAGIC_KEY_SECONDS, and any sign-in, sign-out or "This isn't me" drops it."""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sessions_app.agenda import selectors
from sessions_app.agenda.forms import SignInForm
from sessions_app.identity import viewer_from_request
from sessions_app.joining import services
from sessions_app.ops.middleware import safe_next
from sessions_app.ops.offline import clear_site_data

from . import signin
from .accounts import MAGIC_KEY, PENDING_KEY, UpstreamAccount, start_session

MAGIC_KEY_SECONDS = 15 * 60  # a link opened and left on its confirm page expires there


@require_safe
def magic_link(request, user_key):
    request.session.pop(PENDING_KEY, None)  # a newer link replaces one not confirmed yet
    request.session[MAGIC_KEY] = {"key": user_key[:200], "at": time.time()}
    confirm = reverse("magic-sign-in")
    if target := request.GET.get("next"):
        confirm += "?" + urlencode({"next": target})
    return redirect(confirm)


@require_http_methods(["GET", "POST"])
def magic_sign_in(request):
    if request.method == "POST" and "choice" in request.POST:
        return _decide(request)
    if (pending := _fresh(request, PENDING_KEY)) is not None:
        return _page(request, account=UpstreamAccount.from_session(pending["account"]))
    stashed = _fresh(request, MAGIC_KEY)
    error = "" if stashed else signin.LINK_REFUSED
    if request.method == "POST":
        request.session.pop(MAGIC_KEY, None)  # used once, whatever the answer
        if not stashed:
            error = signin.refuse_unusable_link(request)
        else:
            account, error = signin.account_for_key(request, user_key=stashed["key"])
            if account is not None:
                return _pending(request, account)
    return _page(request, error=error)


def _decide(request):
    pending = _fresh(request, PENDING_KEY)
    request.session.pop(PENDING_KEY, None)
    if pending is None:
        return _page(request, error=signin.refuse_unusable_link(request))
    if request.POST.get("choice") == "continue":
        start_session(request, UpstreamAccount.from_session(pending["account"]))
        return redirect(safe_next(request))
    if request.user.is_authenticated:
        messages.info(request, _("Nothing changed: you are still signed in."))
        return redirect("agenda")
    messages.info(request, _("Nobody was signed in with that link."))
    return redirect("sign-in")


def _pending(request, account: UpstreamAccount):
    viewer = viewer_from_request(request)
    if viewer is not None and viewer.upstream_user_id == account.user_id:
        start_session(request, account)  # the same attendee, with a fresh token: no switch
        return redirect(safe_next(request))
    request.session[PENDING_KEY] = {"account": account.to_session(), "at": time.time()}
    return _page(request, account=account)


def _fresh(request, key: str) -> dict | None:
    stored = request.session.get(key)
    if not isinstance(stored, dict) or time.time() - stored.get("at", 0) >= MAGIC_KEY_SECONDS:
        return None
    return stored


def _page(request, *, error: str = "", account: UpstreamAccount | None = None):
    status = 429 if error == signin.RATE_LIMITED else 200
    context = {"error": error, "account": account, "next": safe_next(request)}
    context["event_name"] = selectors.event_name_for_visitor(may_fetch=request.method == "GET")
    return render(request, "sessions_app/magic_sign_in.html", context, status=status)


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        error = signin.sign_in_with_password(request, email=email, password=password)
        if not error:
            return redirect(safe_next(request))
    status = 429 if error == signin.RATE_LIMITED else 200
    context = {"form": form, "error": error, "next": safe_next(request)}
    context["event_name"] = selectors.event_name_for_visitor(may_fetch=request.method == "GET")
    return render(request, "sessions_app/sign_in.html", context, status=status)


@require_POST
def sign_out(request):
    services.forget_attendee_data(viewer_from_request(request))
    logout(request)  # flushes the server-side session, and the upstream token with it
    messages.info(request, _("You are signed out."))
    return clear_site_data(redirect("sign-in"))  # and nothing of theirs stays kept offline
