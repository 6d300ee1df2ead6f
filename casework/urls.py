from django.urls import path

from . import attachment_views, document_views, inbox_views, verification

urlpatterns = [
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read/", inbox_views.inbox_mark_read, name="inbox_mark_all_read"),
    path("inbox/<int:pk>/read/", inbox_views.inbox_mark_read, name="inbox_mark_read"),
    path("inbox/<int:pk>/open/", inbox_views.inbox_open, name="inbox_open"),
    path("verify/", verification.verify_search, name="verify_search"),
    path("verify/<slug:code>/", verification.verify_document, name="verify_document"),
    path(
        "verify/<slug:code>/pdf/<slug:language>/",
        verification.verify_document_pdf,
        name="verify_document_pdf",
    ),
    path(
        "documents/<int:pk>/<slug:language>/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "attachments/<int:pk>/download/",
        attachment_views.attachment_download,
        name="attachment_download",
    ),
    path(
        "cases/<str:case_type>/<int:case_id>/attachments/<slug:item>/",
        attachment_views.attachment_upload_view,
        name="attachment_upload",
    ),
]
