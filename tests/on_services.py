"""`python -m tests.on_services [pytest args]`: the suite again on PostgreSQL + Redis.

`make test` runs the suite on SQLite + local memory first, then this. Unless the arguments
choose with `-m`, the browser tests are left out of this pass (`-m "not browser"`): what they
check is what the browser does with the pages, which the first pass has shown, and every view,
cache and database path they use runs again here in the other tests; they are half of a pass's
time. So are the `fresh_process` tests: each starts Python with an environment of its own to
read the settings, whatever database and cache the suite runs on. Where PostgreSQL or Redis
isn't reachable the second pass is skipped with a loud message, unless
PORTAL_REQUIRE_SERVICES=1 (CI), where that is an error. Redis: databases of their own (8
by default, 9 for the second worker: tests/conftest.py), because the tests flush them
(`cache.clear()`) before and after each test.
"""

import os
import sys

import psycopg
import redis

DATABASE_URL = os.environ.get(
    "PORTAL_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"
)
CACHE_URL = os.environ.get("PORTAL_TEST_CACHE_URL", "redis://127.0.0.1:6379/8")


def unreachable() -> list[str]:
    problems = []
    try:
        # Django creates test_<name> through the maintenance database, as here.
        admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error as exc:
        problems.append(f"PostgreSQL at {DATABASE_URL}: {str(exc).strip()}")
    try:
        redis.Redis.from_url(CACHE_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        problems.append(f"Redis at {CACHE_URL}: {exc}")
    return problems


def banner(lines: list[str]) -> str:
    width = max(len(line) for line in lines) + 4
    return "\n".join(["!" * width, *(f"! {line}" for line in lines), "!" * width])


def main(args: list[str]) -> int:
    problems = unreachable()
    if problems:
        required = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
        verdict = (
            "PORTAL_REQUIRE_SERVICES=1: this is an error"
            if required
            else "SKIPPED: the PostgreSQL + Redis pass did not run"
        )
        print(banner([verdict, *problems]), file=sys.stderr, flush=True)
        return 1 if required else 0
    print(f"\n=== the suite again on {DATABASE_URL} + {CACHE_URL} ===\n", flush=True)
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "CACHE_URL": CACHE_URL}
    pytest = os.path.join(os.path.dirname(sys.executable), "pytest")
    chosen = any(arg == "-m" or arg.startswith("-m") for arg in args)
    marks = [] if chosen else ["-m", "not browser and not fresh_process"]
    os.execve(pytest, [pytest, *args, *marks], env)  # noqa: S606 - our own pytest, our arguments
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
