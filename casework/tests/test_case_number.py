import pytest
from django.utils import timezone

from casework.tests.sample.models import SampleApplication
from registry.tests.factories import UserFactory


@pytest.mark.django_db
def test_numbers_are_allotted_per_prefix_and_year_without_counting_rows():
    applicant = UserFactory()
    first = SampleApplication.objects.create(applicant=applicant)
    SampleApplication.objects.all().delete()  # counting rows would now reuse the number
    second = SampleApplication.objects.create(applicant=applicant)
    year = timezone.localdate().year
    assert first.number == f"SMP-{year}-000001"
    assert second.number == f"SMP-{year}-000002"
