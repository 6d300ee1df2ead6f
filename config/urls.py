from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from two_factor.admin import AdminSiteOTPRequired
from two_factor.urls import urlpatterns as two_factor_urls

from config.health import healthz
from registry import account, api_docs

# The admin asks for the same second factor as the portal and logs in through its login page.
admin.site.__class__ = AdminSiteOTPRequired

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("registry.urls")),
    path("", include("casework.urls")),
    path("licensing/", include("licensing.urls")),
    path("attestation/", include("attestation.urls")),
    path("accreditation/", include("accreditation.urls")),
    path("apostille/", include("apostille.urls")),
    path("", include(two_factor_urls)),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The language switch keeps a logged-in person's choice on their account.
    path("i18n/setlang/", account.language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Both pages run under our CSP, without inline scripts (see registry/api_docs.py).
    path("api/docs/", api_docs.swagger_ui, name="api-docs"),
    path("api/redoc/", api_docs.redoc, name="api-redoc"),
]
