from django.urls import path

from . import dump, views

app_name = "accreditation"

urlpatterns = [
    # Public registers (К24)
    path("register/", views.register, name="register"),
    path("register/programmes/", views.programme_register, name="programme_register"),
    path("register/bodies/", views.bodies_register, name="bodies_register"),
    path("register/dump.<slug:fmt>", dump.dump_download, name="register_dump"),
    path("register/<str:number>/", views.certificate_detail, name="certificate_detail"),
    # The organization
    path("apply/", views.service_start, name="service_start"),
    path("cases/", views.my_cases, name="my_cases"),
    path("cases/new/", views.wizard_start, name="wizard_start"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/<slug:step>/", views.wizard, name="wizard"),
    path("cases/<int:pk>/actions/<slug:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "cases/<int:pk>/self-assessment/report/",
        views.self_assessment_report,
        name="self_assessment_report",
    ),
    path("cases/<int:pk>/expert-report/", views.expert_report, name="expert_report"),
    path("cases/<int:pk>/council/", views.council_vote, name="council_vote"),
    path(
        "recommendations/<int:pk>/evidence/",
        views.recommendation_evidence,
        name="recommendation_evidence",
    ),
    path(
        "recommendations/<int:pk>/close/", views.recommendation_close, name="recommendation_close"
    ),
    path("certificates/<int:pk>/duplicate/", views.duplicate_request, name="duplicate_request"),
    path("duplicates/<int:pk>/issue/", views.duplicate_issue, name="duplicate_issue"),
    # The body, the experts, the council, the appeal authority
    path("queue/", views.queue, name="queue"),
    path("visits/", views.expert_visits, name="expert_visits"),
    path("council/", views.council_inbox, name="council_inbox"),
    path("appeals/", views.appeals, name="appeals"),
]
