from django.urls import path

from . import api_tokens, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/api-token/", api_tokens.api_token_page, name="api_token"),
]
