"""A join's two writes on PostgreSQL, each one statement: the click before its call, and the
upstream's yes (the attempt's outcome and the attendee's local registration together). They are
the join's own time, what attendees wait for at a keynote's end (docs/benchmarks.md, figure 5).
recording.py uses the ORM for every other database.

The click is committed durably (flushed to disk before the call goes out: it is the record
that the call was made). The yes is committed without waiting for that flush (`synchronous_commit`
off for its own statement's commit only): what a database crash could lose of it in the next
fraction of a second is what the durable click already provides for: an attempt left
unconfirmed, settled from the platform's list by reconciliation, as when the yes could not be
written at all."""

from contextlib import nullcontext

from django.db import connection, transaction

from sessions_app.models import JoinAttempt, Registration

UNFLUSHED = "SELECT set_config('synchronous_commit', 'off', true)"


def insert_attempt(fields: dict) -> int:
    """The new attempt's id (`fields` by model field name)."""
    columns = [_column(JoinAttempt, name) for name in fields]
    sql = " ".join(
        [
            f"INSERT INTO {JoinAttempt._meta.db_table} ({', '.join(columns)})",
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING {_column(JoinAttempt, 'id')}",
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(fields.values()))
        return cursor.fetchone()[0]


def close_granted(
    attempt_id: int,
    attempt_fields: dict,
    attendee_id: int,
    session_id: int,
    registration: dict,
    now,
) -> None:
    """Set `attempt_fields` on the attempt if it is still unconfirmed, and insert or update the
    (attendee, session) registration with `registration` (`registered_at` only on insert)."""
    attempt_table, names = JoinAttempt._meta.db_table, list(registration)
    columns = [_column(Registration, name) for name in names]
    sets = ", ".join(f"{_column(JoinAttempt, name)} = %s" for name in attempt_fields)
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns)
    unique = [_column(Registration, name) for name in ("attendee", "session_id")]
    inserted = [*unique, _column(Registration, "registered_at"), *columns]
    # Without waiting for the flush: this statement's own commit only (set_config's `true`), and
    # not inside a caller's transaction, whose commit (and click) must stay durable.
    unflushed = "" if connection.in_atomic_block else f"WHERE ({UNFLUSHED}) IS NOT NULL"
    # Every name comes from the models' own metadata, every value is a parameter.
    sql = " ".join(
        [
            f"WITH closed AS (UPDATE {attempt_table} SET {sets}",  # noqa: S608
            f"WHERE {_column(JoinAttempt, 'id')} = %s AND {_column(JoinAttempt, 'outcome')} = %s)",
            f"INSERT INTO {Registration._meta.db_table} ({', '.join(inserted)})",
            f"SELECT {', '.join(['%s'] * len(inserted))} {unflushed}",
            f"ON CONFLICT ({', '.join(unique)}) DO UPDATE SET {updates}",
        ]
    )
    params = [*attempt_fields.values(), attempt_id, JoinAttempt.Outcome.UNCONFIRMED]
    params += [attendee_id, session_id, now, *registration.values()]
    # Inside a caller's transaction, a savepoint: a failure here spoils nothing of it.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(sql, params)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)
