"""Settings for pa-portal, read from the environment.

With nothing set (and DEBUG=1, as `make run` does) the portal runs on a SQLite file under var/
with Celery tasks executed in process. Production sets DATABASE_URL, CELERY_BROKER_URL,
SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "pa_portal.apps.AxesConfig",  # django-axes, named in Thai
    "crispy_forms",
    "crispy_bootstrap5",
    # The portal's apps, from the bottom of the dependency graph up (docs/ARCHITECTURE.md).
    "pa_portal",
    "accounts",
    "standards",
    "audit",
    "notifications",
    "agreements",
    "results",
    "evaluations",
    "verification",
    "cycle",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pa_portal.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pa_portal.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pa_portal.urls"

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
                "pa_portal.context_processors.portal",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "pa_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a web server's database (the embedded default): readers never wait for the writer
    # (WAL journal), a writer waits for the lock instead of failing at once with "database is
    # locked" (busy timeout, seconds), and a transaction takes the write lock when it begins
    # (IMMEDIATE), so two writers queue up rather than deadlock when a reader turns into a
    # writer; the loser then gets the same refusal (409, "ส่งแล้ว") it gets on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    if env_str("PA_TEST_SQLITE_FILE"):
        # pa_portal/tests/test_sqlite_concurrency.py: a file database, so that the live server's
        # threads race on real locks (the default test database is in memory, one connection).
        DATABASES["default"]["TEST"] = {"NAME": env_str("PA_TEST_SQLITE_FILE")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (pa_portal/hashers.py says why); the others verify hashes made before it.
PASSWORD_HASHERS = [
    "pa_portal.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Sarabun, the open font of Thai official documents, comes from a pinned PyPI package.
SARABUN_DIR = fontpkg_sarabun.ROOT / "files"
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts/sarabun", SARABUN_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

STORAGES = {
    # Media go through Django's storage API only, so S3 is a settings change (docs/deployment.md).
    "default": {
        "BACKEND": env_str("DEFAULT_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("DEFAULT_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {
        # The manifest storage needs collectstatic first; development serves files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Web nodes keep no state of their own: sessions in the database (the default) or in Redis
# (CACHE_URL=redis://… and SESSION_ENGINE=django.contrib.sessions.backends.cache).
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.db")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: without a broker, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_TIMEZONE = TIME_ZONE
# PDFs render on workers of their own queue (`celery worker -Q pdf`), never on a web worker and
# never ahead of the quick tasks (e-mails, reminders) of the default queue.
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": env_str("CELERY_PDF_QUEUE", "pdf")}}
# The yearly cycle's reminders (cycle.tasks), once a day in the morning, Bangkok time.
CELERY_BEAT_SCHEDULE = {
    "cycle-send-reminders": {
        "task": "cycle.tasks.send_reminders",
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 8), minute=0),
    },
}

# Security. Production (DEBUG off) gets secure cookies and HSTS unless explicitly turned off,
# e.g. when running behind a plain-HTTP proxy on loopback for a benchmark.
SECURE = env_bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Expiry counts from the last request (an inactivity timeout), refreshed at most every
# SESSION_REFRESH_SECONDS by pa_portal.middleware.SessionRefreshMiddleware, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 300)
X_FRAME_OPTIONS = "DENY"

# Sign-in protection (django-axes). Offices sit behind one NAT address, so an address alone is
# never locked (that would lock a whole office out): a username is locked on the address that
# failed with it, after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ProfileBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No start-up banner on every command; lockouts are still logged as warnings.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "pa_portal.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "pa_portal.lockout.username_of"
AXES_COOLOFF_MESSAGE = "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป บัญชีนี้ถูกระงับชั่วคราว กรุณารอแล้วลองใหม่"
AXES_PERMALOCK_MESSAGE = "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาติดต่อผู้ดูแลระบบเพื่อปลดล็อก"

# Content Security Policy (django-csp 4). Every script and stylesheet is a static file of this
# site. style="" attributes stay allowed (style-src-attr) because templates use them for widths
# and pre-line text; <style> elements and foreign stylesheets are still refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        # Bootstrap draws its icons (select arrows, the menu button) as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads (evidence files).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# E-mail goes to the console unless an SMTP host is given (EMAIL_HOST and friends).
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pa-portal@localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Links in e-mails need the portal's address; requests are not there to tell it.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://localhost:8000").rstrip("/")

# Documents anyone can verify (docs/verification.md). Every printed page carries a code and a QR
# code for PORTAL_PUBLIC_URL/verify/<code>/: the address the public reaches the portal at.
PORTAL_PUBLIC_URL = env_str("PORTAL_PUBLIC_URL", PORTAL_BASE_URL).rstrip("/")
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 60)  # lookups per address per window
VERIFY_RATE_WINDOW = env_int("VERIFY_RATE_WINDOW", 600)  # seconds
VERIFY_UPLOAD_MAX_BYTES = env_int("VERIFY_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# The seal (PAdES) of agreed PA1s and final PA3s: the office's certificate and key (PEM files),
# its CA chain if any, and an optional RFC 3161 time-stamping service. With DEBUG on and nothing
# set, the development certificate of `manage.py signing_devcert` (var/dev-signing/) is used;
# production refuses to start with it (verification/checks.py).
DEV_SIGNING_DIR = VAR_DIR / "dev-signing"
_DEV_SIGNING = DEBUG and not env_str("SIGNING_CERT")
SIGNING_CERT = env_str("SIGNING_CERT", str(DEV_SIGNING_DIR / "seal.pem") if _DEV_SIGNING else "")
SIGNING_KEY = env_str("SIGNING_KEY", str(DEV_SIGNING_DIR / "seal.key") if _DEV_SIGNING else "")
SIGNING_CHAIN = env_str("SIGNING_CHAIN", str(DEV_SIGNING_DIR / "ca.pem") if _DEV_SIGNING else "")
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step of every PDF at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
