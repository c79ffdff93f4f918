"""What the portal offers on top (portal/settings/features.py), as a deployment gets it: a
default agenda format the agenda doesn't have stops start-up."""

from tests.portal.settings.reading import run_check


def test_a_default_format_the_agenda_doesnt_have_stops_start_up():
    result = run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "KEYNOTES"})
    assert result.returncode != 0
    assert "PORTAL_DEFAULT_FORMAT must be one of" in result.stderr
    assert run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "WORKSHOP"}).returncode == 0
