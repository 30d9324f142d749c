"""Running transitions at the same moment, as two people would, each on its own connection."""

import threading
import time

import pytest
from django.db import connection, connections


def at_once(*calls, refused=()):
    """Run `calls` together (a barrier releases them at once); return each one's outcome in
    the order they finished: "done", "refused" (it raised one of `refused`), or whatever else
    it raised, so that an assertion on the outcomes shows the unexpected error."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("done")
        except refused:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def in_a_thread(call, errors):
    """Start `call` on a connection of its own; what it raises goes into `errors`."""

    def run():
        try:
            call()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_for_locks(count=1):
    """Return once `count` other connections wait for a lock (PostgreSQL; 10 s at most)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.05)
    pytest.fail(f"{count} connection(s) never waited for a lock")


def meanwhile(call, other):
    """Run `call(pause)` on a connection of its own; when it calls `pause()`, run `other` on
    another until it waits for a lock, then let `call` go on. Return what either raised."""
    paused, go = threading.Event(), threading.Event()
    errors = []

    def pause():
        paused.set()
        go.wait(10)

    first = in_a_thread(lambda: call(pause), errors)
    paused.wait(10)
    second = in_a_thread(other, errors)
    waiting_for_locks()
    go.set()
    first.join()
    second.join()
    return errors
