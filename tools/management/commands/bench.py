"""`make bench`: the site's speed over HTTP at 1,000, 100,000 and 1,000,000 signatories.

In a throwaway database on DATABASE_URL's server it seeds each size, starts the documented web
process (`gunicorn -c config/gunicorn.py config.wsgi`, 2 workers, DEBUG off) on a free loopback port
and drives it with wrk. Every page is measured against a bare `HttpResponse("ok")` view served
through the same middleware (config/bench_urls.py), run right before it: the ratio of requests per
second, bare ÷ page, the median of three such pairs, so a busy machine slows both alike. Signed-in
pages give their p95 latency; the exports are downloaded whole. Prints a Markdown table and, on
PostgreSQL, exits non-zero listing every target missed.
"""

import contextlib
import http.client
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accession.models import Accession, Kind, Signatory, Status
from accession.registry import public
from accounts.models import User
from accounts.policy import COORDINATORS
from principles.models import Edition
from tools.management.commands.seed_demo import seed_demo

BASE_DIR = Path(settings.BASE_DIR)
PAGE_SIZE = 50
LANGUAGES = ["be", "ru", "en"]
# A new connection for every request, as from many visitors: wrk's few connections kept open
# would each stay with the gunicorn worker that accepted it, and whether they happened to share
# one worker or not halved or doubled what a run measured.
HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Connection": "close"}
# Runs of each page, each after a run of the bare view.
ROUNDS = 3
# How long a signed-in page is requested, one request after another, for its p95.
SIGNED_IN_SECONDS = 3
SEARCHES = {
    "search: one word": ["Bialiatski", "Loika", "Sapelka", "Zhuk", "Navumau", "Kasko"],
    "search: two words": ["Ales Bialiatski", "Nasta Loika", "Hanna Zhuk", "Paval Kasko"],
    "search: a typo": ["Bialatski", "Lojka", "Sapelko", "Navumou", "Kavaliow"],
}
# Distinct search addresses per kind of search, more than wrk sends in a run.
SEARCH_ADDRESSES = 3000
# How long the first request to a page may take (gunicorn's own limit is 30 s).
WARM_UP_TIMEOUT = 40
# How long a signed-in page is requested, untimed, before its latency is measured: long enough
# for each thread's connection to have prepared the page's queries (see config/settings.py).
WARM_UP_SECONDS = 3
# How long a page may keep the bare view waiting while three exports download.
PROBE_TIMEOUT = 2.0
TARGETS = {
    "public_x_bare": 3,  # at 100,000 and more
    "search_x_bare": 10,  # at 1,000,000
    "search_growth": 1.5,  # 100,000 → 1,000,000
    "statistics_growth": 1.5,  # 1,000 → 1,000,000
    "signed_in_p95_ms": 25,  # at 1,000,000
    "first_row_ms": 200,
    "export_rss_mb": 50,
}


def bench_cache_url(database: int = 12, setting: str = "CACHE_URL") -> str:
    """`setting` if set, else the documented choice for several web processes, Redis, when one
    answers on its usual port (`database`, a database of its own), else a database table."""
    if os.environ.get(setting):
        return os.environ[setting]
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", 6379)) == 0:
            return f"redis://127.0.0.1:6379/{database}"
    return "db://" if setting == "CACHE_URL" else "db://pages"


