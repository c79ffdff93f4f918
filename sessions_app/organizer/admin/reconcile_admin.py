"""Reconciliation started from the admin: the "Reconcile selected sessions" action, the
reconcile page (the run in progress, refreshing, or the last runs and a button), and the queued
background run both start. Mixed into the session summary's admin (sessions.py)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from sessions_app.models import ReconcileRun, SessionSnapshot

from ..reconcile.runs import next_scheduled, request_run, run_in_progress
from .base import admin_url
from .labels import REFUSALS


class ReconcileFromAdmin:
    """A background run, from an action or "reconcile all"; for the SessionSnapshot admin."""

    def has_reconcile_permission(self, request) -> bool:
        return request.user.has_perm("sessions_app.reconcile_sessionsnapshot")

    @admin.action(
        description="Reconcile selected sessions with Accelevents", permissions=["reconcile"]
    )
    def reconcile_selected(self, request, queryset):
        self._start(request, set(queryset.values_list("pk", flat=True)))
        return redirect(admin_url(SessionSnapshot, "reconcile"))

    def _start(self, request, session_ids=()) -> None:
        if run_in_progress() is not None:
            self.message_user(
                request,
                "A reconciliation is already waiting or running; see its progress.",
                messages.WARNING,
            )
            return
        request_run(
            trigger=ReconcileRun.Trigger.ADMIN,
            requested_by=request.user.get_username(),
            session_ids=session_ids,
        )
        self.message_user(request, "Reconciliation queued; the worker starts it within seconds.")

    def get_urls(self):
        view = self.admin_site.admin_view(self.reconcile_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_reconcile"
        return [path("reconcile/", view, name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {"has_reconcile_permission": self.has_reconcile_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def reconcile_view(self, request):
        """GET: the run in progress (refreshing) or the last runs and a button; POST: start."""
        if not self.has_reconcile_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            self._start(request)
            return redirect(admin_url(SessionSnapshot, "reconcile"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Reconcile with Accelevents",
            "active": run_in_progress(),
            "next_scheduled": next_scheduled(),
            "runs": ReconcileRun.objects.exclude(state=ReconcileRun.State.QUEUED)[:5],
            "REFUSALS": REFUSALS,
        }
        return TemplateResponse(request, "admin/sessions_app/reconcile_confirmation.html", context)
