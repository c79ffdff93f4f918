"""Attendees for the load: created in the sandbox with ready tickets, then signed in through the
portal's own sign-in form, so each holds a real server-side session (cookie + CSRF token)."""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from .stack import BenchError

TIMEOUT = 30
SIGN_IN_CONCURRENCY = 24
CREATE_BATCH = 100
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Attendee:
    email: str
    session_id: str  # the portal's session cookie
    csrf: str  # the CSRF cookie value, also sent as X-CSRFToken
    # With DEBUG off the portal names them __Host-sessionid and __Host-csrftoken.
    session_cookie: str = "sessionid"
    csrf_cookie: str = "csrftoken"

    @property
    def cookie(self) -> str:
        return f"{self.session_cookie}={self.session_id}; {self.csrf_cookie}={self.csrf}"

    @property
    def headers(self) -> dict:
        return {"Cookie": self.cookie}


def create(sandbox_url: str, count: int) -> list[dict]:
    created = []
    while len(created) < count:
        batch = min(CREATE_BATCH, count - len(created))
        response = requests.post(
            f"{sandbox_url}/__sandbox__/attendees",
            json={"count": batch, "ticket_type": "vip"},
            timeout=120,
        )
        response.raise_for_status()
        created += response.json()["attendees"]
    return created


def sign_in(portal_url: str, account: dict) -> Attendee:
    # The cookies are Secure (DEBUG off) and this is plain http, so they are carried by hand.
    form = requests.get(f"{portal_url}/sign-in/", timeout=TIMEOUT)
    csrf_name = _named(form.cookies, "csrftoken")
    if form.status_code != 200 or not csrf_name:
        raise BenchError(f"the sign-in form answered {form.status_code} without a CSRF cookie")
    csrf = form.cookies[csrf_name]
    token = FORM_TOKEN.search(form.text).group(1)
    response = requests.post(
        f"{portal_url}/sign-in/",
        data={"email": account["email"], "password": account["password"]},
        headers={"Cookie": f"{csrf_name}={csrf}", "X-CSRFToken": token},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    session_name = _named(response.cookies, "sessionid")
    if response.status_code != 302 or not session_name:
        raise BenchError(f"sign-in of {account['email']} answered {response.status_code}")
    csrf = response.cookies.get(csrf_name, csrf)
    return Attendee(account["email"], response.cookies[session_name], csrf, session_name, csrf_name)


def _named(cookies, name: str) -> str:
    """The cookie's name as the portal sets it: `name`, or `__Host-name` behind HTTPS settings."""
    return next((key for key in cookies.get_dict() if key in (name, f"__Host-{name}")), "")


def signed_in(sandbox_url: str, portal_url: str, count: int) -> list[Attendee]:
    accounts = create(sandbox_url, count)
    with ThreadPoolExecutor(SIGN_IN_CONCURRENCY) as pool:
        return list(pool.map(lambda account: sign_in(portal_url, account), accounts))


HTMX_LIST = {"HX-Request": "true", "HX-Target": "agenda-list"}


def view(portal_url: str, attendee: Attendee, path: str = "/?format=all", headers=None) -> str:
    response = requests.get(
        portal_url + path, headers={**attendee.headers, **(headers or {})}, timeout=TIMEOUT
    )
    if response.status_code != 200:
        raise BenchError(f"{path} for {attendee.email} answered {response.status_code}")
    return response.text


def view_all(
    portal_url: str,
    attendees: list[Attendee],
    path: str = "/?format=all",
    *,
    concurrency: int = SIGN_IN_CONCURRENCY,
) -> None:
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda attendee: view(portal_url, attendee, path), attendees))


def write_lua(path: Path, attendees: list[Attendee]) -> Path:
    """The attendees as a Lua table for bench/load.lua."""
    cookies = ",\n".join(f'  "{a.cookie}"' for a in attendees)
    csrf = ",\n".join(f'  "{a.csrf}"' for a in attendees)
    path.write_text(f"return {{cookies = {{\n{cookies}\n}}, csrf = {{\n{csrf}\n}}}}\n")
    return path
