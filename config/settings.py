"""Settings of the 四好党员选树 portal: one module, driven by environment variables.

With nothing set the portal runs for development: SQLite under ``var/``, Celery tasks executed
eagerly in-process, a local-memory cache and e-mail printed to the console. ``DATABASE_URL`` and
``REDIS_URL`` switch it to PostgreSQL and to Redis (Celery broker and cache) with real workers.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import database, release, schedule, security, storage, uploads
from config.env import env_bool, env_email, env_hours, env_int, env_list, env_path, env_site_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))

# --- Core -------------------------------------------------------------------------------------

SECRET_KEY = os.getenv("SECRET_KEY", security.DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ",".join(security.LOCAL_HOSTS))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

security.refuse_unsafe(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "audit",
    "members",
    "selection",
    "evaluations",
    "reports",
    "reminders",
    "archives",
    # django-ninja: the API (/api/v1/); listed for its templates and the Swagger UI's static files.
    "ninja",
    "api",
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NulCharacterMiddleware",  # before the session's look-up
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.ChosenLanguageMiddleware",  # after the user's look-up
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.SignedOutMiddleware",
    "config.middleware.NotAllowedPageMiddleware",
    "config.middleware.SessionLimitsMiddleware",
    "config.middleware.SecondFactorMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "members.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "members.context_processors.roles",
                "config.context_processors.language_switch",
                "config.context_processors.session_idle",
            ],
        },
    },
]
# Widgets render through the project's templates too (templates/django/forms/ overrides select).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------------

DATABASE_URL = os.getenv("DATABASE_URL", "")
DATABASES = database.databases(DATABASE_URL, VAR_DIR, conn_max_age=env_int("CONN_MAX_AGE", 60))

# --- Cache and Celery -------------------------------------------------------------------------

REDIS_URL = os.getenv("REDIS_URL", "")
# What processes share is cached in "default" (Redis with REDIS_URL, else local memory); what the
# code makes, in "pages" under the release, which a new release never reads (config/release.py).
RELEASE = release.identifier(BASE_DIR, INSTALLED_APPS)
CACHES = release.caches(REDIS_URL, RELEASE)

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker (the embedded default) tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Job rows in the database are the source of truth; the result backend is only a convenience.
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SOFT_TIME_LIMIT = 1500
CELERY_TASK_TIME_LIMIT = 1800
CELERY_TIMEZONE = "Asia/Shanghai"
# A publish to a broker that is down gives up within a second (the job row stays queued and the
# sweeper enqueues it again once the broker is back) instead of holding the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Exactly one beat sends the periodic tasks, even if two run (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat.SingleBeatScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")  # not in the release's folder
CELERY_BEAT_SCHEDULE = schedule.PERIODIC_TASKS

# --- Deadline reminders (reminders app) ---------------------------------------------------------
# Hours before the scoring deadline (and a stage's, 逐级推荐) at which reviewers with cards not
# submitted (and admins of nodes still to decide) are reminded, and before the nominating
# deadline secretaries with places left; each campaign may turn them off (reminders_enabled).
REMINDER_HOURS_BEFORE_SCORING = env_hours("REMINDER_HOURS_BEFORE_SCORING", "72,24")
REMINDER_HOURS_BEFORE_NOMINATING = env_hours("REMINDER_HOURS_BEFORE_NOMINATING", "72,24")

# --- Reports (DESIGN.md §7) -------------------------------------------------------------------
# Time limits stay below the broker's visibility timeout (3600 s), so a message is never handed
# to a second worker while the first may still be working on it.
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", 900)
REPORT_TIME_LIMIT = REPORT_SOFT_TIME_LIMIT + 60
# A running job whose heartbeat is older than this is taken for lost (its worker died).
REPORT_STALE_SECONDS = env_int("REPORT_STALE_SECONDS", 120)
# A roster import being checked, queued or running with no sign of life (its heartbeat) this long
# lost its task: the sweeper fails it. Longer than REPORT_TIME_LIMIT: a queued import may wait for
# a worker behind a report. One left unfinished ROSTER_STAGED_DAYS is given up, its file removed.
ROSTER_STALE_SECONDS = env_int("ROSTER_STALE_SECONDS", 1200)
ROSTER_STAGED_DAYS = env_int("ROSTER_STAGED_DAYS", 7)
# A queued job not started after this long is enqueued again (its message or broker was lost).
REPORT_REQUEUE_SECONDS = env_int("REPORT_REQUEUE_SECONDS", 120)
# A job whose worker died this many times is failed, not retried forever.
REPORT_MAX_ATTEMPTS = 3
# Finished files are deleted after this many days (the job row stays, marked expired).
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
REPORT_WORK_DIR = Path(os.getenv("REPORT_WORK_DIR", VAR_DIR / "reports-work"))
# The first font found is embedded in every PDF and used by the charts: one configured with
# REPORT_FONT_PATH, else the TrueType CJK font shipped with the portal (reports/assets/README.md).
REPORT_FONT_PATHS = [
    os.getenv("REPORT_FONT_PATH", ""),
    BASE_DIR / "reports" / "assets" / "wqy-microhei.ttc",
]

# --- Authentication ---------------------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # Refuses every sign-in from an address past LOGIN_ADDRESS_FAILURE_LIMIT failures.
    "members.login_throttle.AddressThrottleBackend",
    # django-axes next: it refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout per account and client address together: the sixth wrong password within the cool-off
# locks that account *from that address* for AXES_COOLOFF_TIME; a success resets. By account
# alone anyone could lock anyone out; by address alone, a whole office. Spraying accounts from
# one address: LOGIN_ADDRESS_FAILURE_LIMIT failures within the cool-off, whatever the account
# names (members/login_throttle.py; refused when the cache cannot count).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 6)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Failures and lockouts are rows in the database, so they hold whichever host a login reaches.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client's address, for axes as for the audit and the rate limits (config/clients.py).
AXES_CLIENT_IP_CALLABLE = "config.clients.client_ip"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# An index's INCLUDE columns (selection's nom_queue_idx) serve PostgreSQL's index-only scans;
# SQLite, the embedded default, builds the same index without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Audit rows are kept AUDIT_RETENTION_DAYS (purge_audit, run by cron or by hand); never fewer
# than six months, which the PostgreSQL trigger enforces too.
AUDIT_MIN_RETENTION_DAYS = 183
AUDIT_RETENTION_DAYS = max(env_int("AUDIT_RETENTION_DAYS", 3 * 365), AUDIT_MIN_RETENTION_DAYS)
# Optional TOTP second factor (django-otp): any admin may turn it on for their account; with
# OTP_REQUIRED_FOR_ADMINS (deployments under 等保 2.0) every admin must set it up to go on.
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "四好党员选树"
# Password policy: "standard" (length >= 10, not common, not all digits, not like the user's
# name) or "strict" for deployments under 等保 2.0 (length >= 12, three character classes, and
# a new password every PASSWORD_MAX_AGE_DAYS).
PASSWORD_POLICY = os.getenv("PASSWORD_POLICY", "standard")
if PASSWORD_POLICY not in ("standard", "strict"):
    raise ImproperlyConfigured("PASSWORD_POLICY must be 'standard' or 'strict'.")
STRICT_PASSWORDS = PASSWORD_POLICY == "strict"
AUTH_PASSWORD_VALIDATORS = security.password_validators(
    strict=STRICT_PASSWORDS,
    min_length=env_int("PASSWORD_MIN_LENGTH", 12 if STRICT_PASSWORDS else 10),
)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90) if STRICT_PASSWORDS else 0

# Sessions end SESSION_IDLE_MINUTES after the last request (long forms ask config.views.keep_alive
# as one types), SESSION_COOKIE_AGE after sign-in, and on logout, deactivation or a new password.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
# In the cache, written through to the database: with Redis down or restarted, nobody is signed
# out. Expired rows are deleted daily (CELERY_BEAT_SCHEDULE).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages travel in a cookie (the session when too long): never in a process's memory.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's cookie, like the session's: never read by a script, not sent along with
# another site's requests, and over HTTPS only once DEBUG is off (a production deployment).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads never sit under a public URL (views that check scope serve them): MEDIA_URL unrouted.
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/private-media/"
# Uploads, generated reports and the yearly archives: any storage backend will do (downloads go
# through views that check scope); each moves to the object store when S3_BUCKET is set.
FILE_SYSTEM = storage.FILE_SYSTEM
STORAGES = storage.storages(
    reports=env_path("REPORT_ROOT", VAR_DIR / "reports"),
    archives=env_path("ARCHIVE_ROOT", VAR_DIR / "archives"),
    debug=DEBUG,
)
# In development whitenoise serves straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_ROOT = BASE_DIR / "webroot"  # files asked for at the site's root (/favicon.ico)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_HANDLERS = uploads.HANDLERS  # a body cut off in the middle of a file: refused whole
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------------

(
    EMAIL_BACKEND,
    EMAIL_HOST,
    EMAIL_PORT,
    EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD,
    EMAIL_USE_TLS,
    EMAIL_USE_SSL,
) = env_email("EMAIL_URL")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "sihao-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: The portal's public address, for the links in e-mails (none without it).
SITE_URL = env_site_url("SITE_URL")

# --- Security headers -------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = security.CONTENT_SECURITY_POLICY
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's check may come over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Proxies in front of the portal appending to X-Forwarded-For (nginx: 1), the client's address
# read from it only when above 0: exactly their number, or a client could name any address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": [uploads.CutOffUploadLog()]}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}

# /healthz pings the Celery workers at most once in this many seconds (config/health.py).
HEALTH_WORKERS_SECONDS = env_int("HEALTH_WORKERS_SECONDS", 10)

# --- Portal -----------------------------------------------------------------------------------

PORTAL_TITLE = _("四好党员选树")
# Public pages (gallery) are cached this long; publishing or unpublishing invalidates them.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)
# 撤销荣誉: days a revocation shows on the public notice (0: none), unless the admin chose.
REVOCATION_NOTICE_DAYS = env_int("REVOCATION_NOTICE_DAYS", 30)
# PIPL: the personal data of the nominations not selected (every state but 公示通过, 已发布 and
# 已撤销荣誉) of an archived campaign is deleted this many days after archiving (a beat task).
UNSELECTED_RETENTION_DAYS = env_int("UNSELECTED_RETENTION_DAYS", 3 * 365)
# The API's rate limits, calls per minute (api/limits.py): per token, and per client address
# (generous: on an intranet a whole office may share one address).
API_RATE_PER_TOKEN = env_int("API_RATE_PER_TOKEN", 120)
API_RATE_PER_ADDRESS = env_int("API_RATE_PER_ADDRESS", 600)
# Seeders run by ``manage.py seed_demo``, in order; each capability adds its own.
DEMO_SEEDERS = [
    "members.demo.seed",
    "selection.demo.seed",
    "evaluations.demo.seed",
    "evaluations.demo.seed_shortlisted",
    "evaluations.stage_demo.seed",
    "reports.demo.seed",
    "reminders.demo.seed",
]
DEMO_PASSWORD = "demo12345"
