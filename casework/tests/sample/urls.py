"""The project's URLs plus the sample procedure's; tests use it with pytest.mark.urls."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

from . import api, views

sample_patterns = [
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path(
        "api/applications/<int:pk>/submit/",
        api.SampleApplicationSubmitApi.as_view(),
        name="api-application-submit",
    ),
]

urlpatterns = [
    path("sample/", include((sample_patterns, "sample"))),
    *project_urlpatterns,
]
