"""The portal's SQLite backend (portal/sqlite/base.py): it tells Django the variable limit the
SQLite library really has, so a page of 1,000 registrants (14 fields each) is written in one
statement, where Django's own backend, assuming the old limit of 999, needs 15."""

import sqlite3
from contextlib import closing

import pytest
from django.db.utils import ConnectionHandler

from portal.sqlite.base import variable_limit
from sessions_app.models import Registration

PAGE = 1000


@pytest.fixture
def connections():
    handler = ConnectionHandler(
        {
            "default": {"ENGINE": "portal.sqlite", "NAME": ":memory:"},
            "django": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        }
    )
    yield handler
    handler.close_all()


def statements_for_a_page(connection) -> int:
    fields = Registration._meta.concrete_fields
    batch = connection.ops.bulk_batch_size(fields, [None] * PAGE)
    return -(-PAGE // batch)


def test_a_page_of_registrants_is_one_statement_where_djangos_backend_needs_fifteen(connections):
    assert len(Registration._meta.concrete_fields) == 14
    assert statements_for_a_page(connections["default"]) == 1
    assert statements_for_a_page(connections["django"]) == 15


def test_the_limit_told_is_the_one_sqlite_enforces():
    limit = variable_limit()
    assert limit > 999
    with closing(sqlite3.connect(":memory:")) as database:

        def one_of(count: int) -> int:
            listed = ", ".join(["?"] * count)
            return database.execute(f"SELECT 1 IN ({listed})", [1] * count).fetchone()[0]

        assert one_of(limit) == 1
        with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
            one_of(limit + 1)


def test_the_portals_connections_use_the_told_limit(connections):
    assert connections["default"].features.max_query_params == variable_limit()
