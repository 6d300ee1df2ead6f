from django.urls import path

from . import views

app_name = "apostille"

urlpatterns = [
    path("", views.service_start, name="service_start"),
    path("e-register/", views.register, name="register"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/new/", views.wizard_new, name="wizard_new"),
    path("requests/new/details/", views.wizard_new_details, name="wizard_new_details"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/<slug:step>/", views.wizard, name="wizard"),
    path(
        "requests/<int:pk>/actions/<slug:action>/",
        views.request_action,
        name="request_action",
    ),
    path(
        "requests/<int:pk>/documents/<int:document>/<slug:language>/",
        views.request_download,
        name="request_download",
    ),
    path("apostilles/<int:pk>/revoke/", views.apostille_revoke, name="apostille_revoke"),
    path("queue/", views.queue, name="queue"),
    path("specimens/", views.specimens, name="specimens"),
    path("specimens/<int:organization>/", views.specimen_list, name="specimen_list"),
    path("specimens/change/<int:pk>/", views.specimen_edit, name="specimen_edit"),
]
