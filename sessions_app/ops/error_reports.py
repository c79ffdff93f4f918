"""What a 500 report may show (Django's debug page, the admins' e-mail, an error reporter such
as Sentry, all built by Django's ExceptionReporter): nothing that signs a request upstream.

Django's own filter hides settings and headers by name, but frame locals and POST data only
where a view was decorated, and nothing at all with DEBUG on. Here it is always on, and a local
variable is hidden when its name looks secret (`token`, `password`, a dict with an
`Authorization` key) or when its repr holds one of this request's secrets: the upstream token
and magic key in its session, a password in its POST, the organization's API key."""

import contextlib
import re

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

# Shorter values are no credential, and would hide every local that contains them by chance.
MIN_SECRET_LENGTH = 8


class SecretsFilter(SafeExceptionReporterFilter):
    def is_active(self, request) -> bool:
        return True  # with DEBUG on too: a debug page is shown, screen-shared, pasted

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        cleansed = multivaluedict.copy()
        for name in cleansed:
            if self.hidden_settings.search(name):
                cleansed.setlist(name, [self.cleansed_substitute])
        return cleansed

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return self.get_cleansed_multivaluedict(request, request.POST)

    def get_traceback_frame_variables(self, request, tb_frame):
        secrets = request_secrets(request, self.hidden_settings)
        return [
            (name, self._cleansed(name, value, secrets))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def _cleansed(self, name, value, secrets: set[str]):
        value = self.cleanse_setting(name, value)
        if value is self.cleansed_substitute or not secrets:
            return value
        try:
            shown = repr(value)
        except Exception:  # the report shows its own note for an unprintable value
            return value
        return self.cleansed_substitute if any(s in shown for s in secrets) else value


def request_secrets(request, names: re.Pattern) -> set[str]:
    found = {settings.ACCELEVENTS_API_KEY}
    # No request, or a session that cannot be read now: the names still count.
    with contextlib.suppress(Exception):
        _collect(dict(request.session.items()), names, found, secret=False)
        _collect({k: request.POST.getlist(k) for k in request.POST}, names, found, secret=False)
    return {value for value in found if len(value or "") >= MIN_SECRET_LENGTH}


def _collect(value, names: re.Pattern, found: set[str], *, secret: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _collect(item, names, found, secret=secret or bool(names.search(str(key))))
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, names, found, secret=secret)
    elif secret and isinstance(value, str):
        found.add(value)
