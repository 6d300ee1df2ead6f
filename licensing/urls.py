from django.urls import path

from . import views

app_name = "licensing"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/<str:number>/", views.license_detail, name="license_detail"),
    path("register/<str:number>/status/", views.license_status, name="license_status"),
    path("apply/", views.service_start, name="service_start"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/new/", views.wizard_start, name="wizard_start"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/<slug:step>/", views.wizard, name="wizard"),
    path(
        "applications/<int:pk>/actions/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path(
        "applications/<int:pk>/resubmit/",
        views.application_resubmit,
        name="application_resubmit",
    ),
    path("queue/", views.queue, name="queue"),
    path("paper/", views.paper_new, name="paper_new"),
    path("queue/assign/", views.queue_assign, name="queue_assign"),
    path("inspections/", views.expert_inspections, name="expert_inspections"),
    path("inspections/<int:pk>/", views.inspection_sheet, name="inspection_sheet"),
    path("inspections/<int:pk>/replace/", views.inspection_replace, name="inspection_replace"),
    path("council/", views.council_inbox, name="council_inbox"),
    path("council/<int:pk>/", views.council_review, name="council_review"),
    path("bulk-reissue/", views.bulk_reissue_new, name="bulk_reissue_new"),
    path("bulk-reissue/<int:pk>/", views.bulk_reissue_detail, name="bulk_reissue_detail"),
]
