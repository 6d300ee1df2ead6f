from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task queued by a request, written in the request's transaction.

    The row commits or rolls back with the work that caused it; the relay (casework.outbox)
    hands committed rows to the broker, so a broker outage delays the task and loses nothing.
    """

    task_name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    dispatched_at = models.DateTimeField(_("sent to the broker at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["id"]
        indexes = [
            # The relay reads only pending rows; a partial index keeps that cheap however many
            # dispatched rows pile up.
            models.Index(
                fields=["id"],
                condition=Q(dispatched_at__isnull=True),
                name="casework_outbox_pending",
            )
        ]

    def __str__(self):
        return f"{self.task_name} #{self.pk}"

    @property
    def celery_task_id(self) -> str:
        """The Celery task id the relay uses: the same on every resend, so a task can tell a
        repeated delivery by `self.request.id` (see casework.outbox.message_id)."""
        return f"outbox-{self.pk}"
