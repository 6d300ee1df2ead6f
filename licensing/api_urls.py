from django.urls import path

from . import api

urlpatterns = [
    path("licenses/", api.LicenseRegisterApi.as_view(), name="api-license-list"),
    path("licenses/<str:number>/", api.LicenseDetailApi.as_view(), name="api-license-detail"),
    path(
        "licenses/<str:number>/<slug:change>/",
        api.LicenseStatusApi.as_view(),
        name="api-license-status",
    ),
    path("applications/", api.ApplicationListApi.as_view(), name="api-application-list"),
    path("applications/paper/", api.PaperApplicationApi.as_view(), name="api-application-paper"),
    path(
        "applications/assign/",
        api.ApplicationAssignApi.as_view(),
        name="api-application-assign",
    ),
    path(
        "applications/<int:pk>/",
        api.ApplicationDetailApi.as_view(),
        name="api-application-detail",
    ),
    path(
        "applications/<int:pk>/<slug:action>/",
        api.ApplicationActionApi.as_view(),
        name="api-application-action",
    ),
    path("inspections/<int:pk>/", api.InspectionApi.as_view(), name="api-inspection"),
    path(
        "inspections/<int:pk>/findings/<int:finding_id>/",
        api.FindingApi.as_view(),
        name="api-inspection-finding",
    ),
    path("inspections/<int:pk>/sign/", api.SignApi.as_view(), name="api-inspection-sign"),
    path(
        "inspections/<int:pk>/replacements/",
        api.ReplacementApi.as_view(),
        name="api-inspection-replacement",
    ),
    path("council-reviews/<int:pk>/votes/", api.CouncilVoteApi.as_view(), name="api-council-vote"),
    path(
        "council-reviews/<int:pk>/close/", api.CouncilCloseApi.as_view(), name="api-council-close"
    ),
    path("bulk-reissues/", api.BulkReissueApi.as_view(), name="api-bulk-reissue"),
    path(
        "bulk-reissues/<int:pk>/",
        api.BulkReissueProgressApi.as_view(),
        name="api-bulk-reissue-progress",
    ),
]
