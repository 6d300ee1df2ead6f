from django.urls import path

from . import api

urlpatterns = [
    path(
        "register/certificates/",
        api.CertificateRegisterApi.as_view(),
        name="api-accreditation-certificates",
    ),
    path(
        "register/certificates/<str:number>/",
        api.CertificateDetailApi.as_view(),
        name="api-accreditation-certificate",
    ),
    path(
        "register/programmes/",
        api.ProgrammeRegisterApi.as_view(),
        name="api-accreditation-programmes",
    ),
    path("register/bodies/", api.BodyRegisterApi.as_view(), name="api-accreditation-bodies"),
    path("register/dump/<slug:fmt>/", api.DumpApi.as_view(), name="api-accreditation-dump"),
    path("cases/", api.CaseListApi.as_view(), name="api-accreditation-cases"),
    path("cases/<int:pk>/", api.CaseDetailApi.as_view(), name="api-accreditation-case"),
    path(
        "cases/<int:pk>/<slug:action>/",
        api.CaseActionApi.as_view(),
        name="api-accreditation-case-action",
    ),
    path(
        "recommendations/<int:pk>/<slug:verb>/",
        api.RecommendationApi.as_view(),
        name="api-accreditation-recommendation",
    ),
    path(
        "certificates/<str:number>/duplicates/",
        api.DuplicateRequestApi.as_view(),
        name="api-accreditation-duplicate-request",
    ),
    path(
        "duplicates/<int:pk>/issue/",
        api.DuplicateIssueApi.as_view(),
        name="api-accreditation-duplicate-issue",
    ),
    path("decisions/", api.DecisionPushApi.as_view(), name="api-accreditation-decisions"),
]
