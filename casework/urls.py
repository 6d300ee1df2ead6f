from django.urls import path

from . import inbox_views

urlpatterns = [
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read/", inbox_views.inbox_mark_read, name="inbox_mark_all_read"),
    path("inbox/<int:pk>/read/", inbox_views.inbox_mark_read, name="inbox_mark_read"),
    path("inbox/<int:pk>/open/", inbox_views.inbox_open, name="inbox_open"),
]
