"""Settings for `make bench` only (tools/management/commands/bench.py): the site's own, served by
the documented gunicorn command, with a bare view added for comparison and the database the
benchmark seeded. Production never names this module."""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

ROOT_URLCONF = "config.bench_urls"
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
