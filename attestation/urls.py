from django.urls import path

from . import views

app_name = "attestation"

urlpatterns = [
    path("<int:pk>/", views.attestation_detail, name="detail"),
]
