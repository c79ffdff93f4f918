"""wrk, driven through bench/load.lua, from its own process: the load generator is C and uses a
fraction of one core, so on a 2-core machine the portal keeps most of the CPU."""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .stack import BenchError

SCRIPT = Path(__file__).with_name("load.lua")


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    bytes: int
    status_200: int
    status_other: int
    socket_errors: int
    latency_ms: dict  # mean, p50, p90, p99, max
    error_kinds: dict  # wrk's socket errors by kind: connect, read, write, timeout

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.status_other + self.socket_errors


def run(
    url: str,
    *,
    name: str,
    data: Path,
    workdir: Path,
    seconds: int,
    connections: int,
    threads: int = 2,
    rotate: bool = False,
    method: str = "GET",
    htmx: bool = False,
    headers: dict | None = None,
    total: int = 0,
    spread_ms: int = 0,
    check: bool = True,
    timeout_s: int = 30,
) -> Load:
    out = workdir / f"wrk-{name}.json"  # kept for a look after the run
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "BENCH_DATA": str(data),
        "BENCH_ROTATE": "1" if rotate else "0",
        "BENCH_METHOD": method,
        "BENCH_HTMX": "1" if htmx else "0",
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in (headers or {}).items()),
        "BENCH_TOTAL": str(total),
        "BENCH_SPREAD": str(spread_ms),
        "BENCH_CHECK": "1" if check else "0",
        "BENCH_THREADS": str(threads),
        "BENCH_OUT": str(out),
    }
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(SCRIPT),
        url,
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode or not out.exists():
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    raw = json.loads(out.read_text())
    errors = raw["errors"]
    return Load(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        bytes=raw["bytes"],
        status_200=raw["status_200"],
        status_other=raw["status_other"] if check else errors["status"],  # wrk: >= 400 only
        socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        latency_ms={k: v / 1000 for k, v in raw["latency_us"].items()},
        error_kinds={k: errors[k] for k in ("connect", "read", "write", "timeout") if errors[k]},
    )
