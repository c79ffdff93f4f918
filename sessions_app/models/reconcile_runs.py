"""Reconciliations: each run's trigger, progress and report, and what it learned about the
event."""

from django.db import models


class ReconcileRun(models.Model):
    """One reconciliation, queued (on schedule or from the admin), running with its progress,
    or finished with its report; also where the portal keeps what a run learned about the
    event (its zone), so admin pages never have to ask the upstream."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "On schedule"
        ADMIN = "admin", "From the admin"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.CharField(max_length=150, blank=True)
    session_ids = models.JSONField(default=list, blank=True, help_text="Empty means all.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    run_after = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sessions_done = models.PositiveIntegerField(default=0)
    sessions_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    event_zone = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["state", "queued_at"], name="reconcilerun_state_time")]

    def __str__(self):
        return f"reconciliation {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if not self.sessions_total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * self.sessions_done / self.sessions_total))
