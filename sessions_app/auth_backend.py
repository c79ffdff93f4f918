"""Django's ModelBackend, with an attendee's user row kept in the shared cache.

Every attendee page has AuthenticationMiddleware load the session's user, only to check that
it still exists, may sign in and still matches the session's hash: a PostgreSQL query, with
its health check, on pages that otherwise read nothing from the database (a cached agenda, a
status poll), about 1 ms of a join's 10 (docs/benchmarks.md). Django still makes every check,
on the cached row.

- Staff and superusers are always read from the database: their password hashes stay out of
  the cache, and revoking an organizer's access takes effect on their next request.
- Saving or deleting a user drops its entry in every process (the cache is shared), once when
  the signal fires and again when the write commits: a page read in between may have put the
  old row back. A write that sends no signal (a queryset `update`) is seen within
  USER_CACHE_SECONDS.
- With Redis down, portal/redis_cache.py answers from each process's memory (entries kept
  5 s there), so another process may see a change up to 5 s late.
- Passwords are not this backend's business: `authenticate` declines, and the ModelBackend
  listed after it checks them (once: two ModelBackends would hash a wrong password twice).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

USER_CACHE_SECONDS = 60


def _key(user_id) -> str:
    return f"portal:authuser:{user_id}"


class CachedAttendeeBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_user(self, user_id):
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is not None and not (user.is_staff or user.is_superuser):
                cache.set(_key(user_id), user, USER_CACHE_SECONDS)
            return user
        return user if self.user_can_authenticate(user) else None


def _forget(sender, instance, **_) -> None:
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    model = get_user_model()
    post_save.connect(_forget, sender=model, dispatch_uid="portal-auth-user-saved")
    post_delete.connect(_forget, sender=model, dispatch_uid="portal-auth-user-deleted")
