from django.urls import path

from . import account, api_tokens, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", account.account_profile, name="account_profile"),
    path("account/api-token/", api_tokens.api_token_page, name="api_token"),
    path("organizations/<str:bin>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<str:bin>/dossier/",
        views.organization_dossier,
        name="organization_dossier",
    ),
    path("authorities/", views.authority_list, name="authority_list"),
    path("regions/", views.region_list, name="region_list"),
]
