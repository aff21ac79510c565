"""Settings for every deployment; each value comes from the environment (README: Configuration)."""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "chinhquyenso"
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
TESTING = "pytest" in sys.modules

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "chinhquyenso.core",
    "chinhquyenso.identity",
    "chinhquyenso.eoffice",
    "chinhquyenso.services",
    "chinhquyenso.reporting",
    "chinhquyenso.assist",
    "chinhquyenso.exchange",
    "chinhquyenso.feedback",
]

MIDDLEWARE = [
    "chinhquyenso.core.middleware.BearerApiMiddleware",  # shorter chain for token API calls
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chinhquyenso.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chinhquyenso.identity.middleware.RequireAdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chinhquyenso.core.middleware.ContentSecurityPolicyMiddleware",  # django-csp, policy cached
    "chinhquyenso.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chinhquyenso.config.urls"
WSGI_APPLICATION = "chinhquyenso.config.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "identity:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chinhquyenso.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
    # concurrent numbering transactions queue instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One test database per process, so two suites on one server (CI and a developer) never
    # create or drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Identity -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "chinhquyenso.identity.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Production-strength Argon2 costs ~0.3 s per hash; tests create hundreds of users.
    PASSWORD_HASHERS = ["chinhquyenso.config.test_hashers.FastArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "chinhquyenso.identity.validators.CharacterClassValidator"},
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chinhquyenso.identity.views.lockout_response"
AXES_USERNAME_CALLABLE = "chinhquyenso.identity.lockout.lockout_username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # sliding expiry: the session ends after SESSION_COOKIE_AGE idle
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Chính quyền số")
# Off by default under pytest so other apps' tests can sign administrators in with force_login;
# identity's tests switch it on (chinhquyenso/identity/tests/).
REQUIRE_ADMIN_2FA = env_bool("REQUIRE_ADMIN_2FA", not TESTING)

# --- Security headers ----------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
PROVINCE_NAME = env_str("PROVINCE_NAME", "Quảng Ngãi")  # shown in the page header
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_MAX_BYTES = env_int("FILE_MAX_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Root certificates (PEM or DER files) that signatures of electronic arrivals must chain to; the
# roots shipped in the repository's data/trust-roots/ are added (docs/signatures.md).
SIGNATURE_TRUST_ROOTS_DIR = Path(env_str("SIGNATURE_TRUST_ROOTS_DIR", str(VAR_DIR / "trust-roots")))
S3_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
                "access_key": env_str("S3_ACCESS_KEY") or None,
                "secret_key": env_str("S3_SECRET_KEY") or None,
                "region_name": env_str("S3_REGION") or None,
                "file_overwrite": False,
                "default_acl": None,
            },
        }
        if S3_BUCKET
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT)},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email ------------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Without an SMTP server, mail is written to var/mail so nothing is lost and nothing is sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chinhquyenso@localhost")

# --- Online public services -------------------------------------------------------------
# Dotted path of the SMS gateway class (chinhquyenso.services.sms.SmsGateway); "log" only logs.
SERVICES_SMS_GATEWAY = env_str("SERVICES_SMS_GATEWAY", "chinhquyenso.services.sms.LogGateway")

# --- Document exchange (edXML; docs/exchange.md) -------------------------------------------
EXCHANGE_KEY_DIR = Path(env_str("EXCHANGE_KEY_DIR", str(VAR_DIR / "exchange")))
EXCHANGE_LOG_RETENTION_DAYS = env_int("EXCHANGE_LOG_RETENTION_DAYS", 3650)
EXCHANGE_MAX_MESSAGE_BYTES = env_int("EXCHANGE_MAX_MESSAGE_MB", 40) * 1024 * 1024
EXCHANGE_MAX_ATTACHMENT_BYTES = env_int("EXCHANGE_MAX_ATTACHMENT_KB", 7 * 1024) * 1024
EXCHANGE_MAX_ATTEMPTS = env_int("EXCHANGE_MAX_ATTEMPTS", 12)
EXCHANGE_RETRY_BASE_SECONDS = env_int("EXCHANGE_RETRY_BASE_SECONDS", 60)
# Header set by the TLS terminator with the verified client certificate's SHA-256 (hex); empty
# turns client-certificate authentication off.
EXCHANGE_CLIENT_CERT_HEADER = env_str("EXCHANGE_CLIENT_CERT_HEADER")

# --- Background tasks ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- OCR of scans (assist app; docs/ocr.md) ---------------------------------------------------
OCR_LANGUAGES = env_str("OCR_LANGUAGES", "vie")  # tesseract language codes joined by "+"
OCR_JOBS = env_int("OCR_JOBS", 0)  # tesseract processes at once; 0 means one per CPU core
OCR_TIMEOUT_SECONDS = env_int("OCR_TIMEOUT_SECONDS", 900)
OCR_IMAGE_DPI = env_int("OCR_IMAGE_DPI", 300)  # assumed for an image whose file gives none

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # pyHanko logs a traceback for every untrusted chain; the result is stored and shown anyway.
    "loggers": {"axes": {"level": "WARNING"}, "pyhanko": {"level": "ERROR"}},
}

# Lockout is per account on purpose: many officials of one agency share one NAT address, so an
# IP-based lock would shut out a whole office after one person's mistakes.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
