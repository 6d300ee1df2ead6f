from django.contrib import admin
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from casework import outbox
from casework.models import (
    Attachment,
    CalendarDay,
    Deadline,
    DocumentRendition,
    IssuedDocument,
    Notification,
    OutboxMessage,
    ReminderSent,
    TransitionLog,
)


class ReadOnlyAdminMixin:
    """A record (or inline) the admin may read and never add, change or delete: case rows
    change only through their services, which the admin reaches through actions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    # Append-only: the log is evidence of who did what when.
    list_display = ["at", "case_type", "case_id", "transition", "source", "target", "actor"]
    list_filter = ["case_type", "transition", "target"]
    search_fields = ["case_id", "actor__email", "comment"]
    date_hierarchy = "at"
    list_select_related = ["case_type", "actor"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "task_name", "created_at", "dispatched_at", "attempts", "last_error"]
    list_filter = [("dispatched_at", admin.EmptyFieldListFilter), "task_name"]
    search_fields = ["task_name"]
    date_hierarchy = "created_at"


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The yearly transfers of days off that the `holidays` package does not know."""

    list_display = ["date", "jurisdiction", "kind", "note"]
    list_filter = ["jurisdiction", "kind"]
    search_fields = ["note"]
    date_hierarchy = "date"
    ordering = ["-date"]


class ReminderSentInline(admin.TabularInline):
    model = ReminderSent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["kind", "sent_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    # Terms change through casework.deadlines, which counts them on the calendar and keeps the
    # case's due date in step; a hand edit here would do neither.
    list_display = ["id", "case_type", "case_id", "kind", "state", "due_at", "next_reminder_at"]
    list_filter = ["state", "case_type", "kind"]
    search_fields = ["case_id", "kind"]
    date_hierarchy = "due_at"
    list_select_related = ["case_type"]
    inlines = [ReminderSentInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at", "emailed_at"]
    list_filter = ["template_key", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    # Files come in only through casework.attachments.attachment_upload (type, size and hash
    # checked) and go out only through the download view that checks the viewer's right.
    list_display = [
        "id",
        "case_type",
        "case_id",
        "item_code",
        "version",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "superseded_by",
    ]
    list_filter = ["case_type", "content_type", ("superseded_by", admin.EmptyFieldListFilter)]
    search_fields = ["case_id", "original_name", "sha256", "uploaded_by__email"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["case_type", "uploaded_by"]
    exclude = ["file"]


class RenditionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DocumentRendition
    extra = 0
    fields = ["language", "holder_name", "sha256", "rendered_at", "sealed_by"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    # Status changes go through casework.documents (supersede, revoke) from the procedures.
    list_display = ["number", "kind", "organization", "language", "issued_at", "status"]
    list_filter = ["kind", "status", "language"]
    search_fields = ["number", "verification_code", "renditions__sha256", "organization__bin"]
    date_hierarchy = "issued_at"
    list_select_related = ["organization"]
    inlines = [RenditionInline]
    actions = ["render_again"]

    @admin.action(description=_("Queue rendering of the selected documents that have no file"))
    def render_again(self, request, queryset):
        from casework.documents import RENDER_TASK

        pending = list(
            DocumentRendition.objects.filter(document__in=queryset, sha256="")
            .filter(language=F("document__language"))
            .values_list("document_id", flat=True)
        )
        with transaction.atomic():
            for pk in pending:
                outbox.enqueue(RENDER_TASK, document_id=pk)
        self.message_user(
            request, _("%(count)d documents queued for rendering.") % {"count": len(pending)}
        )
