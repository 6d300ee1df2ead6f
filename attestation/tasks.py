"""Celery tasks of attestation: each calls a service and is safe to run twice."""

from celery import shared_task


@shared_task(name="attestation.tasks.organization_reminders_send", ignore_result=True)
def organization_reminders_send() -> int:
    """Remind organizations of their self-assessment term (beat, a few times a day)."""
    from attestation.services.reminders import self_assessment_reminders_send

    return self_assessment_reminders_send()
