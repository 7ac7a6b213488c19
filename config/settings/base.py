"""Settings shared by every environment, all read from the environment.

Safe by default: DEBUG is off and there is no default secret here, and nothing falls back:
the database, the channel layer, Celery and the cache are configured only from
DATABASE_URL and REDIS_URL. The embedded default (SQLite, the in-memory channel layer,
eager Celery tasks, the locmem cache) is for local and test settings (embedded.py);
production refuses to start without the variables.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Pages that may open the websockets, as full origins (https://designroom.example). Empty:
# the origin the handshake is served at, with its Host in ALLOWED_HOSTS
# (config/websocket_origins.py).
WEBSOCKET_ALLOWED_ORIGINS = env.list("DJANGO_WEBSOCKET_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "content",
    "interviews",
    "calls",
    "scoring",
    "practice",
    "accounts",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.request_guards.NulInQueryRefused",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during log-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# PostgreSQL through psycopg 3 with its connection pool when DATABASE_URL is set;
# the embedded SQLite file is local/test only (embedded.py). The pool matters: a
# connection per op collapses the live op path under load.
DATABASE_URL = env("DATABASE_URL", default="")
if DATABASE_URL:
    _db = env.db_url_config(DATABASE_URL)
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN", default=2),
            "max_size": env.int("DB_POOL_MAX", default=20),
            "timeout": env.int("DB_POOL_TIMEOUT", default=10),
        }
        _db["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not also
    DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, Celery, cache ---------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    _redis_host = {
        "address": REDIS_URL,
        # redis-py's default 5 s socket timeout equals the core layer's 5 s blocking
        # read: an idle consumer would crash with TimeoutError. No read timeout;
        # keepalive finds dead peers.
        "socket_timeout": None,
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
        "health_check_interval": 30,
    }
    if env("CHANNEL_LAYER", default="pubsub") == "pubsub":
        # One PUBLISH per broadcast and one pushed subscription per process: the op path's
        # fan-out at a fraction of the core layer's cost (docs/performance.md). Pub/Sub
        # is fire-and-forget, so a lost subscription closes the process's sockets and
        # clients replay by seq (interviews/live/channel_layer.py).
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "interviews.live.channel_layer.LoudRedisPubSubChannelLayer",
                "CONFIG": {"hosts": [_redis_host]},
            }
        }
    else:  # CHANNEL_LAYER=core: per-channel lists with capacity and expiry
        CHANNEL_LAYERS = {
            "default": {
                # channels-redis with a pool that waits for a free connection instead of
                # raising MaxConnectionsError when many sockets close at once
                # (interviews/live/channel_layer.py).
                "BACKEND": "interviews.live.channel_layer.BlockingRedisChannelLayer",
                "CONFIG": {
                    "hosts": [_redis_host],
                    # A lagging process must not silently lose broadcasts; resync by
                    # seq is the safety net for what still overflows.
                    "capacity": env.int("CHANNEL_CAPACITY", default=1500),
                    "expiry": 60,
                    "group_expiry": 86400,
                },
            }
        }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in throttling by django-axes (accounts/lockout.py, docs/security.md): LOGIN_FAILURE_LIMIT
# failed attempts for one username from one address lock that pair out for
# LOGIN_COOLOFF_MINUTES; a success resets the count. Bad API tokens count the same way.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not restart it: the lockout ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; a row per successful log-in is not needed
# The address is REMOTE_ADDR (django-ipware is not installed): behind a proxy every
# client shares the proxy's address, so the lockout is per username (docs/security.md).

LOGIN_URL = "accounts:login"
# Sign-in goes to the session to join now, if any (else the home page).
LOGIN_REDIRECT_URL = "interviews:session_next"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # enforces CSRF on writes
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.PerUserThrottle",
        "api.throttling.PerTokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANON", default="60/min"),
        "user": env("API_RATE_USER", default="600/min"),
        "token": env("API_RATE_TOKEN", default="300/min"),
        "session_create": env("API_RATE_SESSION_CREATE", default="30/hour"),
        "board_import": env("API_RATE_BOARD_IMPORT", default="30/hour"),
        "call_ice": env("API_RATE_CALL_ICE", default="30/min"),
        "recording_control": env("API_RATE_RECORDING_CONTROL", default="60/min"),
        # A chunk every 3 s is 20 a minute; a reload resends the last few.
        "recording_chunk": env("API_RATE_RECORDING_CHUNK", default="90/min"),
        "practice_offer": env("API_RATE_PRACTICE_OFFER", default="30/hour"),
    },
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    # JSON with a size and a nesting limit (api/parsers.py); forms as DRF parses them.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Designroom API",
    "DESCRIPTION": "Sessions, scores, feedback reports and content of Designroom.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Both are fields named "status": without names of their own the two enums would collide.
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "interviews.models.SessionStatus",
        "ReportStatusEnum": "scoring.models.ReportStatus",
        "RoleEnum": "interviews.models.Role",
        "CreatorRoleEnum": "interviews.api_session_create.CREATOR_ROLES",
        "PracticeRoleEnum": "practice.models.PracticeRole",
    },
}

# --- Content-Security-Policy (config/csp.py) ---------------------------------
# Enforced everywhere unless a settings module says otherwise (local: report-only). The app
# needs no inline script or style; 'self' covers same-origin websockets (connect-src).
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # blob: the board's PNG export draws the SVG, made by the page's own script, as an image.
    "img-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_CSP = CSP_POLICY
SECURE_CSP_REPORT_ONLY: dict[str, list[str]] = {}
# Swagger UI (drf-spectacular's split view, no inline script) still has an inline <style>
# block in its page and renders its icons as data: images; the page shows the schema only,
# no user content, so 'unsafe-inline' styles there cannot carry an injection.
SECURE_CSP_PATH_OVERRIDES = {
    "/api/docs/": {
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
    },
}

# --- Calls: ICE servers, TURN credentials, recordings (docs/deploy.md, "Calls") ----------
# STUN/TURN servers every browser gets, as RTCIceServer objects: [{"urls": ["stun:..."]}].
# Empty (the default): no STUN or TURN; browsers on one host or one LAN connect directly.
CALL_ICE_SERVERS = env.json("CALL_ICE_SERVERS", default=[])
# A TURN server checking the REST API scheme (coturn's use-auth-secret): its URLs and the
# shared secret; each participant gets credentials for its user and session from the API.
CALL_TURN_URLS = env.list("CALL_TURN_URLS", default=[])
CALL_TURN_SECRET = env("CALL_TURN_SECRET", default="")
CALL_TURN_TTL_SECONDS = env.int("CALL_TURN_TTL_SECONDS", default=3 * 3600)
# Recordings are deleted this many days after they stopped (calls.tasks, daily).
RECORDING_RETENTION_DAYS = env.int("RECORDING_RETENTION_DAYS", default=30)
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served as is: recordings go through an authenticated view

# --- Operational endpoints -------------------------------------------------
# /readyz gives its per-check details (latency, failure reason) to staff and to callers
# sending this value in X-Readyz-Token; everyone else gets ok/fail per check only.
READYZ_TOKEN = env("READYZ_TOKEN", default="")
READYZ_TIMEOUT_SECONDS = env.float("READYZ_TIMEOUT_SECONDS", default=2.0)

# --- Live sessions --------------------------------------------------------
DESIGNROOM = {
    "WS_MAX_FRAME_BYTES": 64 * 1024,
    "WS_RATE_PER_SECOND": env.int("WS_RATE_PER_SECOND", default=40),
    "WS_RATE_BURST": env.int("WS_RATE_BURST", default=80),
    # Open sockets one user may hold in one session, and over all sessions (close 4409).
    "WS_SOCKETS_PER_USER_SESSION": env.int("WS_SOCKETS_PER_USER_SESSION", default=4),
    "WS_SOCKETS_PER_USER": env.int("WS_SOCKETS_PER_USER", default=20),
    # Per user over all their sockets, per server process (interviews/live/user_budgets.py):
    # messages a second (burst), and handshakes a minute (burst); beyond either: close 4429.
    "WS_USER_RATE_PER_SECOND": env.int("WS_USER_RATE_PER_SECOND", default=80),
    "WS_USER_RATE_BURST": env.int("WS_USER_RATE_BURST", default=160),
    "WS_USER_CONNECTS_PER_MINUTE": env.int("WS_USER_CONNECTS_PER_MINUTE", default=30),
    "WS_USER_CONNECT_BURST": env.int("WS_USER_CONNECT_BURST", default=20),
    # A participant whose last socket closed stays online this long (presence coalescing).
    "PRESENCE_GRACE_SECONDS": env.int("PRESENCE_GRACE_SECONDS", default=2),
    "INVITE_TTL_HOURS": 72,
    # New sessions one account may create per hour (interviews/services/throttles.py).
    "SESSION_CREATE_PER_HOUR": env.int("SESSION_CREATE_PER_HOUR", default=20),
    # Board JSON uploads one account may send per hour, refused ones included (board import).
    "BOARD_IMPORT_PER_HOUR": env.int("BOARD_IMPORT_PER_HOUR", default=30),
    # Board ops are group-committed (interviews/live/batching.py): at most this many per
    # transaction, and this many batches in flight (more than 1 on PostgreSQL only; 2 was
    # no faster than 1 on the bench machine, see docs/performance.md).
    "OP_BATCH_MAX": env.int("OP_BATCH_MAX", default=100),
    "OP_BATCH_WORKERS": env.int("OP_BATCH_WORKERS", default=None),
    # A feedback report 'running' longer than this is presumed dead and re-queued; it must
    # exceed the task's hard time limit (scoring/tasks.py).
    "FEEDBACK_STALE_SECONDS": env.int("FEEDBACK_STALE_SECONDS", default=180),
    # The analysis' time budget: past it a reduced analysis is stored, marked partial
    # (docs/performance.md has the measured worst case the limits derive from).
    "FEEDBACK_TIME_BUDGET_SECONDS": env.float("FEEDBACK_TIME_BUDGET_SECONDS", default=20.0),
    "FEEDBACK_SOFT_TIME_LIMIT": env.int("FEEDBACK_SOFT_TIME_LIMIT", default=40),
    # Live analysis: on or off, at most one run per session per window, the solo coach's pace.
    "INSIGHT_ENABLED": env.bool("INSIGHT_ENABLED", default=True),
    "INSIGHT_DEBOUNCE_SECONDS": env.float("INSIGHT_DEBOUNCE_SECONDS", default=3.0),
    "INSIGHT_COACH_GAP_SECONDS": env.float("INSIGHT_COACH_GAP_SECONDS", default=60.0),
    "FEEDBACK_HARD_TIME_LIMIT": env.int("FEEDBACK_HARD_TIME_LIMIT", default=60),
    # A failed report is retried by the sweep after 2, then 4 minutes; the third failure
    # is final (until someone regenerates it).
    "FEEDBACK_MAX_FAILURES": env.int("FEEDBACK_MAX_FAILURES", default=3),
    "FEEDBACK_RETRY_BASE_SECONDS": env.int("FEEDBACK_RETRY_BASE_SECONDS", default=120),
    # Regenerate requests per hour: per session (anyone) and per user (all sessions).
    "FEEDBACK_REGENERATE_PER_SESSION_HOURLY": env.int("FEEDBACK_REGENERATE_PER_SESSION", default=6),
    "FEEDBACK_REGENERATE_PER_USER_HOURLY": env.int("FEEDBACK_REGENERATE_PER_USER", default=30),
    # Fault-injection tests only: hold a claimed report this long before analysing.
    "FEEDBACK_FAULT_DELAY_SECONDS": env.float("FEEDBACK_FAULT_DELAY_SECONDS", default=0.0),
    # An open session with no event for this long is closed as abandoned by the beat sweep.
    "SESSION_IDLE_ABANDON_MINUTES": env.int("SESSION_IDLE_ABANDON_MINUTES", default=180),
    # Practice offers (practice/services/offers.py): open offers per account, new per hour.
    "PRACTICE_OPEN_OFFERS_MAX": env.int("PRACTICE_OPEN_OFFERS_MAX", default=10),
    "PRACTICE_OFFERS_PER_HOUR": env.int("PRACTICE_OFFERS_PER_HOUR", default=20),
    "PRACTICE_REPORTS_PER_DAY": env.int("PRACTICE_REPORTS_PER_DAY", default=5),
}
# The ASGI server's own frame limit is the protocol's, so an oversized frame is refused by
# the server before it is buffered (daphne's runserver reads these two settings; uvicorn
# and daphne get the same number on their command lines, see docs/protocol.md "Limits").
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = DESIGNROOM["WS_MAX_FRAME_BYTES"]
DAPHNE_WEBSOCKET_MAX_FRAME_SIZE = DESIGNROOM["WS_MAX_FRAME_BYTES"]
CELERY_BEAT_SCHEDULE = {
    "feedback-sweep-stale": {"task": "scoring.tasks.feedback_sweep_task", "schedule": 60.0},
    "recordings-purge-expired": {
        "task": "calls.tasks.recordings_purge_task",
        "schedule": 6 * 3600.0,
    },
    "sessions-idle": {"task": "interviews.tasks.sessions_abandon_idle_task", "schedule": 300.0},
    "practice-match": {"task": "practice.tasks.offers_match_task", "schedule": 60.0},
    "practice-reminders": {"task": "practice.tasks.reminders_send_task", "schedule": 60.0},
}

from .email import *  # noqa: E402, F403  (SMTP settings, config/settings/email.py)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # channels-redis reports dropped group messages at INFO; surface them.
        "channels_redis": {"level": "INFO"},
        # Django's default config gives "django" a console handler of its own (debug only)
        # and lets it propagate to the root's: every dev-server line printed twice. Named
        # here, the logger loses that handler and prints once, through the root.
        "django": {"level": "INFO"},
    },
}
