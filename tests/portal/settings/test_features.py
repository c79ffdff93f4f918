"""What the portal offers on top (portal/settings/features.py), as a deployment gets it: a
default agenda format the agenda doesn't have stops start-up."""

import pytest

from tests.portal.settings.reading import run_check

pytestmark = pytest.mark.fresh_process  # the same on either pass: run once (tests/on_services.py)


def test_a_default_format_the_agenda_doesnt_have_stops_start_up():
    result = run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "KEYNOTES"})
    assert result.returncode != 0
    assert "PORTAL_DEFAULT_FORMAT must be one of" in result.stderr
    assert run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "WORKSHOP"}).returncode == 0
