"""`make bench`: the registry's speed at 1,000, 10,000 and 100,000 signatories.

Runs in a throwaway test database on the configured server, so development data is untouched.
Prints p50/p95 server time, query count and memory per scenario; on PostgreSQL it exits
non-zero when a target of the README is missed.
"""

import gc
import io
import statistics
import time
import tracemalloc

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse

from accession.registry.public import listed_signatories
from principles.models import Edition
from tools.management.commands.seed_demo import clear_demo_data, seed_demo

PAGE_SIZE = 50
TARGETS = {
    "page_p95_ms": 25,
    "search_p95_ms": 50,
    "deepest_over_first": 1.5,
    "queries_per_page": 3,
    "csv_memory_mb": 50,
    "growth_first_page": 1.5,
}


class Command(BaseCommand):
    help = "Measure the registry at growing sizes in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--repeat", type=int, default=40)

    def handle(self, *args, sizes, repeat, **options):
        import random

        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            call_command("load_principles", stdout=io.StringIO())
            edition = Edition.objects.get(status=Edition.Status.CURRENT, language="en")
            results = {}
            for size in [int(s) for s in sizes.split(",")]:
                clear_demo_data()
                started = time.perf_counter()
                seed_demo(size, edition, random.Random(size))  # noqa: S311 - demo data
                seeded = time.perf_counter() - started
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        # As autovacuum would: statistics and the visibility map.
                        cursor.execute("VACUUM ANALYZE")
                results[size] = self.measure(repeat)
                results[size]["seed_s"] = seeded
                self.stdout.write(f"seeded {size} in {seeded:.1f} s")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.report(results)

    def measure(self, repeat):
        # Production settings: https only, so the client speaks it.
        client = Client(secure=True)
        newest = listed_signatories().order_by("-acceded_at", "-public_id")
        listed = newest.count()
        deepest_cursor = newest.values_list("public_id", flat=True)[max(listed - PAGE_SIZE - 1, 0)]
        search = "lukashevic" if connection.vendor == "postgresql" else "lukashevich"
        url = reverse("registry:list")
        scenarios = {
            "first page": (url, {}),
            "deepest page": (url, {"after": deepest_cursor}),
            "filtered page": (url, {"region": "minsk-city", "kind": "individual"}),
            "search": (url, {"q": search}),
        }
        measured = {}
        for name, (path, params) in scenarios.items():
            measured[name] = self.time(client, path, {"size": PAGE_SIZE, **params}, repeat)
        measured["csv"] = self.time_csv(client)
        return measured

    def time(self, client, path, params, repeat):
        gc.collect()
        for _ in range(3):
            client.get(path, params, secure=True)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path, params, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} {params} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path, params, secure=True)
        query_count = len(queries)
        tracemalloc.start()
        client.get(path, params, secure=True)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {
            "p50": statistics.median(timings),
            "p95": statistics.quantiles(timings, n=20)[18],
            "queries": query_count,
            "memory_mb": peak / 2**20,
        }

    def time_csv(self, client):
        started = time.perf_counter()
        response = client.get(reverse("open_data:csv"), secure=True)
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
        tracemalloc.start()
        response = client.get(reverse("open_data:csv"), secure=True)
        for _chunk in response.streaming_content:
            pass
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        with CaptureQueriesContext(connection) as queries:
            for _chunk in client.get(reverse("open_data:csv"), secure=True).streaming_content:
                pass
        return {
            "p50": elapsed,
            "p95": elapsed,
            "queries": len(queries),
            "memory_mb": peak / 2**20,
            "rows": rows - 1,
        }

    def report(self, results):
        vendor = connection.vendor
        lines = [
            f"Registry benchmark on {vendor} (server time through the full Django stack, "
            f"page size {PAGE_SIZE})",
            "",
            "| signatories | scenario | p50 ms | p95 ms | queries | peak memory MB |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for size, measured in results.items():
            for name, m in measured.items():
                if name == "seed_s":
                    continue
                extra = f" ({m['rows']} rows)" if "rows" in m else ""
                lines.append(
                    f"| {size:,} | {name}{extra} | {m['p50']:.1f} | {m['p95']:.1f} | "
                    f"{m['queries']} | {m['memory_mb']:.1f} |"
                )
            lines.append(f"| {size:,} | seeding | {measured['seed_s'] * 1000:.0f} | | | |")
        self.stdout.write("\n".join(lines))
        missed = self.missed(results)
        if vendor != "postgresql":
            self.stdout.write("\nThe targets apply to PostgreSQL; set DATABASE_URL to check them.")
            return
        if missed:
            raise CommandError("Targets missed:\n  " + "\n  ".join(missed))
        self.stdout.write("\nAll targets met.")

    def missed(self, results):
        missed = []
        largest = max(results)
        at = results[largest]
        for name in ("first page", "deepest page", "filtered page"):
            if at[name]["p95"] > TARGETS["page_p95_ms"]:
                missed.append(f"{name} p95 {at[name]['p95']:.1f} ms > {TARGETS['page_p95_ms']}")
        if at["search"]["p95"] > TARGETS["search_p95_ms"]:
            missed.append(f"search p95 {at['search']['p95']:.1f} ms > {TARGETS['search_p95_ms']}")
        ratio = at["deepest page"]["p50"] / at["first page"]["p50"]
        if ratio > TARGETS["deepest_over_first"]:
            missed.append(f"deepest page is {ratio:.2f}x the first")
        for size, measured in results.items():
            for name in ("first page", "deepest page", "filtered page", "search"):
                if measured[name]["queries"] > TARGETS["queries_per_page"]:
                    missed.append(f"{name} at {size}: {measured[name]['queries']} queries")
        if at["csv"]["memory_mb"] > TARGETS["csv_memory_mb"]:
            missed.append(f"CSV peak memory {at['csv']['memory_mb']:.1f} MB")
        smallest = min(results)
        growth = at["first page"]["p50"] / results[smallest]["first page"]["p50"]
        if largest != smallest and growth > TARGETS["growth_first_page"]:
            missed.append(f"first page at {largest} is {growth:.2f}x its time at {smallest}")
        return missed
