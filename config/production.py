"""Production: everything in `config.settings`, hardened. Secrets must come from the environment."""

from .settings import *  # noqa: F403
from .settings import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
WHITENOISE_USE_FINDERS = False
# The seal comes from the environment only, never from the demo's throwaway authority.
DOCUMENT_SEAL_PKCS12 = env.str("DOCUMENT_SEAL_PKCS12", default="")
DOCUMENT_SEAL_PKCS12_PASSWORD = env.str("DOCUMENT_SEAL_PKCS12_PASSWORD", default="")
DOCUMENT_SEAL_KEY = env.str("DOCUMENT_SEAL_KEY", default="")
DOCUMENT_SEAL_CERT = env.str("DOCUMENT_SEAL_CERT", default="")
DOCUMENT_SEAL_CHAIN = env.list("DOCUMENT_SEAL_CHAIN", default=[])
DOCUMENT_SEAL_TRUST_ROOTS = env.list("DOCUMENT_SEAL_TRUST_ROOTS", default=[])
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
