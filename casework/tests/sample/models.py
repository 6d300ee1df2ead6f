from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from casework.models import Case


class SampleApplication(Case):
    """draft → submitted → accepted | refused; withdrawn from draft or submitted."""

    NUMBER_PREFIX = "SMP"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # A procedure redeclares `state` to give its states translated names.
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    subject = models.CharField(max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    def get_absolute_url(self):
        return reverse("sample:application", args=[self.pk])

    def has_subject(self):
        return bool(self.subject)

    has_subject.refusal_reason = _("Fill in the subject before submitting.")

    @transition(field="state", source=State.DRAFT, target=State.SUBMITTED, conditions=[has_subject])
    def submit(self):
        pass

    @transition(field="state", source=State.SUBMITTED, target=State.ACCEPTED)
    def accept(self):
        pass

    @transition(field="state", source=State.SUBMITTED, target=State.REFUSED)
    def refuse(self):
        pass

    @transition(field="state", source=[State.DRAFT, State.SUBMITTED], target=State.WITHDRAWN)
    def withdraw(self):
        pass


class SampleTaskRun(models.Model):
    """One row per execution of the sample task, so tests count runs in the database."""

    application = models.ForeignKey(SampleApplication, models.CASCADE)
    outbox_message_id = models.BigIntegerField(null=True)
    ran_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"run of message {self.outbox_message_id}"
