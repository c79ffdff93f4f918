"""`python manage.py check_upstream`: test this portal's assumptions against the real event.

Signs in as the given account and reads (never writes, unless `--join` names a test session)
every call the portal makes, then prints one row per assumption: what was assumed, what the
platform answered, a verdict, and the `.env` line to add when they disagree. Exit code 0 only
when everything the portal needs was confirmed; 1 when something it needs was contradicted or
not checked; 2 when the check could not run (wrong password, unknown event, no answer).
Tokens, keys and passwords are never printed.
"""

import getpass
import json
import logging
import sys
from dataclasses import replace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sessions_app.upstream.client import AccelEventsClient
from sessions_app.upstream.contract import Contract
from sessions_app.upstream.errors import UpstreamError, UpstreamTimeout
from sessions_app.upstream.probe import CONFIRMED, CONTRADICTED, run_probe

MARKS = {CONFIRMED: "ok", CONTRADICTED: "!!"}


class Command(BaseCommand):
    help = "Check the portal's assumptions about the Accelevents API against your real event."

    def add_arguments(self, parser):
        who = parser.add_argument_group("who to sign in as (an attendee account of the event)")
        who.add_argument("--email")
        who.add_argument("--password", help="asked for when omitted")
        who.add_argument("--user-key", help="a one-time sign-in key instead of email+password")
        parser.add_argument("--api-key", help="organization API key (default: ACCELEVENTS_API_KEY)")
        parser.add_argument(
            "--join",
            type=int,
            metavar="SESSION_ID",
            help="also join this test session and leave it again (the account ends as it began)",
        )
        parser.add_argument(
            "--reserve",
            type=int,
            metavar="SESSION_ID",
            help="also reserve a seat in this upcoming test session and leave it again",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        calls = logging.getLogger("sessions_app.upstream")
        level = calls.level
        if options["verbosity"] < 2:  # the call log lines only with -v 2
            calls.setLevel(logging.WARNING)
        try:
            self._check(**options)
        finally:
            calls.setLevel(level)

    def _check(self, *, email, password, user_key, api_key, join, reserve, **options):
        if not user_key and not email:
            raise CommandError("Give --email (and --password) or --user-key.", returncode=2)
        if email and not user_key and password is None:
            password = self._ask_password()
        contract = Contract.from_settings(settings)
        if api_key is not None:
            contract = replace(contract, api_key=api_key)
        try:
            findings, stopped = run_probe(
                AccelEventsClient(contract),
                email=email or "",
                password=password or "",
                user_key=user_key or "",
                join_session=join,
                reserve_session=reserve,
                reserve_needed=settings.PORTAL_RESERVE_AHEAD,
            )
        except UpstreamError as failure:
            raise CommandError(_no_answer(contract, failure), returncode=2) from None
        self._report(findings, stopped, as_json=options["json"])
        if stopped:
            raise CommandError(stopped, returncode=2)
        blocking = [f for f in findings if f.blocks]
        if blocking:
            names = ", ".join(f.title for f in blocking)
            raise CommandError(f"Not confirmed yet: {names}.", returncode=1)

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Give --password (no terminal to ask on).", returncode=2)
        return getpass.getpass("Password: ")

    def _report(self, findings, stopped: str, *, as_json: bool) -> None:
        lines = _settings_lines(findings)
        if as_json:
            body = {
                "ok": not stopped and not any(f.blocks for f in findings),
                "stopped": stopped,
                "checks": [f.as_dict() for f in findings],
                "settings": lines,
            }
            self.stdout.write(json.dumps(body, indent=2))
            return
        for finding in findings:
            self._row(finding)
        if lines:
            self.stdout.write("\nAdd to .env (then run this check again):")
            for line in lines:
                self.stdout.write(f"  {line}")
        if not stopped and not any(f.blocks for f in findings):
            self.stdout.write(self.style.SUCCESS("\nEverything the portal needs was confirmed."))

    def _row(self, finding) -> None:
        style = {CONFIRMED: self.style.SUCCESS, CONTRADICTED: self.style.ERROR}.get(
            finding.verdict, self.style.WARNING
        )
        if finding.verdict == CONTRADICTED and not finding.needed:
            style = self.style.WARNING
        mark = MARKS.get(finding.verdict, "??")
        needed = "" if finding.needed else " (the portal copes either way)"
        self.stdout.write(style(f"[{mark}] {finding.title}: {finding.verdict}{needed}"))
        self.stdout.write(f"     assumed:  {finding.assumed}")
        self.stdout.write(f"     platform: {finding.observed}")
        for line in finding.settings:
            self.stdout.write(f"     -> {line}")


def _settings_lines(findings) -> list[str]:
    seen: dict[str, None] = {}
    for finding in findings:
        for line in finding.settings:
            if "=" in line:
                seen.setdefault(line)
    return list(seen)


def _no_answer(contract: Contract, failure: UpstreamError) -> str:
    what = "took too long to answer" if isinstance(failure, UpstreamTimeout) else "did not answer"
    return (
        f"The platform at {contract.base_url} {what} ({failure.message}). Check "
        "ACCELEVENTS_API_BASE_URL and this machine's network."
    )
