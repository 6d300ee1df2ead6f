from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.RequestListApi.as_view(), name="api-apostille-request-list"),
    path("requests/paper/", api.PaperRequestApi.as_view(), name="api-apostille-request-paper"),
    path(
        "requests/<int:pk>/",
        api.RequestDetailApi.as_view(),
        name="api-apostille-request-detail",
    ),
    path(
        "requests/<int:pk>/attachments/<slug:item>/",
        api.RequestAttachmentApi.as_view(),
        name="api-apostille-request-attachment",
    ),
    path(
        "requests/<int:pk>/<slug:action>/",
        api.RequestActionApi.as_view(),
        name="api-apostille-request-action",
    ),
    path(
        "apostilles/<int:pk>/revoke/",
        api.ApostilleRevokeApi.as_view(),
        name="api-apostille-revoke",
    ),
    path("issuers/", api.IssuerSearchApi.as_view(), name="api-apostille-issuers"),
    path("register/", api.RegisterLookupApi.as_view(), name="api-apostille-register"),
    path("specimens/", api.SpecimenListApi.as_view(), name="api-apostille-specimen-list"),
    path(
        "specimens/<int:pk>/",
        api.SpecimenDetailApi.as_view(),
        name="api-apostille-specimen-detail",
    ),
]
