"""What every organizer page shares: read-only for everyone (the upstream is the source of
truth), times in the event's zone with its name, per-row counts as subqueries, and the
exports (CSV streamed, XLSX) of the current list."""

from functools import cache

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseBadRequest
from django.urls import path, reverse
from django.utils.html import format_html

from ..exports import stream_csv, xlsx_response
from .zone import event_time, zone_of


def admin_url(model, view: str, *args, query: str = "") -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    return f"{url}?{query}" if query else url


def link(url: str, text) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def count_of(model, key: str, **filters):
    """Rows of `model` whose `key` is the outer row's pk (and that match `filters`): one
    correlated subquery, so a page of any length is still one query."""
    rows = (
        model.objects.filter(**{key: OuterRef("pk")}, **filters)
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@cache
def in_event_zone(name: str, description: str = ""):
    """A column (or read-only field) showing the datetime field `name` in the event's zone,
    with the zone's name, and sorting by the field."""

    @admin.display(description=description or name.replace("_", " "), ordering=name)
    def column(obj):
        return event_time(getattr(obj, name))

    column.__name__ = name  # the cell's class stays field-<name>
    return column


def _shown(field):
    if isinstance(field, models.DateTimeField):
        return in_event_zone(field.name, str(field.verbose_name))
    return field.name


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete for anyone, superusers included."""

    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False  # one COUNT per page, not two, on 100,000 rows

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if self.fields:
            return self.fields
        return [_shown(f) for f in self.opts.concrete_fields if not f.auto_created]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


class LatestRowsFormSet(BaseInlineFormSet):
    """The inline's newest `max_shown` rows only: an attendee who clicked a thousand times
    must not make their page a thousand rows long. The full list is one link away."""

    max_shown = 50

    def get_queryset(self):
        if not hasattr(self, "_latest_rows"):
            self._latest_rows = super().get_queryset()[: self.max_shown]
        return self._latest_rows


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True
    formset = LatestRowsFormSet

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendee")  # for str(row)


class CsvExportAdmin(ReadOnlyAdmin):
    """Adds `export/`: the current changelist (filters, search, order) as a streamed CSV, for
    users with the model's `export_<model>` permission."""

    export_columns: list[tuple[str, str]] = []  # (CSV header, field path)
    export_filename = "export"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        view = self.admin_site.admin_view(self.export_view)
        xlsx = self.admin_site.admin_view(self.export_xlsx_view)
        return [
            path("export/", view, name=name),
            path("export.xlsx", xlsx, name=f"{name}_xlsx"),
            *super().get_urls(),
        ]

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.export_{self.opts.model_name}")

    def changelist_view(self, request, extra_context=None):
        context = {"has_export_permission": self.has_export_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def export_view(self, request):
        return self._export(request, stream_csv)

    def export_xlsx_view(self, request):
        return self._export(request, xlsx_response)

    def _export(self, request, write):
        if not (self.has_view_permission(request) and self.has_export_permission(request)):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("Unknown filter in the export link.")
        zone = zone_of(request)
        columns = [*self.export_columns, ("time_zone", _zone_name(zone.name))]
        return write(changelist.queryset, columns, self.export_filename, zone.tz)


def _zone_name(name: str):
    """A constant export column: the zone every time in the row is given in."""
    return models.Value(name, output_field=models.CharField())