class Command(BaseCommand):
    help = "Measure the site over HTTP at growing sizes in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,100000,1000000")
        parser.add_argument("--seconds", type=int, default=1, help="wrk's run per page")
        parser.add_argument("--connections", type=int, default=2)

    def handle(self, *args, sizes, seconds, connections, **options):
        self.seconds, self.connections = seconds, connections
        if not shutil.which("wrk"):
            raise CommandError("The benchmark needs wrk: tools/ensure-wrk installs it or says how.")
        if connection.vendor != "postgresql":
            self.stdout.write("The targets apply to PostgreSQL; set DATABASE_URL to check them.")
        old_name = connection.settings_dict["NAME"]
        # Its own name, so a test run on the same server keeps its test database.
        test_name = f"{Path(str(old_name)).stem}_bench"
        if connection.vendor == "sqlite":
            test_name = str(BASE_DIR / "bench.sqlite3")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        results = {}
        try:
            call_command("load_principles", stdout=open(os.devnull, "w"))  # noqa: SIM115
            edition = Edition.objects.get(status=Edition.Status.CURRENT, language="en")
            seeded = 0
            for size in sorted(int(s) for s in sizes.split(",")):
                started = time.perf_counter()
                # Each size adds to the last: seeding is most of the benchmark's time.
                seed_demo(size - seeded, edition, random_for(size))
                seeded = size
                self.vacuum()
                self.stdout.write(f"seeded {size:,} in {time.perf_counter() - started:.0f} s")
                with Server(connection.settings_dict["NAME"]) as server:
                    results[size] = Measurement(self, server, edition, size).run()
        except BaseException:
            # What the smaller sizes showed is worth having when a larger one fails.
            if results:
                self.report(results, enforce=False)
            raise
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.report(results)

    def vacuum(self):
        # As autovacuum would after a load: statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def report(self, results, enforce=True):
        sizes = list(results)
        lines = [
            f"Over HTTP on {connection.vendor}: gunicorn with 2 workers, DEBUG off, cache "
            f"{bench_cache_url().partition(':')[0]}, wrk "
            f"-t1 -c{self.connections} on loopback, {ROUNDS} runs of {self.seconds} s per page "
            "each after one of the bare view. Pages: how many times the bare view's cost (its "
            "requests per second ÷ the page's, the median of the pairs), be / ru / en; signed-in "
            f"pages: p95 of {SIGNED_IN_SECONDS} s of requests one after another.",
            "",
            "| page | " + " | ".join(f"{size:,}" for size in sizes) + " |",
            "|---|" + "---:|" * len(sizes),
        ]
        names = []
        for measured in results.values():
            names += [name for name in measured["cells"] if name not in names]
        for name in names:
            cells = [results[size]["cells"].get(name, "") for size in sizes]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        self.stdout.write("\n".join(lines))
        missed = [miss for size in sizes for miss in results[size]["missed"]]
        missed += across_sizes(results)
        if connection.vendor != "postgresql" or not enforce:
            return
        if missed:
            raise CommandError("Targets missed:\n  " + "\n  ".join(missed))
        self.stdout.write("\nAll targets met.")


def random_for(size):
    import random

    return random.Random(size)  # noqa: S311 - demo data


def across_sizes(results):
    """Targets comparing one size with another."""
    missed = []
    if 100_000 in results and 1_000_000 in results:
        for name in SEARCHES:
            growth = results[1_000_000]["ratios"][name] / results[100_000]["ratios"][name]
            if growth > TARGETS["search_growth"]:
                missed.append(f"{name} grows {growth:.1f}× from 100,000 to 1,000,000")
    if 1_000 in results and 1_000_000 in results:
        for language in LANGUAGES:
            name = f"statistics ({language})"
            growth = results[1_000_000]["ratios"][name] / results[1_000]["ratios"][name]
            if growth > TARGETS["statistics_growth"]:
                missed.append(f"{name} costs {growth:.1f}× at 1,000,000 what it does at 1,000")
    return missed


