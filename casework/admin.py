from django.contrib import admin

from casework.models import OutboxMessage, TransitionLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the admin may read and never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
