"""Settings for the attendee portal, read once from the environment through django-environ.

Every setting has an embedded default that runs the portal against the local sandbox,
with SQLite under var/ and a local-memory cache. With DEBUG off, the secrets and the
upstream location must be given explicitly, or start-up fails.

`DJANGO_SETTINGS_MODULE=portal.settings` names this package; its parts are read in this order,
each one importing from the earlier ones what it builds on:

- base: the environment, DEBUG, the secret key and hosts; apps, middleware, templates, the
  database, languages, static files and logging.
- upstream: where Accelevents (or the sandbox) is and how it is spoken to.
- features: what the portal offers on top: reservations and reminders, the agenda's defaults
  and help links, the organizer's background tasks and labels.
- mail: where e-mail goes (reminders) and the public address its links use.
- cache: how long upstream data is kept, and the cache it is kept in.
- security: sign-in limits, proxies, sessions and cookies, headers and the CSP.
"""

# The order above is the order of reading, not the alphabet's.
# isort: off
from portal.settings.base import *  # noqa: F403
from portal.settings.upstream import *  # noqa: F403
from portal.settings.features import *  # noqa: F403
from portal.settings.mail import *  # noqa: F403
from portal.settings.cache import *  # noqa: F403
from portal.settings.security import *  # noqa: F403
# isort: on
