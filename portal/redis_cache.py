"""Django's built-in Redis cache, keeping one client object per connection pool.

The built-in `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache
operation, and redis-py fills a table of ~170 response callbacks in each constructor: about
0.1 ms per call, a third of a local GET (profiled in docs/benchmarks.md). A `redis.Redis` is
thread-safe and only borrows connections from its pool, so one per pool is enough. Everything
else (pools, serializer, options, behaviour) is Django's own.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
