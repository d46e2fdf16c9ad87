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
