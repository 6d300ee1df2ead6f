from django.urls import path

from . import api

urlpatterns = [
    path("organizations/", api.OrganizationListApi.as_view(), name="api-organization-list"),
    path(
        "organizations/<str:bin>/",
        api.OrganizationDetailApi.as_view(),
        name="api-organization-detail",
    ),
    path(
        "organizations/<str:bin>/dossier/",
        api.OrganizationDossierApi.as_view(),
        name="api-organization-dossier",
    ),
    path("regions/", api.RegionListApi.as_view(), name="api-region-list"),
    path("authorities/", api.AuthorityListApi.as_view(), name="api-authority-list"),
    path("education-levels/", api.EducationLevelListApi.as_view(), name="api-education-level-list"),
    path("specialties/", api.SpecialtyListApi.as_view(), name="api-specialty-list"),
    path("qualifications/", api.QualificationListApi.as_view(), name="api-qualification-list"),
    path("experts/", api.ExpertListApi.as_view(), name="api-expert-list"),
]
