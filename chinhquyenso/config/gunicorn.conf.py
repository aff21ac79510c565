"""gunicorn settings shared by `make run` and the benchmarks (bench/eoffice/measure.py).

Threads overlap the waits on the database; the interpreter lock is handed between them every
0.5 ms instead of Python's 5 ms, so a thread whose database answer has arrived (typically one
holding a row lock, such as the arrival-number series or the audit chain head, until it
commits) is not kept waiting behind another thread's Python work for up to 5 ms at each step.
Measured with 16 concurrent registrations: docs/benchmarks.md.
"""

import os
import sys

wsgi_app = "chinhquyenso.config.wsgi"
workers = int(os.environ.get("WORKERS", "2"))
threads = int(os.environ.get("THREADS", "4"))
worker_class = "gthread"
keepalive = 5  # seconds an idle client connection is kept (API scripts reuse theirs)
timeout = 120
SWITCH_INTERVAL = float(os.environ.get("GIL_SWITCH_INTERVAL", "0.0005"))


def post_fork(server, worker):
    sys.setswitchinterval(SWITCH_INTERVAL)
