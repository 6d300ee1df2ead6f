"""Settings for every environment, read from the environment.

With nothing set, the portal runs on an SQLite file with Celery tasks executed in-process: the
embedded demo. `DATABASE_URL` and `REDIS_URL` switch it to PostgreSQL and a real broker.
Production hardening lives in `config.production`, which builds on this module.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so the admin shows the per-language fields
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "bootstrap",
    "rules",
    # History of registry data and case rows (registry/history.py): triggers on PostgreSQL.
    "pgtrigger",
    "pghistory",
    "registry",
    "casework",
    "licensing",
    "attestation",
    "accreditation",
    "apostille",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "registry.middleware.UserLanguageMiddleware",
    "registry.middleware.SecondFactorRequiredMiddleware",
    # Who made a change and through which address, for the history rows (PostgreSQL only).
    "registry.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.context_processors.inbox",
                "registry.languages.languages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "registry.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures lock the e-mail and address pair for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "auth-username"
# One key per account whichever way it is typed (the login wizard's field, any letter case).
AXES_USERNAME_CALLABLE = "registry.forms.login_username"
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# The jurisdiction whose public holidays, rules and languages apply: "KZ" (Kazakhstan) or "KG"
# (Kyrgyzstan).
PORTAL_JURISDICTION = env.str("PORTAL_JURISDICTION", default="KZ")
LANGUAGE_CODE = "ru"
# Every language the portal stores (modeltranslation's columns, migrations): the same whatever the
# jurisdiction, so migrations do not depend on the environment.
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# The languages the portal offers people in its jurisdiction (the switch, the account page, the
# language a request may get, documents' renditions): the state language, Russian, English.
PORTAL_JURISDICTION_LANGUAGES = {"KZ": ("kk", "ru", "en"), "KG": ("ky", "ru", "en")}
_offered = PORTAL_JURISDICTION_LANGUAGES.get(PORTAL_JURISDICTION.upper(), ("kk", "ru", "en"))
PORTAL_LANGUAGES = [(code, name) for code, name in LANGUAGES if code in _offered]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("kk", "ky", "ru", "en")
# Content missing in the language read: a state language shows the Russian text (which every
# seeded name has), never the other country's language; Russian shows the jurisdiction's state
# language; English shows Russian.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ru", "en"),
    "kk": ("ru", "en"),
    "ky": ("ru", "en"),
    "ru": (_offered[0], "en"),
    "en": ("ru", _offered[0]),
}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads live outside the static root and have no public URL: they are served only through
# views that check the viewer's right.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "uploads")
MEDIA_URL = None
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@edu-permits.kz")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Content-Security-Policy: no inline scripts or styles, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "casework.api.PortalAutoSchema",
    # Behind one reverse proxy: the client's address is the last one it adds to X-Forwarded-For,
    # so a client cannot dodge throttles by sending the header itself.
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="600/minute")},
    # A refused or conflicting case action answers 409 with a translated message.
    "EXCEPTION_HANDLER": "casework.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Education permits portal API",
    "DESCRIPTION": "Licensing, state attestation, accreditation and apostille of education "
    "organizations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids come from the path after /api/v1/ ("organizations", not "v1").
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Choice sets that share a field name across apps get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "LicenseApplicationKindEnum": "licensing.models.applications.ApplicationKind",
        "LicenseApplicationStateEnum": "licensing.models.applications.ApplicationState",
        "AttestationKindEnum": "attestation.models.schedules.AttestationKind",
        "AttestationResultColumnEnum": "attestation.models.knowledge.Column",
        "AttestationStateEnum": "attestation.models.attestations.Attestation.State",
        "AttestationDecisionEnum": "attestation.models.attestations.Decision",
        "AttestationScheduleStateEnum": "attestation.models.schedules.Schedule.State",
        "AttestationScheduleChangeKindEnum": "attestation.models.schedules.ScheduleChange.Kind",
        "AttestationPostponementStatusEnum": (
            "attestation.models.schedules.PostponementRequest.Status"
        ),
        "LicensingCouncilVoteChoiceEnum": "licensing.models.council.CouncilVote.Choice",
        "AccreditationKindEnum": "accreditation.models.cases.Kind",
        "AccreditationDecisionEnum": "accreditation.models.cases.Decision",
        "AccreditationCaseStateEnum": "accreditation.models.cases.AccreditationCase.State",
        "AccreditationCertificateStatusEnum": (
            "accreditation.models.certificates.Certificate.Status"
        ),
        # The organization's status keeps the name it had before attestation's "status".
        "StatusEnum": "registry.models.Organization.Status",
    },
}

# Celery: without REDIS_URL tasks run in-process (the embedded demo).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that relays its outbox rows after commit must not hang on a dead broker: connect and
# socket timeouts are short, and the row waits for the periodic relay (casework/outbox.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Redis re-delivers a task whose worker died unacknowledged once this many seconds have passed
# (acks_late); tests of a killed worker shorten it.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=3600
)
# PDF rendering is slow and memory-hungry: it has its own queue and workers.
CELERY_TASK_ROUTES = {"casework.tasks.render_document": {"queue": "documents"}}
# Periodic tasks; each app adds its own entries here (run exactly one beat).
CELERY_BEAT_SCHEDULE = {
    "casework-outbox-relay": {
        "task": "casework.tasks.outbox_relay",
        "schedule": 10.0,
        # A relay queued while no worker ran is worthless later: the next one does its work.
        "options": {"expires": 10.0},
    },
}
CELERY_BEAT_SCHEDULE["casework-outbox-purge"] = {
    "task": "casework.tasks.outbox_purge",
    "schedule": 24 * 3600.0,
}
# Deadline reminders (casework/deadlines.py): the scan is cheap when nothing is due.
CELERY_BEAT_SCHEDULE["casework-deadline-reminders"] = {
    "task": "casework.tasks.deadline_reminders_scan",
    "schedule": 300.0,
    "options": {"expires": 300.0},
}
# Licensing: the applicant's appeal period (licensing/services/reminders.py).
CELERY_BEAT_SCHEDULE["licensing-appeal-reminders"] = {
    "task": "licensing.tasks.appeal_reminders_send",
    "schedule": 3 * 3600.0,
    "options": {"expires": 3600.0},
}

def _redis_database(url: str, number: int) -> str:
    """The same Redis server, another database: the cache stays apart from the broker's keys."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