class Server:
    """The documented web process on a free loopback port, serving the benchmark's database."""

    def __init__(self, database_name):
        self.database_name = database_name

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.bench_settings",
            "BENCH_DATABASE_NAME": str(self.database_name),
            "GUNICORN_WORKERS": "2",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            # As behind the documented reverse proxy, which speaks https to visitors.
            "TRUST_X_FORWARDED_PROTO": "true",
            "CACHE_URL": bench_cache_url(12),
            "PAGE_CACHE_URL": bench_cache_url(13, "PAGE_CACHE_URL"),
        }
        self.log = tempfile.TemporaryFile()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [gunicorn, "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if len(self.workers()) == 2 and self.get("/healthz")[0] == 200:
                    return self
            time.sleep(0.2)
        self.__exit__()
        raise CommandError("gunicorn did not start:\n" + self.errors())

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def errors(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, headers=None, timeout=30.0):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            client.request("GET", path, headers={**HEADERS, **(headers or {})})
            response = client.getresponse()
            return response.status, response.read()
        finally:
            client.close()

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_rss_mb(self) -> dict[int, float]:
        """Each worker's peak resident memory (VmHWM), by process id."""
        peaks = {}
        for pid in self.workers():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                if found := re.search(r"VmHWM:\s+(\d+)", status):
                    peaks[pid] = int(found[1]) / 1024
        return peaks


class Measurement:
    """Everything measured at one size, as Markdown cells and the targets it missed."""

    def __init__(self, command, server, edition, size):
        self.command, self.server, self.edition, self.size = command, server, edition, size
        self.cells, self.ratios, self.missed = {}, {}, []

    def run(self):
        self.rss_at_start = self.server.peak_rss_mb()
        pages = self.public_pages()
        for name, queries in SEARCHES.items():
            pages[name] = [
                f"/en/registry/?{urllib.parse.urlencode({'q': q})}"
                for q in case_variants(queries, SEARCH_ADDRESSES)
            ]
        bare = []
        for name, paths in pages.items():
            # The bare view measured right before each run of the page, and the page's ratio
            # the median of those pairs: a machine whose share of the processor changes from
            # one second to the next (a virtual one with busy neighbours) slows both alike only
            # within the same few seconds.
            ratios = []
            for _round in range(ROUNDS):
                bare.append(self.wrk(["/bench/bare/"])["rps"])
                rps = self.wrk(paths)["rps"]
                ratios.append(bare[-1] / rps if rps else float("inf"))
            self.ratios[name] = statistics.median(ratios)
        self.cells["bare view (requests/s)"] = (
            f"{statistics.median(bare):,.0f}/s (median; {min(bare):,.0f}–{max(bare):,.0f})"
        )
        self.public_cells(pages)
        self.signed_in()
        self.exports()
        return {"cells": self.cells, "ratios": self.ratios, "missed": self.missed}

    def public_pages(self):
        newest = public.listed_signatories().order_by("-acceded_at", "-public_id")
        listed = newest.count()
        deep = newest.values_list("public_id", flat=True)[max(listed - PAGE_SIZE - 1, 0)]
        entry = newest.filter(kind=Kind.INDIVIDUAL).values_list("public_id", flat=True).first()
        organization, slug = (
            newest.filter(kind=Kind.ORGANIZATION)
            .values_list("public_id", "organization__slug")
            .first()
        ) or ("", "")
        pages = {}
        for language in LANGUAGES:
            with translation.override(language):
                registry = reverse("registry:list")
                paths = {
                    "the Principles `/`": reverse("home"),
                    "an edition": reverse(
                        "principles:edition", kwargs={"number": self.edition.number}
                    ),
                    "registry, first page": registry,
                    "registry, deepest page": f"{registry}?after={deep}",
                    "registry, filtered": f"{registry}?region=minsk-city&kind=individual",
                    "an entry": reverse("registry:entry", kwargs={"public_id": entry}),
                    "an organization's profile": reverse(
                        "organizations:profile", kwargs={"slug": slug}
                    ),
                    "statistics": reverse("registry:statistics"),
                    "open data page": reverse("registry:data"),
                }
            for name, path in paths.items():
                pages[f"{name} ({language})"] = [path]
        # Language-neutral addresses.
        pages["feed"] = [reverse("open_data:feed")]
        pages["a badge"] = [reverse("open_data:badge", kwargs={"public_id": organization})]
        pages["sitemap.xml"] = [reverse("sitemap")]
        return pages

    def public_cells(self, pages):
        public = [name for name in pages if name not in SEARCHES]
        for name in dict.fromkeys(name.rsplit(" (", 1)[0] for name in public):
            in_languages = [f"{name} ({language})" for language in LANGUAGES]
            ratios = [self.ratios[page] for page in in_languages if page in self.ratios]
            ratios = ratios or [self.ratios[name]]
            self.cells[name] = " / ".join(times(ratio) for ratio in ratios)
            if self.size >= 100_000 and max(ratios) > TARGETS["public_x_bare"]:
                self.missed.append(
                    f"{name} at {self.size:,}: {max(ratios):.1f}× bare > {TARGETS['public_x_bare']}"
                )
        for name in SEARCHES:
            ratio = self.ratios[name]
            self.cells[name] = times(ratio)
            if self.size >= 1_000_000 and ratio > TARGETS["search_x_bare"]:
                self.missed.append(f"{name} at {self.size:,}: {ratio:.1f}× bare")

    def signed_in(self):
        signatory = (
            Signatory.objects.filter(kind=Kind.INDIVIDUAL, accession__isnull=False)
            .select_related("user")
            .first()
        )
        waiting = Accession.objects.filter(status=Status.SUBMITTED).first()
        if signatory is None or waiting is None:
            raise CommandError("The demo data has no approved individual or no open request.")
        coordinator = coordinator_with_second_factor()
        with translation.override("en"):
            pages = {
                "account page": (signatory.user, reverse("account_home")),
                "accession dashboard": (signatory.user, reverse("accession:dashboard")),
                "review desk queue": (coordinator, reverse("review:queue")),
                "a review page": (
                    coordinator,
                    reverse("review:request", kwargs={"public_id": waiting.public_id}),
                ),
            }
        for name, (user, path) in pages.items():
            p95 = self.p95(path, session_cookie(user))
            self.cells[f"{name} (p95)"] = f"{p95:.1f} ms"
            if self.size >= 1_000_000 and p95 > TARGETS["signed_in_p95_ms"]:
                self.missed.append(f"{name} at {self.size:,}: p95 {p95:.1f} ms")

    def p95(self, path, cookie):
        """p95 latency in ms of one visitor's requests one after another, once warm: what one
        person waits, which wrk's concurrent connections would not tell. Warm: each worker
        compiles a page's templates when it first serves it, and each of its threads opens a
        database connection of its own, so the first requests cost several times what every later
        one does, as do the first few runs of each query on a connection, before it is prepared:
        seconds of requests go first, untimed."""
        headers = {"Cookie": cookie}
        warm = time.monotonic() + WARM_UP_SECONDS
        while time.monotonic() < warm:
            self.server.get(path, headers)
        timings: list[float] = []
        deadline = time.monotonic() + SIGNED_IN_SECONDS
        while time.monotonic() < deadline or len(timings) < 20:
            started = time.perf_counter()
            status, _body = self.server.get(path, headers)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise CommandError(f"{path} answered {status} to a signed-in visitor")
        p95 = statistics.quantiles(timings, n=20)[18]
        self.command.stderr.write(f"{self.size:,} signatories: {path} p95 {p95:.0f} ms")
        return p95

    def exports(self):
        expected = public.listed_signatories().count()
        before = self.server.peak_rss_mb()
        for name, path in (("CSV", reverse("open_data:csv")), ("JSON", reverse("open_data:json"))):
            result = download(self.server, path)
            self.command.stderr.write(f"{self.size:,} signatories: {path} {result}")
            self.cells[f"{name} export: rows, first row, whole"] = (
                f"{result['rows']:,} rows, {result['first_row_ms']:.0f} ms, "
                f"{result['seconds']:.1f} s"
            )
            if result["rows"] != expected or result["error"]:
                self.missed.append(
                    f"{name} export at {self.size:,}: {result['rows']:,} of {expected:,} rows"
                    + (f" ({result['error']})" if result["error"] else "")
                )
            if result["first_row_ms"] > TARGETS["first_row_ms"]:
                self.missed.append(
                    f"{name} export at {self.size:,}: first row after "
                    f"{result['first_row_ms']:.0f} ms"
                )
        after = self.server.peak_rss_mb()
        self.rss_cells(before, after)
        self.three_downloads(reverse("open_data:csv"), expected)

    def rss_cells(self, before, after):
        growth = max((after[pid] - before[pid] for pid in after if pid in before), default=0.0)
        run = max(
            (after[pid] - self.rss_at_start[pid] for pid in after if pid in self.rss_at_start),
            default=0.0,
        )
        restarted = set(before) != set(after)
        self.cells["worker peak RSS: during exports, whole run"] = (
            f"+{growth:.0f} MB, +{run:.0f} MB" + (" (a worker was restarted)" if restarted else "")
        )
        if growth > TARGETS["export_rss_mb"] or restarted:
            self.missed.append(
                f"exports at {self.size:,}: worker peak RSS +{growth:.0f} MB"
                + (", a worker was restarted" if restarted else "")
            )

    def three_downloads(self, path, expected):
        results = []
        threads = [
            threading.Thread(target=lambda: results.append(download_as_asked(self.server, path)))
            for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.1)
        probes: dict[str, list[float | None]] = {
            "/bench/bare/": [],
            reverse_in("en", "registry:list"): [],
        }
        while any(thread.is_alive() for thread in threads):
            for probe, latencies in probes.items():
                started = time.perf_counter()
                try:
                    status, _body = self.server.get(probe, timeout=PROBE_TIMEOUT)
                    latencies.append(
                        (time.perf_counter() - started) * 1000 if status == 200 else None
                    )
                except OSError:
                    latencies.append(None)
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        complete = sum(result["rows"] == expected and not result["error"] for result in results)
        retried = sum(bool(result.get("retried")) for result in results)
        cell = [f"{complete}/3 complete" + (f" ({retried} after a Retry-After)" if retried else "")]
        cell += [result["error"] for result in results if result["error"]]
        if not any(probes.values()):
            cell.append("done before the site was asked anything")
            probes = {}
        for probe, latencies in probes.items():
            name = "bare" if "bench" in probe else "first page"
            answered = [latency for latency in latencies if latency is not None]
            worst = f"max {max(answered):.0f} ms" if answered else "none answered"
            cell.append(f"{name} {len(answered)}/{len(latencies)} answered, {worst}")
            if len(answered) < len(latencies):
                self.missed.append(
                    f"during three downloads at {self.size:,}: {name} "
                    f"{len(latencies) - len(answered)} of {len(latencies)} requests unanswered "
                    f"within {PROBE_TIMEOUT:.0f} s"
                )
        if complete < 3:
            self.missed.append(
                f"three simultaneous CSV downloads at {self.size:,}: {complete}/3 complete"
            )
        self.cells["three CSV downloads at once"] = "; ".join(cell)

    def wrk(self, paths):
        """wrk on `paths` in turn: requests per second (0 when the page fails)."""
        slowest = 0.0
        for path in paths[:3]:
            started = time.perf_counter()
            try:
                status, _body = self.server.get(path, timeout=WARM_UP_TIMEOUT)
            except OSError as problem:
                status = problem.__class__.__name__
            slowest = max(slowest, time.perf_counter() - started)
            if status != 200:
                # A 500 after 30 s is gunicorn ending a worker that took too long.
                self.missed.append(
                    f"{path} at {self.size:,}: {status} after {slowest:.0f} s (before wrk)"
                )
                return {"rps": 0.0}
        # A slow page gets a longer run, enough for a few of its requests.
        seconds = min(max(self.command.seconds, math.ceil(4 * slowest)), 30)
        script = WRK_SCRIPT.replace(
            "PATHS", ", ".join(f'"{path}"' for path in paths)
        )  # addresses built above: no quote or backslash in them
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(script)
            lua.flush()
            command = [
                shutil.which("wrk") or "wrk",
                "-t1",
                f"-c{self.command.connections}",
                f"-d{seconds}s",
                "--timeout",
                f"{WARM_UP_TIMEOUT}s",
                "-s",
                lua.name,
                *[
                    argument
                    for key, value in HEADERS.items()
                    for argument in ("-H", f"{key}: {value}")
                ],
                self.server.url(paths[0]),
            ]
            output = subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603
        found = re.search(r"^BENCH (\d+) (\d+) (\d+)$", output, re.MULTILINE)
        if not found:
            raise CommandError(f"wrk gave no result for {paths[0]}:\n{output}")
        requests, duration_us, errors = found.groups()
        if int(errors):
            self.missed.append(f"{paths[0]} at {self.size:,}: {errors} requests failed")
        rps = int(requests) / (int(duration_us) / 1e6)
        self.command.stderr.write(f"{self.size:,} signatories: {paths[0]} {rps:.0f}/s")
        return {"rps": rps}


# wrk's Lua: cycles through the addresses (a cache could not flatter a search that way) and
# prints what the benchmark reads: requests, microseconds, and errors (any status >= 400 too).
WRK_SCRIPT = """
local paths = {PATHS}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def times(ratio):
    return "failed" if ratio == float("inf") else f"{ratio:.1f}"


def reverse_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


def coordinator_with_second_factor():
    """A coordinator as the review desk requires one: in the group, with an authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user, created = User.objects.get_or_create(email="coordinator@bench.invalid")
    if created:
        user.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])
        TOTP.activate(user, generate_totp_secret())
    return user


