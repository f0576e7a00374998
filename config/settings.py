"""Một Cửa settings: one file, driven by environment variables.

Defaults give a working SQLite development server. With DEBUG off the process
refuses to start without SECRET_KEY and ALLOWED_HOSTS (see ``_require``).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.core.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off. "
            f"Set the environment variable {name} (see README, 'Configuration')."
        )
    return value


DEBUG = envbool("DEBUG", "true")

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
else:
    SECRET_KEY = _require("SECRET_KEY")
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", _require("ALLOWED_HOSTS"))  # refuses an empty list

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "motcua.core",
    "motcua.organization",
    "motcua.accounts",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.outreach",
    "motcua.reports",
    "motcua.privacy",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    "ninja",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "motcua.core.unavailable.DatabaseUnavailableMiddleware",
    "motcua.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.privacy.middleware.AccessLogMiddleware",  # staff reads of personal data
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the desk writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica (streaming replication) for reports and the dashboard; see docs/deploy.md.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["motcua.core.dbrouter.ReportsToReplica"]
# Behind PgBouncer in transaction mode a connection may change between transactions:
# server-side cursors (used by .iterator()) would be lost.
if envbool("DATABASE_POOLED", "false"):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Failed logins (password or second-factor code) are counted per username and client
# address together: an attacker elsewhere cannot lock a person out, and one address cannot
# try many passwords on one account. See docs/deploy.md, "Logins".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MOTCUA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login, kept in the database
AXES_CLIENT_IP_CALLABLE = "motcua.core.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.views.locked_out"
# Two-step login (TOTP app, recovery codes) for staff: required of superusers and of the
# roles listed here (Role values); other staff may turn it on; citizens never use it.
MOTCUA_OTP_REQUIRED_ROLES = envlist("MOTCUA_OTP_REQUIRED_ROLES", "administrator")
OTP_TOTP_ISSUER = "Một Cửa"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # keys and recovery codes never shown in the admin
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "motcua_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded files on S3-compatible object storage (MinIO, Ceph, a cloud's) when a bucket is
# named: every web node then sees every file. Needs the "s3" extra (django-storages).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",  # files are served only through the app's checks
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # file backend
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mot-cua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        # Django's Redis cache, one client per server kept (motcua/core/cache.py).
        "default": {"BACKEND": "motcua.core.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from Redis, written through to the database (kept across a flush).
    # motcua.core.sessions: cached_db that keeps the session in Redis alone while the
    # database is read-only, so the public lookup still works during maintenance.
    SESSION_ENGINE = "motcua.core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work through Django's tasks API: run at once by default; a deployment sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
MOTCUA_SMS_BACKEND = os.environ.get(
    "MOTCUA_SMS_BACKEND", "motcua.notifications.sms.LoggingSmsBackend"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    # "__Host-": the browser keeps these cookies to this exact host, over HTTPS, path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-motcua_language"
# Content-Security-Policy (motcua.core.csp, docs/deploy.md): our own files only, nothing
# inline but elements carrying the response's nonce. Violations go to MOTCUA_CSP_REPORT_URI
# when set; MOTCUA_CSP_REPORT_ONLY=true reports them without blocking.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "report-uri": os.environ.get("MOTCUA_CSP_REPORT_URI", "").strip(),
}
SECURE_CSP_REPORT_ONLY: dict = {}
if envbool("MOTCUA_CSP_REPORT_ONLY", "false"):
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = {}, SECURE_CSP

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Libraries that narrate every step at INFO: only their warnings are worth a line.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("weasyprint", "fontTools", "django_tasks", "django.tasks", "axes")
    },
}

# Key of the audit trail's hash chain. Set it once per deployment and keep it (and its
# backups) apart from the database: changing it makes every existing chain fail to verify.
MOTCUA_AUDIT_KEY = os.environ.get("MOTCUA_AUDIT_KEY") or f"audit:{SECRET_KEY}"

# Product settings (shown to the public; each can be overridden per deployment).
MOTCUA_SITE_NAME = _("One-stop shop")
MOTCUA_PAGE_SIZE = int(os.environ.get("MOTCUA_PAGE_SIZE", "20"))
MOTCUA_MAX_UPLOAD_BYTES = int(os.environ.get("MOTCUA_MAX_UPLOAD_BYTES", str(10_000_000)))
# A request body without its uploaded files (forms, API JSON): room for one largest file in
# base64 (a third larger) with the rest of an application. Above it: 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("MOTCUA_MAX_REQUEST_BYTES", str(MOTCUA_MAX_UPLOAD_BYTES * 4 // 3 + 1_000_000))
)
# Public lookup: attempts allowed per client address (and failures per dossier code) in the
# window; shared between web nodes through the cache (Redis) when REDIS_URL is set.
MOTCUA_LOOKUP_ATTEMPTS = int(os.environ.get("MOTCUA_LOOKUP_ATTEMPTS", "20"))
MOTCUA_LOOKUP_WINDOW_SECONDS = int(os.environ.get("MOTCUA_LOOKUP_WINDOW_SECONDS", "600"))
# How long a dossier's public view may be served from the cache (it is also forgotten at
# every change of the dossier).
MOTCUA_LOOKUP_CACHE_SECONDS = int(os.environ.get("MOTCUA_LOOKUP_CACHE_SECONDS", "300"))
# Feedback lookups (portal page and API): attempts per client address in 15 minutes.
MOTCUA_FEEDBACK_LOOKUP_ATTEMPTS = int(os.environ.get("MOTCUA_FEEDBACK_LOOKUP_ATTEMPTS", "10"))
# REST API and Open311: requests per window, per token (or logged-in account) and per
# client address for anonymous calls; counted in the shared cache like the lookup.
MOTCUA_API_REQUESTS_TOKEN = int(os.environ.get("MOTCUA_API_REQUESTS_TOKEN", "1200"))
MOTCUA_API_REQUESTS_ANONYMOUS = int(os.environ.get("MOTCUA_API_REQUESTS_ANONYMOUS", "120"))
MOTCUA_API_WINDOW_SECONDS = int(os.environ.get("MOTCUA_API_WINDOW_SECONDS", "60"))
# Overload (motcua/core/shedding.py): a request that waited longer than this for a worker
# is answered 503 at once, with Retry-After in seconds; 0 turns shedding off.
MOTCUA_SHED_QUEUE_MS = int(os.environ.get("MOTCUA_SHED_QUEUE_MS", "50"))
MOTCUA_SHED_RETRY_AFTER = int(os.environ.get("MOTCUA_SHED_RETRY_AFTER", "2"))
# QCVN 102 level-1 code of the demo province: Tuyên Quang's is unconfirmed, so a placeholder.
MOTCUA_DEMO_PROVINCE_CODE = os.environ.get("MOTCUA_DEMO_PROVINCE_CODE", "H00")

# Personal data (docs/privacy.md): days each kind of data is kept before
# ``manage.py purge_expired`` removes it. The access log keeps at least 365 days (its
# database trigger refuses to delete younger rows).
MOTCUA_RETAIN_UNCONFIRMED_ACCOUNT_DAYS = int(
    os.environ.get("MOTCUA_RETAIN_UNCONFIRMED_ACCOUNT_DAYS", "30")
)
MOTCUA_RETAIN_UNRECEIVED_FILES_DAYS = int(
    os.environ.get("MOTCUA_RETAIN_UNRECEIVED_FILES_DAYS", "180")
)
MOTCUA_RETAIN_NOTICE_DAYS = int(os.environ.get("MOTCUA_RETAIN_NOTICE_DAYS", "365"))
MOTCUA_RETAIN_LOGIN_ATTEMPT_DAYS = int(os.environ.get("MOTCUA_RETAIN_LOGIN_ATTEMPT_DAYS", "90"))
MOTCUA_RETAIN_ACCESS_LOG_DAYS = int(os.environ.get("MOTCUA_RETAIN_ACCESS_LOG_DAYS", "730"))

# Feedback and complaints (DOMAIN.md §6): time limits in working days. Complaints under
# the Law on Complaints 2011 get more days in remote units (listed by official unit code;
# a listed district covers its communes).
MOTCUA_FEEDBACK_DAYS = int(os.environ.get("MOTCUA_FEEDBACK_DAYS", "15"))
MOTCUA_COMPLAINT_DAYS = int(os.environ.get("MOTCUA_COMPLAINT_DAYS", "30"))
MOTCUA_COMPLAINT_COMPLEX_DAYS = int(os.environ.get("MOTCUA_COMPLAINT_COMPLEX_DAYS", "45"))
MOTCUA_COMPLAINT_REMOTE_EXTRA_DAYS = int(os.environ.get("MOTCUA_COMPLAINT_REMOTE_EXTRA_DAYS", "15"))
MOTCUA_REMOTE_UNIT_CODES = envlist("MOTCUA_REMOTE_UNIT_CODES")
# Satisfaction ratings: a scale of 3 or 5 levels, editable for a while after first given.
MOTCUA_RATING_LEVELS = int(os.environ.get("MOTCUA_RATING_LEVELS", "5"))
if MOTCUA_RATING_LEVELS not in (3, 5):
    raise ImproperlyConfigured("MOTCUA_RATING_LEVELS must be 3 or 5.")
MOTCUA_RATING_EDIT_HOURS = int(os.environ.get("MOTCUA_RATING_EDIT_HOURS", "72"))
