import http.server
import threading

import pytest
from django.urls import Resolver404, resolve

from tools.management.commands.bench import case_variants, download_as_asked


def test_the_benchmarks_bare_view_is_no_address_of_the_site():
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")


def test_every_search_the_benchmark_sends_is_a_new_address_for_the_same_words():
    variants = case_variants(["Nasta Loika", "Zhuk"], 200)

    assert len(set(variants)) == 200
    assert {variant.strip().casefold() for variant in variants} == {"nasta loika", "zhuk"}


class _Busy(http.server.BaseHTTPRequestHandler):
    """Refuses the first download as one too many at once, then sends it."""

    asked = 0

    def do_GET(self):
        _Busy.asked += 1
        if _Busy.asked == 1:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            body = b"Please wait a while before trying again."
        else:
            self.send_response(200)
            body = b"id,name\r\na,Ales\r\nb,Marfa\r\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_download_refused_as_one_too_many_is_fetched_again_after_its_retry_after():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.port = server.server_address[1]
    try:
        result = download_as_asked(server, "/registry/signatories.csv")
    finally:
        server.shutdown()

    assert (result["rows"], result["error"], result["retried"], _Busy.asked) == (2, "", True, 2)
