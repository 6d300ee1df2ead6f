"""Test settings: the normal ones plus a sample procedure that exists only in tests."""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "casework.tests.sample"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - tests only

# Tests read English unless they pick a language: assertions on messages then do not depend on
# the state of the kk/ru catalogs. Tests of Kazakh and Russian set the language explicitly.
LANGUAGE_CODE = "en"
