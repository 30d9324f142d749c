import gc
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
TEST_EDITIONS = Path(__file__).parent / "fixtures" / "editions"
# A fictional Belarusian text of edition 1, for tests only.
TEST_EDITIONS_BE = Path(__file__).parent / "fixtures" / "editions_be"
# A verbatim copy of the source document, which the edition 1 fixture transcribes.
SOURCE = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Password hashing dominates sign-up and login tests otherwise.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth keeps rate-limit counters in the cache; each test starts with none, and with no
    # kept page.
    cache.clear()
    caches["pages"].clear()
    # A request in the test client leaves its page's language active in this thread; each test
    # starts in the default one, whatever the test before it requested.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _export_slots_free():
    """A streamed export the test client never read holds its slot until it is collected
    (accession/registry/views.py): each test starts with every slot free."""
    from accession.registry import views

    free = 0
    while views._export_slots.acquire(blocking=False):
        free += 1
    for _ in range(free):
        views._export_slots.release()
    if free < views.EXPORTS_AT_ONCE:
        gc.collect()


@pytest.fixture
def database_cache(settings, db):
    """The production cache, a table in the database, instead of the in-memory one."""
    # Only the default cache changes: kept pages stay in their own.
    settings.CACHES = {**settings.CACHES, "default": settings.DATABASE_CACHE}
    # The table's migration ran while the in-memory cache was configured, so it made none.
    call_command("createcachetable", verbosity=0)
    return cache


@pytest.fixture
def edition_1(db):
    call_command("load_principles", FIXTURES, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from principles.models import Edition

    return Edition.objects.get(number=1, language="en")


@pytest.fixture
def edition_1_be(edition_1):
    call_command("load_principles", TEST_EDITIONS_BE, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from principles.models import Edition

    return Edition.objects.get(number=1, language="be")


@pytest.fixture
def edition_2(edition_1):
    call_command("load_principles", TEST_EDITIONS, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from principles.models import Edition

    return Edition.objects.get(number=2, language="en")


def pytest_sessionfinish(session, exitstatus):
    """On PostgreSQL, the reference database, every test must run: a skip is a failure."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and connection.vendor == "postgresql" and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped on PostgreSQL: none may be.", red=True)
        session.exitstatus = 1


@pytest.fixture
def enqueued_tasks():
    """(task name, args, kwargs) of every task enqueued while the test runs."""
    from django.tasks.signals import task_enqueued

    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.args, task_result.kwargs))

    task_enqueued.connect(record, weak=False)
    yield enqueued
    task_enqueued.disconnect(record)
