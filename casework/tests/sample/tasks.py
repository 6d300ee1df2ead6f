from celery import shared_task
from django.utils import timezone

from casework import outbox

from .models import SampleApplication, SampleTaskRun


@shared_task(bind=True, ignore_result=True)
def sample_application_acknowledge(self, application_id: int) -> None:
    """Stamps the acknowledgement once, however often it is delivered; logs every run."""
    SampleTaskRun.objects.create(
        application_id=application_id, outbox_message_id=outbox.message_id(self.request)
    )
    SampleApplication.objects.filter(pk=application_id, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )


@shared_task(bind=True, ignore_result=True)
def sample_task_failing_after_a_write(self, application_id: int) -> None:
    """Writes, then fails: what a failed task leaves behind must be nothing."""
    SampleTaskRun.objects.create(
        application_id=application_id, outbox_message_id=outbox.message_id(self.request)
    )
    raise RuntimeError("sample failure")
