from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SessionsAppConfig(AppConfig):
    default = True
    name = "sessions_app"
    verbose_name = "Attendees and sessions"

    def ready(self):
        from django.conf import settings

        from sessions_app.upstream.contract import Contract

        from . import auth_backend

        auth_backend.connect()

        # Every upstream assumption is validated once, at start-up: a wrong value stops the
        # portal with the setting's name instead of surfacing as odd pages on the day.
        Contract.from_settings(settings)
        _check_default_format(settings)
        _check_hub_url(settings)


def _check_default_format(settings) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from sessions_app.agenda.forms import FORMAT_VALUES

    if settings.PORTAL_DEFAULT_FORMAT not in FORMAT_VALUES:
        raise ImproperlyConfigured(
            f"PORTAL_DEFAULT_FORMAT must be one of {', '.join(sorted(FORMAT_VALUES))}"
        )


def _check_hub_url(settings) -> None:
    from sessions_app.upstream.hub import check_hub_url

    check_hub_url(settings.ACCELEVENTS_HUB_SESSION_URL)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site, whose index is the event overview."""

    default = False

    default_site = "sessions_app.organizer.admin_site.PortalAdminSite"
