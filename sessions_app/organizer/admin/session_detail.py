"""The session page's refusal detail: each reason, asked of the platform or blocked before the
call, each count a link to those attempts."""

from django.db.models import Count
from django.template.loader import render_to_string

from sessions_app.models import JoinAttempt

from .base import admin_url
from .labels import REFUSAL_OUTCOMES, REFUSALS

Kind = JoinAttempt.Kind


def refusal_rows(session_id: int) -> list[dict]:
    counts = {
        (row["outcome"], row["kind"]): row["n"]
        for row in JoinAttempt.objects.filter(session_id=session_id, outcome__in=REFUSAL_OUTCOMES)
        .values("outcome", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for outcome, label in REFUSALS:
        base = f"session={session_id}&outcome__exact={outcome}"
        asked, blocked = counts.get((outcome, Kind.CALL), 0), counts.get((outcome, Kind.BLOCKED), 0)
        rows.append(
            {
                "label": label,
                "asked": asked,
                "blocked": blocked,
                "total": asked + blocked,
                "asked_url": admin_url(JoinAttempt, "changelist", query=f"{base}&kind__exact=call"),
                "blocked_url": admin_url(
                    JoinAttempt, "changelist", query=f"{base}&kind__exact=blocked"
                ),
                "url": admin_url(JoinAttempt, "changelist", query=base),
            }
        )
    return rows


def refusal_table(session_id: int):
    return render_to_string(
        "admin/sessions_app/refusal_table.html", {"rows": refusal_rows(session_id)}
    )