def session_cookie(user):
    """A signed-in session for `user` in the benchmark's database, as its cookie."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def download(server, path):
    """Download `path` whole: its data rows, when the first came and how long it all took."""
    csv = path.endswith(".csv")
    # A CSV row is a line (no name holds a line break); a JSON row is an object with an id.
    pattern = re.compile(rb"\n") if csv else re.compile(rb'"id": ?"')
    first_row = 2 if csv else 1
    started = time.perf_counter()
    found, first_row_ms, error, carry, retry_after = 0, float("inf"), "", b"", None
    client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        client.request("GET", path, headers=HEADERS)
        response = client.getresponse()
        if response.status != 200:
            error = f"status {response.status}"
        wait = response.getheader("Retry-After", "")
        if response.status == 503 and wait.isdigit():
            retry_after = int(wait)
        while chunk := response.read1(65536):
            text = carry + chunk
            # Matches inside the carried bytes were counted with the previous read.
            found += sum(1 for match in pattern.finditer(text) if match.end() > len(carry))
            carry = text[-8:]
            if found >= first_row and first_row_ms == float("inf"):
                first_row_ms = (time.perf_counter() - started) * 1000
    except (OSError, http.client.HTTPException) as problem:
        error = f"cut off: {problem.__class__.__name__}"
    finally:
        client.close()
    return {
        "rows": max(found - 1 if csv else found, 0),
        "first_row_ms": first_row_ms,
        "seconds": time.perf_counter() - started,
        "error": error,
        "retry_after": retry_after,
    }


def download_as_asked(server, path):
    """download(), and once more after its Retry-After if it is refused as one too many at once
    (EXPORTS_AT_ONCE per web process: three at once all reach one of the two workers about one
    time in four), as a client that reads the answer would."""
    result = download(server, path)
    if result["retry_after"] is None:
        return result
    time.sleep(result["retry_after"])
    return {**download(server, path), "retried": True}


def case_variants(queries, count):
    """`count` spellings of `queries` differing only in letter case and leading spaces, which
    search ignores: every request is a new address, so no cache can answer it."""
    variants = []
    for n in range(count):
        query = queries[n % len(queries)]
        spaces, case = divmod(n // len(queries), 2 ** sum(map(str.isalpha, query)))
        spelling, bit = [], 0
        for character in query:
            if character.isalpha():
                character = character.upper() if case >> bit & 1 else character.lower()
                bit += 1
            spelling.append(character)
        variants.append(" " * spaces + "".join(spelling))
    return variants
