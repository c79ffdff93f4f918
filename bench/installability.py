"""Chromium's own verdict on installing the portal as an app, for `make lighthouse`: Lighthouse 12
dropped its PWA category and the `installable-manifest` audit, which read this same verdict
(`Page.getInstallabilityErrors`). Asked in a regular profile (incognito is never installable),
signed in with the cookie carried by hand as for Lighthouse (bench/lighthouse.py)."""

import tempfile

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
