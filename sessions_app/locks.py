"""A lock in the shared cache that only its owner releases.

`cache.add` takes it (atomic on local memory and Redis) with a value only this taker knows;
releasing deletes it only while it still holds that value. A holder that outlived the lock's
timeout (a slow upstream) must not delete the lock someone else has taken since: that would
let a third caller in beside the second, which is what single-flight is for preventing. On
Redis the check and the delete are one script (portal/redis_cache.py); elsewhere (local
memory, one process) they are two steps a few bytecodes apart. A lock released while Redis was
away (taken there before it went) is released there too when it answers, if it still holds
this token (portal/redis_cache.py): it would otherwise outlive the blip by its timeout.
"""

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache


@dataclass
class CacheLock:
    key: str
    seconds: int
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def acquire(self) -> bool:
        return cache.add(self.key, self.token, self.seconds)

    def release(self) -> bool:
        delete_if_equal = getattr(cache, "delete_if_equal", None)
        if delete_if_equal is not None:
            return delete_if_equal(self.key, self.token)
        if cache.get(self.key) == self.token:
            return cache.delete(self.key)
        return False
