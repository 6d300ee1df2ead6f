"""Every change to an attestation case row leaves a history row, bulk updates included."""

import pytest
from django.urls import reverse

from attestation.models import Attestation, Schedule
from registry import history
from registry.tests.factories import admin_user

from .factories import World, attestation_in

pytestmark = pytest.mark.django_db


def test_a_bulk_update_of_an_attestation_leaves_a_history_row_with_what_changed():
    world = World()
    attestation = attestation_in(world)

    Attestation.objects.filter(pk=attestation.pk).update(
        order_number="№ 12-ө", assignee=world.staff
    )

    row = Attestation.pgh_event_model.objects.filter(pgh_obj=attestation).latest("pgh_id")
    assert (row.pgh_label, row.order_number, row.assignee) == ("update", "№ 12-ө", world.staff.pk)
    changes = {c.label: (c.old, c.new) for c in history.object_history(attestation)[0].changes}
    assert changes == {"order number": (None, "№ 12-ө"), "assignee": (None, world.staff)}


def test_the_schedule_history_shows_on_its_admin_page(verified_client):
    world = World()
    schedule = attestation_in(world).schedule_entry.schedule
    Schedule.objects.filter(pk=schedule.pk).update(order_number="№ 7")
    page = verified_client(admin_user()).get(
        reverse("admin:attestation_schedule_change", args=[schedule.pk])
    )
    html = page.content.decode()
    section = html[html.index('id="change-history"') :]
    assert "Approving order: — → № 7" in section
