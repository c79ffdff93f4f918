"""Chromium's own verdict on installing the portal as an app, for `make lighthouse`: Lighthouse 12
dropped its PWA category and the `installable-manifest` audit, which read this same verdict
(`Page.getInstallabilityErrors`). Asked in a regular profile (incognito is never installable),
signed in with the cookie carried by hand as for Lighthouse (bench/lighthouse.py); and the PWA
category of Lighthouse 11, the last release that has one."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright


def installability_errors(url: str, cookie: str, chromium: str) -> list[str]:
    """The error ids Chromium gives for `url` (empty: installable)."""
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
            extra_http_headers={"Cookie": cookie},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(url, wait_until="load")
            answer = context.new_cdp_session(page).send("Page.getInstallabilityErrors")
        finally:
            context.close()
    return [error["errorId"] for error in answer["installabilityErrors"]]


def pwa_audits(lighthouse: Path, url: str, cookie: str, chrome_flags: str, out: Path) -> dict:
    """Lighthouse 11's PWA category on `url` (its last release with one): each audit's id and
    score (1 passed, 0 failed, None informative). `installable-manifest` is the one that must
    pass."""
    command = [
        str(lighthouse),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=pwa",
        f"--chrome-flags={chrome_flags}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    if done.returncode or not out.exists():
        return {"lighthouse-failed": None}
    report = json.loads(out.read_text())
    refs = report["categories"]["pwa"]["auditRefs"]
    return {ref["id"]: report["audits"][ref["id"]].get("score") for ref in refs}
