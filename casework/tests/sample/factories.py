import factory

from casework.tests.sample.models import SampleApplication
from registry.tests.factories import UserFactory


class SampleApplicationFactory(factory.django.DjangoModelFactory):
    """A draft made directly, without its creation log row (use case_create for that)."""

    class Meta:
        model = SampleApplication

    applicant = factory.SubFactory(UserFactory)
    subject = "Licence for a new kindergarten"
