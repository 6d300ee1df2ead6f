from django.apps import AppConfig


class SampleConfig(AppConfig):
    """A small real procedure that exists only in tests, so the shared machinery is exercised
    on a concrete case model without waiting for the first procedure."""

    name = "casework.tests.sample"
    label = "sample"
