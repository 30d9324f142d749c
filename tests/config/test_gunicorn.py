"""The web process: its access log (what it writes for a request that carries personal data) and
its workers (what a long download does to them)."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from gunicorn.config import Config
from gunicorn.glogging import Logger

CONFIG = Path(settings.BASE_DIR) / "config" / "gunicorn.py"


def web_config():
    config = Config()
    for name, value in runpy.run_path(str(CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def access_log_line(environ):
    config = web_config()
    logger = Logger(config)
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", "Zqxagent/1.0")])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    return config.access_log_format % atoms


def test_the_access_log_has_no_query_string_and_no_client_address():
    line = access_log_line(
        {
            "REQUEST_METHOD": "GET",
            "RAW_URI": "/registry/?q=Zqxsearched+Name",
            "PATH_INFO": "/registry/",
            "QUERY_STRING": "q=Zqxsearched+Name",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.77",
            "HTTP_REFERER": "https://example.org/?who=Zqxreferer",
            "HTTP_USER_AGENT": "Zqxagent/1.0",
        }
    )

    assert '"GET /registry/ HTTP/1.1" 200 1234' in line
    for leak in ("Zqxsearched", "203.0.113.77", "Zqxreferer", "Zqxagent"):
        assert leak not in line


def test_the_readme_runs_gunicorn_with_this_configuration():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    assert "gunicorn -c config/gunicorn.py config.wsgi" in readme
    assert "%(r)s" not in readme


def test_workers_are_threaded_so_a_download_longer_than_the_timeout_is_not_killed():
    # A sync worker is killed `timeout` seconds into a request; a gthread worker's heartbeat
    # comes from its main loop, whatever its threads are sending.
    config = web_config()

    assert config.worker_class_str == "gthread"
    assert config.timeout == 30


def test_each_worker_keeps_threads_for_the_pages_while_its_exports_stream():
    from accession.registry.views import EXPORTS_AT_ONCE

    assert web_config().threads >= EXPORTS_AT_ONCE + 2


def test_the_threads_per_worker_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_THREADS", "8")

    assert web_config().threads == 8
