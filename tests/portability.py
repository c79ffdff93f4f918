"""Test helpers that work the same on SQLite + local memory and on PostgreSQL + Redis (the two
passes of `make test`)."""

from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection


def _raw_store():
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return {key.decode(): client.get(key) for key in client.scan_iter()}
    return dict(backend._cache)  # local memory: key -> pickled value


def cached_keys() -> list[str]:
    """Every key in the default cache, with Django's prefix and version (":1:portal:...")."""
    return list(_raw_store())


def cached_values() -> list:
    """Every value in the default cache as stored (pickled bytes, or an int on Redis)."""
    return list(_raw_store().values())


@contextmanager
def inserts_refused(table: str, message: str, *, session_id: int | None = None):
    """The database itself refuses INSERTs into `table` (all, or those for `session_id`) while
    inside: a real write failure, not a mock of our code."""
    name = f"refuse_{table}"
    if connection.vendor == "postgresql":
        condition = f"NEW.session_id = {int(session_id)}" if session_id is not None else "TRUE"
        create = [
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN IF {condition} THEN "
            f"RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}()",
        ]
        drop = [f"DROP TRIGGER {name} ON {table}", f"DROP FUNCTION {name}()"]
    else:
        when = f"WHEN NEW.session_id = {int(session_id)} " if session_id is not None else ""
        create = [
            f"CREATE TRIGGER {name} BEFORE INSERT ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        ]
        drop = [f"DROP TRIGGER {name}"]
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
