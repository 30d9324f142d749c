"""One settings module for every environment; everything that differs comes from the environment.

Each variable read here is documented in README.md.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# The test suite runs with production-like settings, minus the parts that need a deployment.
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For local development run `make run`, which sets DEBUG=true."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_tasks_db",
    "common",
    "accounts",
    "principles",
    "organizations",
    "accession",
    "accession.review",
    "accession.registry",
    "accession.concerns",
    "privacy",
    "tools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.policy.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.policy.CoordinatorPolicyMiddleware",
    "accounts.middleware.AccountLanguageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.policy.navigation",
                "common.i18n.languages",
                "accession.context_processors.hide_now",
            ],
        },
    },
]
# Forms are rendered by Django's templates except the common widgets, labels and error lists,
# which this renderer writes in Python with the same output (see common/forms.py).
FORM_RENDERER = "common.forms.FastRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The registry's name search tolerates a typo or two: "Vyasna" finds "Viasna".
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.4"
    )
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # A query run again on the same connection skips planning: on signed-in pages PostgreSQL
        # took longer to plan most queries than to run them. Set DATABASE_PREPARED_STATEMENTS
        # to false behind a pooler in transaction mode (PgBouncer), which cannot keep them.
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"

# allauth: e-mail is the only login and must be confirmed before the first login.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Codes typed into the open browser window, not links: allauth's links carry the account's
# sequential id (in base36 in the reset link, in the signed but readable payload of the
# confirmation link), which would tell how many accounts exist.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's limits for login, sign-up, reset and confirmation, plus accession submissions,
# invitations (per account, and per organization as the key), claims to represent an
# organization, and codes tried to take over an accession.
ACCOUNT_RATE_LIMITS = {
    "accede": "10/h/user",
    "invite": "20/d/user,30/d/key",
    "claim": "10/d/user",
    "take-over": "10/h/user,30/h/ip",
    # Concerns are raised and read anonymously too: per client address, and per account as well.
    "concern": "10/h/ip",
    "concern-account": "5/h/user",
    "case-code": "10/h/ip",
}
# Behind a reverse proxy, set how many proxies to trust so limits see the real client address
# (it is used in memory for rate limiting only and never stored).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_SESSION_REMEMBER = False
# Two-factor settings (and other sensitive account changes) ask for the password again unless it
# was given this recently; logging in counts (accounts/adapters.py). Long enough to install an
# authenticator app after logging in, half a coordinator's idle limit.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 15 * 60
# The audit trail is read-only, in the admin too.
SIMPLE_HISTORY_REVERT_DISABLED = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Principles Registry"
# A code typed as the 30-second step turns over, or read off a phone whose clock drifts a little,
# still works: one step either side, as RFC 6238 advises. A code once used is still refused.
MFA_TOTP_TOLERANCE = 1
# Security keys over plain http work only on localhost during development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING

# The site's languages, each named in itself wherever a reader chooses one. English is the
# default: the language of the Principles' reference text and of machine outputs.
LANGUAGE_CODE = "en"
LANGUAGES = [("be", "Беларуская"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# 1 234 and 1 234 567: numbers grouped in thousands, with each language's separator.
USE_THOUSAND_SEPARATOR = True
# Belarusian date and number formats, which Django lacks.
FORMAT_MODULE_PATH = ["common.formats"]
# The project's catalogues (makemessages keeps them), then the Belarusian one for the allauth
# pages the site shows, which allauth does not ship.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "allauth_locale"]
TIME_ZONE = "Europe/Minsk"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Manifest storage needs collectstatic first, which development and tests do not run.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
# Links in e-mail sent by background tasks, which have no request to take the host from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
# How much an e-mail says where anyone can read it: a lock screen, a shared inbox, a seized
# phone. "neutral" (the default): every subject is the same "You have a new message", with no
# site name (a name or prefix would tell what the site is), and the text says only that there
# is news on the site, with a link; what happened and what to do next are on the page, after
# login. Account codes are still sent, since the person needs them. "full": subjects carry the
# site's name and say what the mail is about, and the text says what happened and what the
# signatory can do next. Neither ever carries a coordinator's reasons or anyone's name. Choose
# a From address (DEFAULT_FROM_EMAIL) as neutral as the subjects.
MAIL_DETAIL = os.environ.get("MAIL_DETAIL", "neutral").strip().lower()
if MAIL_DETAIL not in {"neutral", "full"}:
    raise ImproperlyConfigured('MAIL_DETAIL must be "neutral" or "full".')
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who runs the site and how to reach them, as the privacy page says. Without a name the page
# names the coordinators of the Principles, in the reader's language.
OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Rate-limit counters and used two-factor codes must be shared by every worker process, so
# production keeps them in the database (the table comes with `migrate`). Their keys name
# client addresses, e-mail addresses and accounts: only keyed hashes of them are stored.
# A full table evicts a third of its entries, and an evicted counter or used code is an attempt
# forgotten (Django's default of 300 entries is a few minutes of one busy client). A login,
# sign-up or reset attempt leaves two or three entries that live five minutes at most
# (submission counters an hour): 100,000 hold five minutes of 100 attempts a second, far
# beyond this site's traffic. Expired rows are deleted first, and daily by `purge_expired`.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "registry_cache",
    "KEY_FUNCTION": "common.cache.hashed_key",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}


def cache_from_url(url: str) -> dict:
    """CACHE_URL: `redis://host:port/db` (Django's RedisCache: the cache for several web
    processes or machines), `db://` (the table above; `db://name`, a table registry_name), or
    `locmem://` (one process only)."""
    scheme, _, name = url.partition("://")
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_FUNCTION": "common.cache.hashed_key",
        }
    if scheme == "db":
        return DATABASE_CACHE | ({"LOCATION": f"registry_{name}"} if name else {})
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": name,
            "KEY_FUNCTION": "common.cache.hashed_key",
        }
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss://, db:// or locmem://.")


# Rate limits and used two-factor codes (default), and the anonymous visitors' pages with the
# public version's copy (pages, common/page_cache.py), kept apart so that a crawler walking
# every page can evict only pages. Development and tests keep them in memory; production in the
# database unless CACHE_URL and PAGE_CACHE_URL say (with Redis, a database number of its own).
IN_MEMORY = DEBUG or TESTING
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL") or ("locmem://" if IN_MEMORY else "db://")
    ),
    "pages": cache_from_url(
        os.environ.get("PAGE_CACHE_URL") or ("locmem://pages" if IN_MEMORY else "db://pages")
    ),
}

# Rejected and withdrawn accessions are anonymised this many days after they closed
# (`manage.py purge_expired`, daily).
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "180"))
# A claim code handed to a person whose accession a coordinator recorded works this many days.
CLAIM_CODE_DAYS = int(os.environ.get("CLAIM_CODE_DAYS", "90"))

# Tasks: run in-process in development and tests; a database queue with `db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # allauth renders the TOTP QR code as a data: URI.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs carry no personal data: no request bodies, no addresses; see README "Security and privacy".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # SQL with its parameters (names, addresses) must never reach a log, whatever LOG_LEVEL.
        "django.db.backends": {"level": "INFO", "propagate": True},
    },
}
