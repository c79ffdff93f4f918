"""Four languages, complete: chosen from Accept-Language or the switcher (remembered, CSRF-
protected, no JavaScript needed); every message translated in every catalogue, none left out of
them; no template text or script string outside translation; dates and times localised."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.catalogues import read_catalogue
from tests.portal_helpers import sign_in
from tests.untranslated import untranslated_in_script, untranslated_in_template

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DOMAINS = ["django", "djangojs"]
ATTENDEE_TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*.html") if "admin" not in p.relative_to(ROOT).parts
)
SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js"))
PLACEHOLDERS = re.compile(r"%\((\w+)\)[-+ #0]*\d*[sd]")


def problems_in(catalogue: Path) -> list[str]:
    problems = []
    for entry in read_catalogue(catalogue):
        if not entry.translated:
            state = "fuzzy" if entry.fuzzy else "untranslated"
            problems.append(
                f"{catalogue.relative_to(catalogue.parents[3])}: {state}: {entry.msgid!r}"
            )
            continue
        wanted = set(PLACEHOLDERS.findall(entry.msgid))
        for translation in entry.strings.values():
            if set(PLACEHOLDERS.findall(translation)) != wanted:
                problems.append(f"{catalogue}: placeholders differ: {entry.msgid!r}")
    return problems


# --- the catalogues --------------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_in_every_catalogue(language, domain):
    catalogue = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    assert read_catalogue(catalogue), f"{catalogue} is empty"
    assert problems_in(catalogue) == []


def test_the_catalogues_hold_every_message_the_code_has(tmp_path):
    """makemessages on a copy of the code: a message new in the code arrives there empty (or
    fuzzy, when gettext guesses from a similar one), so a catalogue left behind fails."""
    for part in ("manage.py", "portal", "sessions_app", "templates", "static/js", "locale"):
        source, target = ROOT / part, tmp_path / part
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.mo", "admin")
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy(source, target)
    for extra in ([], ["-d", "djangojs"]):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--all", "--no-location", *extra],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    problems = [
        problem
        for language in LANGUAGES
        for domain in DOMAINS
        for problem in problems_in(tmp_path / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
    ]
    assert problems == [], "run `make makemessages` and translate:\n" + "\n".join(problems)


def test_the_catalogue_check_finds_an_empty_or_fuzzy_message(tmp_path):
    catalogue = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgid "Join"\nmsgstr "Teilnehmen"\n\n'
        'msgid "Watch"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Past"\nmsgstr "Vorbei"\n\n'
        'msgid "%(n)s seat"\nmsgid_plural "%(n)s seats"\nmsgstr[0] "%(n)s Platz"\nmsgstr[1] ""\n\n'
        'msgid "Hi %(name)s"\nmsgstr "Hallo"\n',
        encoding="utf-8",
    )
    found = "\n".join(problems_in(catalogue))
    assert "untranslated: 'Watch'" in found and "fuzzy: 'Past'" in found
    assert "untranslated: '%(n)s seat'" in found and "placeholders differ: 'Hi %(name)s'" in found
    assert "Join" not in found


# --- text outside translation ----------------------------------------------------------------


@pytest.mark.parametrize("template", ATTENDEE_TEMPLATES, ids=lambda p: p.name)
def test_no_template_holds_text_outside_translation(template):
    assert untranslated_in_template(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_script_shows_a_string_outside_gettext(script):
    assert untranslated_in_script(script.read_text(encoding="utf-8")) == []


def test_the_template_check_finds_text_and_read_attributes_outside_translation():
    source = (
        '{% load i18n %}<p>{% translate "Fine" %} {{ name }}</p>'
        '<h2>Sessions today</h2><button aria-label="Close menu">&times;</button>'
        '<a title="{{ x }} more">{% blocktranslate %}Fine {{ n }} too{% endblocktranslate %}</a>'
        '<input type="submit" value="Send"><meta name="description" content="An event">'
        '{# a comment #}{% comment %}Ignored words{% endcomment %}<abbr title="{{ tz }}">'
        "{{ abbr }}</abbr> &middot; &ndash; (#{{ tag }})"
    )
    found = untranslated_in_template(source)
    assert found == [
        "text: 'Sessions today'",
        "<button aria-label>: 'Close menu'",
        "<a title>: 'more'",
        "<input value>: 'Send'",
        "<meta content>: 'An event'",
    ]


def test_the_script_check_finds_a_string_outside_gettext():
    source = (
        'el.textContent = "Starts in " + x;\nvar t = gettext("Starts in %s");\n"use strict";\n'
        'matchMedia("(min-width: 48rem)"); querySelector("[data-x] select");'
    )
    assert untranslated_in_script(source) == ["Starts in "]


# --- choosing a language -------------------------------------------------------------------


def test_the_browsers_language_is_used(client, sandbox):
    html = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5").content
    html = html.decode()
    assert '<html lang="de"' in html
    assert ">Anmelden</h1>" in html and "Passwort" in html
    spanish = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()
    assert '<html lang="es"' in spanish and "Contraseña" in spanish
    other = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="en"' in other


@pytest.mark.django_db
def test_the_switcher_remembers_the_choice_over_the_browsers(client, sandbox):
    sign_in(client)
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/?tab=live"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 302 and response["Location"] == "/?tab=live"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr" and cookie["httponly"] and cookie["samesite"] == "Lax"
    agenda = client.get("/?tab=live", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="fr"' in agenda and "En direct" in agenda and "Se déconnecter" in agenda
    mine = client.get("/my-sessions/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Mes sessions</h1>" in mine


def test_the_switcher_is_a_csrf_protected_form(sandbox):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/sign-in/").content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S)[0]
    assert 'name="csrfmiddlewaretoken"' in form
    assert re.findall(r'name="language" value="(\w+)"', form) == LANGUAGES
    assert browser.post("/i18n/setlang/", {"language": "de"}).status_code == 403


def test_the_javascript_catalogue_is_a_script_in_the_pages_language(client):
    response = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Type"].startswith("text/javascript")
    assert "Beginnt in %(time)s" in response.content.decode()


# --- dates, times and numbers --------------------------------------------------------------


@pytest.mark.django_db
def test_times_and_days_follow_the_language(client, sandbox):
    sign_in(client)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    slot = r'<h4 class="slot-heading">.*?<time datetime="[^"]+">([^<]+)</time>'
    assert all(re.fullmatch(r"\d{1,2}:\d\d [AP]M", t) for t in re.findall(slot, english))
    assert all(re.fullmatch(r"\d\d:\d\d", t) for t in re.findall(slot, german))
    assert re.search(r'class="day-heading">Heute · \w+, \d{1,2}\. \w+</h3>', german)
    assert re.search(r'class="day-heading">Today · \w+, \w+ \d{1,2}</h3>', english)
    assert re.search(r"\d+ Plätze frei", german)
