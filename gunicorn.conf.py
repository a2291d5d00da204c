"""gunicorn settings for Kerjasama in production (docs/DEPLOYMENT.md).

    gunicorn -c gunicorn.conf.py kerjasama.wsgi        # or: make serve PORT=8000

Each value can be changed from the environment without editing this file: GUNICORN_BIND,
GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, and gunicorn's own
GUNICORN_CMD_ARGS (for instance `--forwarded-allow-ips=10.0.0.5`), which wins over this file.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Loopback by default: a reverse proxy or load balancer in front terminates TLS (DEPLOYMENT.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Pages are short, CPU-bound requests to Django plus a few SQL queries: synchronous workers,
# gunicorn's rule of thumb of 2 × cores + 1 (5 on the 2-core reference machine), so one worker
# renders while another waits on the database. GUNICORN_THREADS > 1 switches to threaded
# workers (gthread), which also keep connections alive behind a proxy.
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# Import Django and the project once in the master, before forking: workers start fast and share
# the imported code's memory pages. No database connection is opened at import time (each worker
# opens its own on its first request), so nothing is shared across the fork.
preload_app = True

# A request that takes longer than this is killed (its worker restarted) and answered 502 by the
# proxy. The slowest legitimate request is an upload of UPLOAD_MAX_MB (20 MB) checked in memory.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5

# Restart each worker after this many requests (with jitter, so they do not restart together):
# a safety net against slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200

# Access log on stdout with the request time in milliseconds (%(M)s) and microseconds (%(D)s);
# the journal or the container runtime collects it. Errors on stderr.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %(D)sus'

# Request limits: the longest legitimate request line is a registry address with every filter.
limit_request_line = 8190
limit_request_fields = 100

# gunicorn 23+ opens a control socket under $HOME by default; several instances on one host
# (or one machine shared by several checkouts) would collide there. Not used by Kerjasama.
control_socket_disable = True
