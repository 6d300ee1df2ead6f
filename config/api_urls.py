from django.urls import include, path

from casework import verification

urlpatterns = [
    path("", include("registry.api_urls")),
    path("attestation/", include("attestation.api_urls")),
    path("accreditation/", include("accreditation.api_urls")),
    path("apostille/", include("apostille.api_urls")),
    path("licensing/", include("licensing.api_urls")),
    path("verify/", verification.VerificationSearchApi.as_view(), name="api_verify_search"),
    path(
        "verify/<slug:code>/",
        verification.VerificationApi.as_view(),
        name="api_verify_document",
    ),
]