CACHES = {
    "default": (
        env.cache("REDIS_CACHE_URL", default=_redis_database(REDIS_URL, 1))
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

# State attestation: the figures of the Instruction are attestation/conf.py's (a setting of
# the same name overrides one).
CELERY_BEAT_SCHEDULE["attestation-organization-reminders"] = {
    "task": "attestation.tasks.organization_reminders_send",
    "schedule": 3 * 3600.0,
    "options": {"expires": 3600.0},
}

# Accreditation (accreditation/tasks.py): certificates expire after 5 years (К20, К25), renewal
# is reminded 18, 15 and 13 months ahead (К21), recommendations past their date are flagged.
for _task in (
    "certificates_expire",
    "renewal_reminders_send",
    "recommendations_mark_overdue",
    "register_dump",  # the nightly open-data files (CSV and JSON)
):
    CELERY_BEAT_SCHEDULE[f"accreditation-{_task.replace('_', '-')}"] = {
        "task": f"accreditation.tasks.{_task}",
        "schedule": 24 * 3600.0,
        "options": {"expires": 12 * 3600.0},
    }

# PORTAL_JURISDICTION (holidays, rules and languages) is set above, beside the languages.
# Deadline reminders: this many working days before a term ends, at this local hour; plus one when
# it is overdue, which also goes to the head of department (casework/deadlines.py).
DEADLINE_REMINDER_OFFSETS = env.list("DEADLINE_REMINDER_OFFSETS", cast=int, default=[3, 1])
DEADLINE_REMINDER_HOUR = env.int("DEADLINE_REMINDER_HOUR", default=9)

# Attachments (casework/attachments.py): the largest file accepted, in bytes.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Issued documents (casework/pdf.py): fonts embedded in PDFs, from Debian's fonts-dejavu-core
# (DejaVu covers the Kazakh letters ә ғ қ ң ө ұ ү һ і).
PDF_FONT_DIR = env.str("PDF_FONT_DIR", default="/usr/share/fonts/truetype/dejavu")
# Tests only: seconds the render task waits before writing, so a test can kill it mid-PDF.
DOCUMENT_RENDER_TEST_DELAY = env.float("DOCUMENT_RENDER_TEST_DELAY", default=0.0)
# The issuing authority's seal on every issued PDF (casework/seal.py): a PKCS#12 file and its
# password, or a key and certificate (PEM or DER) with the intermediate certificates; and the
# roots a seal must chain to. Without them the embedded demo uses the throwaway certificate
# authority that `manage.py seal_ca` writes to var/seal/ (scripts/run makes it).
DOCUMENT_SEAL_PKCS12 = env.str("DOCUMENT_SEAL_PKCS12", default="")
DOCUMENT_SEAL_PKCS12_PASSWORD = env.str("DOCUMENT_SEAL_PKCS12_PASSWORD", default="")
DOCUMENT_SEAL_KEY = env.str("DOCUMENT_SEAL_KEY", default="")
DOCUMENT_SEAL_CERT = env.str("DOCUMENT_SEAL_CERT", default="")
DOCUMENT_SEAL_CHAIN = env.list("DOCUMENT_SEAL_CHAIN", default=[])
DOCUMENT_SEAL_TRUST_ROOTS = env.list("DOCUMENT_SEAL_TRUST_ROOTS", default=[])
SEAL_DEMO_DIR = BASE_DIR / "var" / "seal"
if not (DOCUMENT_SEAL_PKCS12 or DOCUMENT_SEAL_KEY) and (SEAL_DEMO_DIR / "seal.key").exists():
    DOCUMENT_SEAL_KEY = str(SEAL_DEMO_DIR / "seal.key")
    DOCUMENT_SEAL_CERT = str(SEAL_DEMO_DIR / "seal.pem")
    DOCUMENT_SEAL_CHAIN = [str(SEAL_DEMO_DIR / "root.pem")]
    DOCUMENT_SEAL_TRUST_ROOTS = DOCUMENT_SEAL_CHAIN
# Public verification: how often one address may upload a PDF to compare.
VERIFY_UPLOAD_RATE = env.str("VERIFY_UPLOAD_RATE", default="20/minute")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
# WeasyPrint logs every rendering step at INFO; a documents worker would log little else.
LOGGING.setdefault("loggers", {})["weasyprint"] = {"level": "WARNING"}
