"""Production settings for gunicorn: `gunicorn --config gunicorn.conf.py wsgi:app`.

Threaded workers: a sync worker is held for as long as a client takes to send its request, so
two bodies sent at a byte a second stopped a two-worker server. With threads, a slow client
holds one thread and the others go on serving. Put a buffering proxy (nginx) in front as well
where many slow clients are expected: it reads whole requests before gunicorn sees them.
Every setting can be overridden on the command line or in GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("VEIVISER_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("VEIVISER_WORKERS", min(multiprocessing.cpu_count() * 2, 8)))
threads = int(os.environ.get("VEIVISER_THREADS", 8))

# A request that has not finished in 30 s is stopped; a worker being stopped gets as long to
# finish what it holds. Idle keep-alive connections are closed after 5 s.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Limits on the request head (the body's limit is the app's: VEIVISER_MAX_CONTENT_LENGTH, with
# a larger one only for attachment uploads).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Errors to stderr, beside the app's own log lines; no access log unless asked for
# (--access-logfile -): the app logs what matters with the request id.
errorlog = "-"
