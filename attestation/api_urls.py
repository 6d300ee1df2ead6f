from django.urls import path

from . import api

urlpatterns = [
    path("attestations/", api.AttestationListApi.as_view(), name="api-attestation-list"),
    path(
        "attestations/<int:pk>/", api.AttestationDetailApi.as_view(), name="api-attestation-detail"
    ),
    path("attestations/<int:pk>/grid/", api.GridApi.as_view(), name="api-attestation-grid"),
    path(
        "attestations/<int:pk>/decision/",
        api.DecisionApi.as_view(),
        name="api-attestation-decision",
    ),
    path("results/", api.ResultEntryApi.as_view(), name="api-attestation-result"),
]
