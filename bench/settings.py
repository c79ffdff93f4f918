"""The portal's own settings plus a bench-only URLconf (so the reference view never ships) and a
throw-away STATIC_ROOT the benchmark collects into."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import STATIC_ROOT as PORTAL_STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", PORTAL_STATIC_ROOT)
