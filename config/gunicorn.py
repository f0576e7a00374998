"""gunicorn settings for production: ``gunicorn -c config/gunicorn.py config.wsgi``.

Each value can be changed by the environment without editing this file. The web nodes are
stateless: sessions and counters live in PostgreSQL and Redis, uploads on shared storage.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one database connection for its duration. Two per core
# plus one keeps the cores busy while some workers wait on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # PDF slips and exports stay under it
# Connections waiting for a worker queue in the kernel, up to this many; past it new ones
# are not accepted at all. Under overload the workers refuse what waited too long (503, see
# motcua/core/shedding.py), so the queue drains fast and stays far below this.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound. Not often: a new
# worker spends about a second of CPU importing the project, and every request counts,
# refused ones too. At 2,000, a node answering 1,000 requests/s restarted a worker every
# two seconds and served half as many requests (bench/overload.py, bench/http_api.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# The reverse proxy's address: only it may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "motcua"


def post_worker_init(worker):
    """Refuse what waited too long for a worker, before Django sees it (motcua/core/shedding.py)."""
    from django.conf import settings

    from motcua.core.shedding import LoadShedding, listeners_register

    if getattr(settings, "MOTCUA_SHED_QUEUE_MS", 0):  # not in the bare-Django baseline
        listeners_register(sockets=worker.sockets, workers=worker.cfg.workers)
        worker.wsgi = LoadShedding(worker.wsgi)
