"""Django's SQLite backend, told the real limit on variables per statement.

Django 5.2 assumes SQLite's limit before 3.32 (999), so a bulk write of 1,000 rows of 14 fields
became 15 statements; the SQLite library Python links against says its own limit (32,766 since
3.32). Reconciliation writes a page of registrants in one statement per table because of this.
"""

import sqlite3
from contextlib import closing
from functools import cache

from django.db.backends.sqlite3 import base, features


@cache
def variable_limit() -> int:
    with closing(sqlite3.connect(":memory:")) as probe:
        return probe.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseFeatures(features.DatabaseFeatures):
    @property
    def max_query_params(self) -> int:
        return variable_limit()


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
