"""The services views, the API and tasks call commit on their own (durable transactions, as
Zulip's actions); a caller already inside a transaction composes the `inner` function."""

import pytest
from django.db import transaction

from casework.models import TransitionLog
from licensing import services

from .factories import new_license_draft, world

pytestmark = pytest.mark.django_db


def test_an_entry_point_refuses_to_run_inside_another_transaction():
    w = world()
    draft = new_license_draft(w)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.license_application_submit(draft, actor=w.applicant)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_inner_function_composes_into_the_callers_transaction():
    w = world()
    draft = new_license_draft(w)
    with transaction.atomic():
        submitted = services.license_application_submit.inner(draft, actor=w.applicant)
    assert submitted.state == "submitted"
    assert TransitionLog.objects.filter(case_id=draft.pk, transition="submit").count() == 1
