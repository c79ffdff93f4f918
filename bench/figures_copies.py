"""Figure 13: two copies of the portal behind HAProxy. Single flight must hold across copies
(the locks are in the shared Redis), and the balancer's rate is reported against one copy."""

from . import load
from .attendees import Attendee, view, write_lua
from .figures import ACCESS_LOG, AGENDA, REGISTERED_LIST, SESSION_LIST, Figure, _stats
from .stack import Stack

# --- 13. two copies behind the balancer -----------------------------------------------------


def copies_single_flight(stack: Stack, attendee: Attendee, *, expect: tuple[int, int]) -> Figure:
    data = write_lua(stack.workdir / "copies.lua", [attendee])
    offset = stack.portal_log_size()
    _stats(stack, reset=True)
    result = load.run(
        stack.portal_url + AGENDA, name="13-copies", data=data, workdir=stack.workdir,
        seconds=10, connections=500, total=500,
    )  # fmt: skip
    counts = _stats(stack)
    lists = (counts.get(SESSION_LIST, 0), counts.get(REGISTERED_LIST, 0))
    served = {
        name: sum(1 for m in ACCESS_LOG.finditer(text) if "/?format=all" in m[0])
        for name, text in stack.copy_log_since(offset).items()
    }
    return Figure(
        "13a",
        f"500 concurrent agenda requests from one attendee after its lists expired, through "
        f"HAProxy to {len(stack.copies)} copies",
        f"{lists[0]} session-list call, {lists[1]} registered-list call; requests per copy: "
        + ", ".join(f"{name} {n}" for name, n in served.items()),
        f"exactly {expect[0]} + {expect[1]} upstream calls (one per expired list) across both "
        "copies; both copies served requests",
        f"{result.status_200} answered 200, {result.errors} errors, "
        f"p99 {result.latency_ms['p99']:.0f} ms",
        lists == expect and result.status_200 == 500 and min(served.values()) > 0,
        [f"all upstream calls: {counts}"],
    )


def copies_throughput(stack: Stack, attendee: Attendee, *, seconds: int) -> Figure:
    view(stack.portal_url, attendee)
    data = write_lua(stack.workdir / "one.lua", [attendee])
    got = {}
    for name, base in (("balancer", stack.portal_url), ("one copy", stack.copies[0].url)):
        options = dict(data=data, workdir=stack.workdir, connections=32, check=False)
        load.run(base + AGENDA, name=f"13-warm-{name}".replace(" ", "-"), seconds=1, **options)
        got[name] = load.run(
            base + AGENDA, name=f"13-{name}".replace(" ", "-"), seconds=seconds, **options
        )
    ratio = got["balancer"].rps / got["one copy"].rps
    return Figure(
        "13b",
        "cached agenda requests/s through HAProxy to 2 copies ÷ one copy direct",
        f"{ratio:.2f} ({got['balancer'].rps:,.0f} ÷ {got['one copy'].rps:,.0f} rps)",
        "reported, no target",
        f"one copy direct ({stack.copies[0].name}, its 2 workers): {got['one copy'].rps:,.0f} "
        f"rps, p99 {got['one copy'].latency_ms['p99']:.0f} ms",
        got["balancer"].errors == 0,
        values={"balancer_rps": got["balancer"].rps, "one_copy_rps": got["one copy"].rps},
        notes=[f"balancer: p50 {got['balancer'].latency_ms['p50']:.1f} ms, p99 "
         f"{got['balancer'].latency_ms['p99']:.1f} ms, {got['balancer'].errors} errors"],
    )  # fmt: skip
