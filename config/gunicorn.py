"""The web process's settings: `gunicorn -c config/gunicorn.py config.wsgi`.

The access log names no one: no client address, and the path without its query string, which
can carry a searched name (`/registry/?q=…`) or a filter that says who was looked for.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
control_socket_disable = True
