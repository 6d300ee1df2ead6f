from django.urls import path

from . import views

app_name = "attestation"

urlpatterns = [
    path("", views.index, name="index"),
    path("about/", views.service_start, name="service_start"),
    path("schedules/propose/", views.schedule_propose, name="schedule_propose"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule"),
    path("schedules/<int:pk>/approve/", views.schedule_approve, name="schedule_approve"),
    path("schedules/<int:pk>/add/", views.entry_add, name="entry_add"),
    path("schedules/<int:pk>/control-results/", views.control_results, name="control_results"),
    path("entries/<int:pk>/date/", views.entry_date, name="entry_date"),
    path("entries/<int:pk>/drop/", views.entry_drop, name="entry_drop"),
    path("entries/<int:pk>/<str:kind>/", views.entry_change, name="entry_change"),
    path("postponements/<int:pk>/decide/", views.postponement_decide, name="postponement_decide"),
    path("<int:pk>/", views.attestation_detail, name="detail"),
    path("<int:pk>/postpone/", views.postpone, name="postpone"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/files/<slug:item>/", views.file_upload, name="file_upload"),
    path("<int:pk>/commission/<str:purpose>/", views.commission_form, name="commission_form"),
    path("commissions/<int:pk>/members/", views.member_add, name="member_add"),
    path("commissions/<int:pk>/approve/", views.commission_approve, name="commission_approve"),
    path("commissions/<int:pk>/areas/", views.area_assign, name="area_assign"),
    path(
        "commissions/<int:pk>/written-works/", views.written_work_panel, name="written_work_panel"
    ),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("areas/<int:pk>/report/", views.area_report, name="area_report"),
    path("<int:pk>/visit/", views.visit_start, name="visit_start"),
    path("<int:pk>/test-form/", views.test_form_set, name="test_form"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/sample/", views.sample, name="sample"),
    path("<int:pk>/grid/", views.grid, name="grid"),
    path("<int:pk>/conclusion/", views.conclusion, name="conclusion"),
    path("<int:pk>/conclusion/sign/", views.conclusion_sign, name="conclusion_sign"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/suspend-license/", views.suspend_license, name="suspend_license"),
    path("<int:pk>/<str:kind>.pdf", views.document_pdf, name="document"),
]
