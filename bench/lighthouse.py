"""`python -m bench.lighthouse` (`make lighthouse`): Lighthouse (mobile) on the attendee pages of
the production stack (gunicorn, DEBUG off, compressed static files, behind HAProxy; bench/stack.py),
signed in as a demo attendee, and Chromium's installability verdict on the agenda
(bench/installability.py). Writes docs/lighthouse.md and exits non-zero when a target is
missed or the agenda is not installable. The machines are small: run it alone, as the benchmark.

Lighthouse comes from npm (`make lighthouse` installs it under var/lighthouse) and drives Debian's
chromium. The session cookie is Secure (DEBUG off) and the stack is plain http on loopback, so the
cookie is handed to Lighthouse as a request header, as bench/attendees.py does for the load.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox.demo import ACCOUNTS, SESSION_IDS

from .attendees import sign_in
from .installability import installability_errors, pwa_audits
from .processes import REPO, BenchError
from .stack import Config, running_stack

WORKDIR = REPO / "var" / "lighthouse-run"
LIGHTHOUSE = Path(
    os.environ.get(
        "LIGHTHOUSE", REPO / "var" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
    )
)
LIGHTHOUSE_PWA = Path(  # Lighthouse 11: the last release with a PWA category
    os.environ.get(
        "LIGHTHOUSE_PWA", REPO / "var" / "lighthouse-pwa" / "node_modules" / ".bin" / "lighthouse"
    )
)
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
CHROME_FLAGS += "--disable-component-update --disable-sync --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
MAX_CLS = 0.05
PAGES = {
    "agenda": "/",
    "session page (live, YouTube)": f"/sessions/{SESSION_IDS['accessible-venues']}/",
    "session page (live, Mux HLS)": f"/sessions/{SESSION_IDS['opening-keynote']}/",
    "my sessions": "/my-sessions/",
    "sign-in": "/sign-in/",
}


@dataclass(frozen=True)
class Result:
    page: str
    scores: dict
    cls: float
    failed: tuple[str, ...]  # audits below full marks, for the report

    @property
    def met(self) -> bool:
        return self.cls <= MAX_CLS and all(self.scores[c] >= TARGETS[c] for c in CATEGORIES)


def say(message: str) -> None:
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", flush=True)


def audit(url: str, cookie: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    if result.returncode or not out.exists():
        raise BenchError(f"lighthouse failed on {url}: {result.stderr[-800:]}")
    return json.loads(out.read_text())


def summarise(page: str, report: dict) -> Result:
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    failed = tuple(
        f"{audit_id} ({a['score']})"
        for category in CATEGORIES[1:]
        for ref in report["categories"][category]["auditRefs"]
        if (a := report["audits"][ref["id"]]).get("score") is not None
        and a["score"] < 1
        and ref.get("weight", 0) > 0
        for audit_id in [ref["id"]]
    )
    return Result(page, scores, round(cls, 3), failed)


def write_report(results: list[Result], version: str, install_errors: list[str], pwa) -> Path:
    lines = [
        "# Lighthouse (mobile) on the attendee pages",
        "",
        "Measured by `make lighthouse` (`bench/lighthouse.py`): the production stack as",
        "`make bench` runs it (two gunicorn copies behind HAProxy, DEBUG off, static files",
        "compressed by whitenoise, PostgreSQL, Redis, the sandbox with 100 ms latency), signed in",
        "as Gina (`gina@example.com`), Lighthouse's default mobile emulation and simulated",
        "throttling, Debian's chromium. Run it alone: the machine has 2 cores.",
        "",
        f"Targets: performance ≥ {TARGETS['performance']}, "
        f"accessibility {TARGETS['accessibility']}, "
        f"best practices {TARGETS['best-practices']}, CLS ≤ {MAX_CLS}. Lighthouse {version}; "
        f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| page | performance | accessibility | best practices | CLS | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r.scores
        lines.append(
            f"| {r.page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
            f"| {r.cls} | {'yes' if r.met else 'NO'} |"
        )
    misses = [f"- {r.page}: {', '.join(r.failed)}" for r in results if r.failed]
    if misses:
        lines += ["", "Audits below full marks (accessibility, best practices):", "", *misses]
    verdict = ", ".join(install_errors) if install_errors else "none: installable"
    lines += [
        "",
        "Installable as an app (Lighthouse 12 dropped its PWA category): Chromium's own",
        f"`Page.getInstallabilityErrors` on the agenda, in a regular profile: {verdict}.",
        "",
        "Lighthouse 11.7.1's PWA category on the agenda (its last release with one; 1 passed, 0",
        "failed, - informative): "
        + ", ".join(f"`{k}` {'-' if v is None else v}" for k, v in pwa.items())
        + ".",
    ]
    path = REPO / "docs" / "lighthouse.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise BenchError(f"no Lighthouse at {LIGHTHOUSE}: run `make lighthouse`")
    version = subprocess.run(  # noqa: S603
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    WORKDIR.mkdir(parents=True, exist_ok=True)
    with running_stack(Config(), WORKDIR, say=say) as stack:
        account = ACCOUNTS["general"]
        attendee = sign_in(stack.portal_url, account)
        results = []
        for page, path in PAGES.items():
            say(f"auditing {page} ({path})")
            cookie = "" if path == "/sign-in/" else attendee.cookie
            out = WORKDIR / f"{page.split(' ')[0]}-{len(results)}.json"
            results.append(summarise(page, audit(stack.portal_url + path, cookie, out)))
            say(f"{results[-1]}")
        install_errors = installability_errors(stack.portal_url + "/", attendee.cookie, CHROMIUM)
        say(f"installability errors: {install_errors or 'none'}")
        out = WORKDIR / "agenda-pwa.json"
        pwa = pwa_audits(LIGHTHOUSE_PWA, stack.portal_url + "/", attendee.cookie, CHROME_FLAGS, out)
        say(f"Lighthouse 11 PWA audits: {pwa}")
    say(f"wrote {write_report(results, version, install_errors, pwa)}")
    installable = not install_errors and pwa.get("installable-manifest") == 1
    return 0 if all(r.met for r in results) and installable else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"lighthouse: {exc}", file=sys.stderr)
        sys.exit(2)
