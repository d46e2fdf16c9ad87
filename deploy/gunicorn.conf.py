"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py`.

Threaded workers (gthread): a slow client or a long request holds one thread, not a
whole worker, and the worker keeps answering its heartbeat, so `timeout` does not kill
it. Behind nginx (deploy/nginx.conf), which buffers requests and responses, slow clients
never reach gunicorn at all. Every value can be overridden from the environment.
"""

import os

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds a worker may stay silent before it is restarted (gthread: the whole worker,
# not a request). The longest request (a full screening budget or an export build) is
# well below it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Idle keep-alive connections from the proxy are closed after this many seconds.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Request line and header limits (gunicorn's defaults, stated).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Restart workers now and then so that memory cannot creep.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Only the local proxy may set X-Forwarded-* for gunicorn itself; the app reads them
# through ProxyFix (PROXY_FIX_X_FOR, PROXY_FIX_X_PROTO).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Background jobs (imports from the browser, screening files, scheduled updates) run in
# one dedicated consumer process beside the web workers, started and stopped with
# gunicorn, at a lower CPU priority (JOBS_NICENESS): the web workers do not consume
# (JOBS_RUN_IN_PROCESS=0 for them), so a running import never shares a web worker's
# interpreter lock with searches. GUNICORN_JOBS_WORKER=0 leaves the consumer to you
# (`flask --app app worker` under systemd, on another machine, ...).
_jobs_worker = os.environ.get("GUNICORN_JOBS_WORKER", "1") not in ("0", "false", "no")
_jobs_process = None
if _jobs_worker:
    os.environ.setdefault("JOBS_RUN_IN_PROCESS", "0")


def when_ready(server):  # noqa: ANN001, ANN201 (gunicorn's hook)
    global _jobs_process
    if not _jobs_worker:
        return
    import subprocess
    import sys

    niceness = os.environ.get("JOBS_NICENESS", "10")
    command = ["nice", "-n", niceness, sys.executable, "-m", "flask", "--app", "app", "worker"]
    _jobs_process = subprocess.Popen(command, env=dict(os.environ, JOBS_RUN_IN_PROCESS="0"))
    server.log.info("job consumer started (pid %s, nice %s)", _jobs_process.pid, niceness)


def on_exit(server):  # noqa: ANN001, ANN201
    if _jobs_process is not None and _jobs_process.poll() is None:
        _jobs_process.terminate()  # running jobs are marked interrupted and run again later
        try:
            _jobs_process.wait(timeout=float(os.environ.get("JOBS_SHUTDOWN_SECONDS", "5")) + 5)
        except Exception:  # noqa: BLE001
            _jobs_process.kill()
