from django.db import models
from django_fsm import transition

from casework.models import Case


class SampleApplication(Case):
    """draft → submitted → accepted | refused; withdrawn from draft or submitted."""

    NUMBER_PREFIX = "SMP"

    subject = models.CharField(max_length=200, blank=True)

    @transition(field="state", source="draft", target="submitted")
    def submit(self):
        pass

    @transition(field="state", source="submitted", target="accepted")
    def accept(self):
        pass

    @transition(field="state", source="submitted", target="refused")
    def refuse(self):
        pass

    @transition(field="state", source=["draft", "submitted"], target="withdrawn")
    def withdraw(self):
        pass
