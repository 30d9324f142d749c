"""The web process's settings: `gunicorn -c config/gunicorn.py config.wsgi`.

The access log names no one: no client address, and the path without its query string, which
can carry a searched name (`/registry/?q=…`) or a filter that says who was looked for.

Threaded workers: a download of the registry's exports streams for a minute or more at a million
signatories. A sync worker is killed at `timeout` mid-download and, while it streams, answers
nothing else; a gthread worker's heartbeat does not wait for its requests, and its other threads
keep serving pages (exports take at most `EXPORTS_AT_ONCE` of them, see the registry's views).
Each thread keeps its own database connection (CONN_MAX_AGE): workers × threads connections.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker that stops answering its heartbeat this long is restarted; a long download is not.
timeout = 30
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
control_socket_disable = True
