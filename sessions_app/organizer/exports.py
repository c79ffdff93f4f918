"""Exports of an admin changelist: CSV streamed as it is read, and XLSX written row by row by
openpyxl's write-only mode (to a temporary file, then sent in chunks). Rows are read from the
database in chunks, so 100,000 rows never sit in memory at once. Times are the event's: ISO
8601 with the offset in CSV, the wall-clock time in XLSX (its header names the zone)."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, tzinfo

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to a spreadsheet: names and e-mails come
# from attendees, so they are neutralised (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value, tz) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat(timespec="seconds")
    return value


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence], batch: int, tz: tzinfo | None = None
) -> Iterator[str]:
    """The header, then `batch` rows per yielded string."""
    tz = tz or timezone.get_current_timezone()  # once, not per cell: this runs 100,000 times
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow([cell(value, tz) for value in row])
        pending += 1
        if pending == batch:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def _rows(queryset, columns):
    return queryset.values_list(*(path for _, path in columns)).iterator(chunk_size=CHUNK_SIZE)


def _disposition(response, filename: str, extension: str, tz) -> None:
    stamp = timezone.localtime(timezone=tz).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{extension}"'
    response["Cache-Control"] = "no-store"


def stream_csv(
    queryset, columns: Sequence[tuple[str, str]], filename: str, tz: tzinfo | None = None
) -> StreamingHttpResponse:
    """`columns`: (header, field path) pairs, e.g. ("Email", "attendee__email"); times in
    `tz` (the event's), which a streamed response must be told: it is written later."""
    tz = tz or timezone.get_current_timezone()
    response = StreamingHttpResponse(
        csv_chunks([header for header, _ in columns], _rows(queryset, columns), CHUNK_SIZE, tz),
        content_type="text/csv; charset=utf-8",
    )
    _disposition(response, filename, "csv", tz)
    return response


def xlsx_cell(value, tz):
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None)  # spreadsheets hold no zone
    if isinstance(value, list | dict):
        return str(value)
    return cell(value, tz)


def write_xlsx(queryset, columns, tz, out) -> None:
    from openpyxl import Workbook  # only exports need it

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    zone = getattr(tz, "key", str(tz))
    sheet.append([f"{header} ({zone})" if _is_time(header) else header for header, _ in columns])
    for row in _rows(queryset, columns):
        sheet.append([xlsx_cell(value, tz) for value in row])
    book.save(out)


def _is_time(header: str) -> bool:
    return header.endswith(("_at", "_start", "_end")) or header in ("start", "end")


def xlsx_response(queryset, columns, filename: str, tz: tzinfo) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_xlsx(queryset, columns, tz, out)
    out.seek(0)
    response = FileResponse(out, content_type=XLSX_TYPE)
    _disposition(response, filename, "xlsx", tz)
    return response
