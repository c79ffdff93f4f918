"""`python -m bench.profile [WHAT] [-n N]` (`make bench-profile`): the portal
in this process, with the benchmark's settings against the same stack (sandbox with latency,
PostgreSQL, Redis), a request repeated N times under pyinstrument. Profile before optimising:
docs/benchmarks.md says what these profiles showed and what changed because of them.

- agenda: the cached agenda page (the rendered page reused), what figure 1 measures
- render: the agenda with its data cached but the page rendered every time
- partial: the htmx list partial, reused
- join: N attendees joining a live session, one after the other (figure 5)
- cold: N attendees' first view of the agenda, one after the other (figure 7)
- minimal: the bench-only minimal view, same signed-in attendee (figure 1's reference)
"""

import argparse
import os
import re
import signal
import sys
import time

from .attendees import create
from .stack import REPO, Config, running_stack

WORKDIR = REPO / "var" / "bench-profile"
JOINABLE_KEY = "expo-tour"


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def _signed_in(account: dict):
    client = _client()
    form = client.get("/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    answer = client.post(
        "/sign-in/",
        {"email": account["email"], "password": account["password"]},
        HTTP_X_CSRFTOKEN=token,
    )
    assert answer.status_code == 302, answer.status_code
    return client


def _requests(what: str, clients: list, n: int):
    from django.conf import settings

    from sandbox.demo import SESSION_IDS

    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda-list"}
    csrf = settings.CSRF_COOKIE_NAME  # __Host-csrftoken with secure cookies
    if what == "join":
        path = f"/sessions/{SESSION_IDS[JOINABLE_KEY]}/join/"
        for client in clients:
            client.get("/?format=all")  # lists cached, as in the benchmark
        return [
            lambda c=c: c.post(path, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=c.cookies[csrf].value)
            for c in clients
        ]
    if what == "cold":
        return [lambda c=c: c.get("/") for c in clients]
    client = clients[0]
    if what == "minimal":
        return [lambda: client.get("/bench/minimal/") for _ in range(n)]
    client.get("/?format=all", **(hx if what == "partial" else {}))
    if what == "render":  # an extra parameter makes a new page key: rendered every time
        return [lambda i=i: client.get(f"/?format=all&r={i}") for i in range(n)]
    headers = hx if what == "partial" else {}
    return [lambda: client.get("/?format=all", **headers) for _ in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        choices=["agenda", "render", "partial", "join", "cold", "minimal"],
        nargs="?",
        default="agenda",
    )
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the stack's exits still run
    WORKDIR.mkdir(parents=True, exist_ok=True)
    # A long TTL: the lists stay cached however long the set-up takes (CPU is what's profiled).
    with running_stack(Config(cache_ttl=3600), WORKDIR, portal=False) as stack:
        os.environ.update(stack.portal_env)
        os.environ["LOG_LEVEL"] = "WARNING"
        import django
        from pyinstrument import Profiler

        django.setup()
        count = 2 * args.n if args.what in ("join", "cold") else 1
        clients = [_signed_in(a) for a in create(stack.sandbox_url, count)]
        calls = _requests(args.what, clients, 2 * args.n)
        plain = _timed(calls[: args.n])  # the profiler's own overhead left out
        profiler = Profiler(interval=0.001)
        with profiler:
            profiled = _timed(calls[args.n :])
        out = WORKDIR / f"{args.what}.html"
        out.write_text(profiler.output_html())
        profiler.last_session.save(str(out.with_suffix(".pyisession")))
        print(profiler.output_text(unicode=True, color=False))
        print(f"{args.what}: {plain:.2f} ms a request ({profiled:.2f} ms profiled), n={args.n}")
        print(
            f"full profile: {out} (and {out.with_suffix('.pyisession').name}: pyinstrument --load)"
        )
    return 0


def _timed(calls) -> float:
    started = time.perf_counter()
    for call in calls:
        response = call()
        assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) / len(calls) * 1000


if __name__ == "__main__":
    sys.exit(main())
