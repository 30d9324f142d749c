"""Running transitions at the same moment, as two people would, each on its own connection."""

import threading

from django.db import connections


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
