"""`python manage.py reconcile`: align local registrations with the upstream's registrant lists.

Safe to run from cron while the portal serves traffic, and to stop at any time: each session
is applied in its own transaction, so an interruption loses only the session in progress.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sessions_app.joining import recording
from sessions_app.organizer.reconcile import reconcile_registrations
from sessions_app.upstream.errors import UpstreamError, UpstreamMisconfigured


class Command(BaseCommand):
    help = "Bring local registrations in line with the upstream (organization API key)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--page-size", type=int, default=None, help="default: ACCELEVENTS_PAGE_SIZE"
        )
        parser.add_argument(
            "--session",
            type=int,
            action="append",
            dest="sessions",
            metavar="SESSION_ID",
            help="only apply these sessions (repeatable); default: all",
        )

    def handle(self, *args, page_size, sessions, **options):
        started = timezone.now()
        try:
            report = reconcile_registrations(
                only_session_ids=set(sessions) if sessions else None, page_size=page_size
            )
        except UpstreamMisconfigured as exc:
            raise CommandError(
                f"The upstream says this portal is set up wrongly for it ({exc.status} "
                f"{exc.message}): check {exc.setting}, or run `manage.py check_upstream`."
            ) from None
        except UpstreamError as exc:
            raise CommandError(
                f"The upstream could not be read: {exc.message} (request {exc.request_id}). "
                "Sessions applied before the failure stay applied; run again to finish."
            ) from None
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted. Sessions applied so far are committed, the one in progress was "
                "rolled back; run again to finish."
            ) from None
        self.stdout.write(f"Reconciled: {report}.")
        if report.complete:  # the records now agree with the upstream: settle what was left
            settled = recording.settle_from_records(reconciled_since=started)
            self.stdout.write(f"Settled {settled} unconfirmed attempt(s).")
        if report.sessions_failed:
            raise CommandError(f"{report.sessions_failed} session(s) failed; see the log.")
