"""Every change to a licensing case row leaves a history row, bulk updates included."""

import datetime

import pytest
from django.urls import reverse

from licensing.models import License, LicenseApplication
from registry import history
from registry.tests.factories import admin_user

from .factories import licensed, new_license_draft, world

pytestmark = pytest.mark.django_db


def _changes(entry) -> dict:
    return {change.label: (change.old, change.new) for change in entry.changes}


def test_a_bulk_update_of_license_applications_leaves_a_history_row_for_each():
    w = world()
    first, second = new_license_draft(w), new_license_draft(w)
    due = datetime.date(2026, 12, 30)

    LicenseApplication.objects.filter(pk__in=[first.pk, second.pk]).update(
        due_date=due, assignee=w.staff
    )

    for application in (first, second):
        row = LicenseApplication.pgh_event_model.objects.filter(pgh_obj=application).latest(
            "pgh_id"
        )
        assert (row.pgh_label, row.due_date, row.assignee) == ("update", due, w.staff.pk)
        assert row.pgh_context is None  # no request, no task: nobody to name
        changes = _changes(history.object_history(application)[0])
        assert changes["assignee"] == (None, w.staff)
        assert changes["due date"][0] is None


def test_a_state_change_through_the_service_is_in_the_history_with_its_actor():
    from licensing import services

    w = world()
    application = new_license_draft(w)
    with history.context(user=w.applicant.pk):
        services.license_application_submit(application, actor=w.applicant)
    submitted = next(e for e in history.object_history(application) if "state" in _changes(e))
    assert submitted.who == w.applicant
    assert _changes(submitted)["state"] == ("Draft", "Submitted")


def test_a_bulk_status_change_of_licenses_is_recorded():
    license_ = licensed(world())
    License.objects.filter(pk=license_.pk).update(status_reason="Проверка")
    row = License.pgh_event_model.objects.filter(pgh_obj=license_).latest("pgh_id")
    assert (row.pgh_label, row.status_reason) == ("update", "Проверка")


def test_the_history_shows_on_the_read_only_admin_page_of_an_application(verified_client):
    w = world()
    application = new_license_draft(w)
    LicenseApplication.objects.filter(pk=application.pk).update(activity_address="ул. Сатпаева, 2")
    client = verified_client(admin_user())
    page = client.get(reverse("admin:licensing_licenseapplication_change", args=[application.pk]))
    html = page.content.decode()
    section = html[html.index('id="change-history"') :]
    assert "Address of activity: ул. Абая, 1 → ул. Сатпаева, 2" in section
