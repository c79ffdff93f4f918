"""gunicorn settings for production (the Dockerfile's CMD; `make bench` runs the same file).

gthread workers: a request mostly waits on Redis, PostgreSQL or the upstream, so threads keep a
worker busy while one waits; several worker processes use every core despite the GIL. Each
setting can be overridden by the environment variable next to it.
"""

import gc
import math
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))


def threads_for(upstream_rps: float, upstream_seconds: float, worker_count: int) -> int:
    """Threads per worker so that one copy keeps `upstream_rps` requests a second that wait on
    the upstream while each waits `upstream_seconds`: threads >= requests/s x seconds per
    request (Little's law), spread over the workers, and never fewer than 8 for the rest."""
    return max(8, math.ceil(upstream_rps * upstream_seconds / worker_count))


# A page's reads go out together (sessions_app/agenda/reads.py), so a request that needs the
# upstream waits about one call: at most UPSTREAM_READ_TIMEOUT while the upstream is slow.
threads = int(
    os.environ.get("GUNICORN_THREADS")
    or threads_for(
        float(os.environ.get("GUNICORN_UPSTREAM_RPS", 5)),
        float(os.environ.get("UPSTREAM_READ_TIMEOUT", 5.0)),
        workers,
    )
)
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Seconds an idle keep-alive connection stays open: longer than the balancer keeps an idle one
# (HAProxy purges half of its idle connections every 2 s), so the balancer is the side that
# closes it. Shorter, gunicorn could close one just as HAProxy reuses it, and the POST sent on
# it gets a 502 (seen once in `make bench`'s sign-ins): a POST is never retried.
keepalive = 75
backlog = 2048  # connections queued while every thread is busy, instead of refused
# Recycle a worker now and then (a leak can't grow forever), staggered by the jitter. Not too
# often: a restart costs a second of CPU and drops its idle keep-alive connections; at 5,000 the
# benchmark saw a restart every few seconds (docs/benchmarks.md).
max_requests = 50_000
max_requests_jitter = 5_000
# Heartbeat files in memory, not on a container's overlay disk (gunicorn's own advice).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")  # noqa: S108
control_socket_disable = True  # no runtime control socket: nothing uses it
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
logger_class = "portal.logs.GunicornLogger"  # magic-link keys redacted from both logs
# The default format plus the time taken, in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# The garbage collector in a worker. CPython collects its youngest objects every 700 new ones;
# a portal request makes thousands (a decoded session list, the rendered cards), so a worker ran
# a collection every third request and spent about 2 s in them over `make bench`, with pauses
# of up to 280 ms that stop every thread of the worker. Everything loaded at start (Django, the
# portal's modules) is frozen out of the collector's sight, and the youngest generation is
# collected every GUNICORN_GC_YOUNG allocations: about 0.5 s over the same run
# (docs/benchmarks.md). Cycles still go: only how often the collector looks changes.
gc_young = int(os.environ.get("GUNICORN_GC_YOUNG", 20_000))


def post_worker_init(worker):
    gc.freeze()
    gc.set_threshold(gc_young, *gc.get_threshold()[1:])
