import pytest
from django.contrib.messages import get_messages
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from casework.exceptions import CaseConflict, CasePermissionDenied, TransitionRefused
from casework.models import OutboxMessage, TransitionLog
from casework.selectors import case_timeline
from casework.services import case_transition
from casework.tests.sample.factories import SampleApplicationFactory
from casework.tests.sample.models import SampleApplication
from casework.tests.sample.services import (
    ACKNOWLEDGE,
    sample_application_accept,
    sample_application_create,
    sample_application_submit,
)
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def state_of(application):
    return SampleApplication.objects.get(pk=application.pk).state


def test_create_makes_a_numbered_draft_with_its_first_log_row():
    applicant = UserFactory()
    application = sample_application_create(actor=applicant, subject="x")
    assert application.state == "draft"
    assert application.number.startswith("SMP-")
    assert application.applicant == applicant
    (entry,) = TransitionLog.objects.all()
    assert (entry.transition, entry.source, entry.target) == ("create", "", "draft")
    assert entry.actor == applicant
    assert entry.case == application


def test_transition_saves_the_state_logs_it_and_queues_its_side_effect():
    application = SampleApplicationFactory()
    result = sample_application_submit(
        application, actor=application.applicant, comment="All papers attached"
    )
    assert result.state == state_of(application) == "submitted"
    (entry,) = TransitionLog.objects.all()
    assert (entry.transition, entry.source, entry.target) == ("submit", "draft", "submitted")
    assert entry.actor == application.applicant
    assert entry.comment == "All papers attached"
    (message,) = OutboxMessage.objects.all()
    assert message.task_name == ACKNOWLEDGE
    assert message.kwargs == {"application_id": application.pk}


def test_a_stale_copy_is_a_conflict_and_changes_nothing():
    application = SampleApplicationFactory()
    stale = SampleApplication.objects.get(pk=application.pk)
    case_transition(application, "withdraw", actor=None)
    with pytest.raises(CaseConflict) as caught:
        # withdraw is allowed from draft, the state the stale copy shows: still a conflict.
        case_transition(stale, "withdraw", actor=None)
    assert caught.value.case.state == "withdrawn"
    assert TransitionLog.objects.count() == 1


def test_a_state_that_no_longer_offers_the_transition_is_a_conflict():
    application = SampleApplicationFactory()
    sample_application_submit((SampleApplication, application.pk), actor=application.applicant)
    with pytest.raises(CaseConflict):
        sample_application_submit((SampleApplication, application.pk), actor=application.applicant)
    assert TransitionLog.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_an_unmet_condition_is_refused_with_its_translated_reason():
    application = SampleApplicationFactory(subject="")
    with pytest.raises(TransitionRefused) as caught:
        sample_application_submit(application, actor=application.applicant)
    assert str(caught.value) == "Fill in the subject before submitting."
    assert state_of(application) == "draft"
    assert not TransitionLog.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_someone_without_the_right_is_denied_and_nothing_changes():
    application = SampleApplicationFactory()
    with pytest.raises(CasePermissionDenied):
        sample_application_submit(application, actor=UserFactory())
    sample_application_submit(application, actor=application.applicant)
    with pytest.raises(CasePermissionDenied):
        sample_application_accept((SampleApplication, application.pk), actor=UserFactory())
    assert state_of(application) == "submitted"
    assert TransitionLog.objects.count() == 1


def test_the_system_acts_without_a_permission_check():
    application = SampleApplicationFactory()
    case_transition(application, "withdraw", actor=None, comment="Expired")
    entry = TransitionLog.objects.get()
    assert entry.actor is None and entry.target == "withdrawn"


def test_a_failure_after_the_transition_rolls_everything_back():
    application = SampleApplicationFactory()
    with pytest.raises(TypeError):
        case_transition(
            application,
            "submit",
            actor=application.applicant,
            side_effects=[(ACKNOWLEDGE, {"application_id": object()})],  # not JSON
        )
    assert state_of(application) == "draft"
    assert not TransitionLog.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_unknown_transition_name_is_a_programming_error():
    application = SampleApplicationFactory()
    with pytest.raises(ValueError, match="no transition 'approve'"):
        case_transition(application, "approve", actor=None)


# The transition log is append-only.


def test_the_log_refuses_to_change_or_delete_an_entry():
    application = sample_application_create(actor=UserFactory())
    entry = TransitionLog.objects.get(case_id=application.pk)
    entry.comment = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_the_database_refuses_bulk_updates_and_deletes_of_the_log():
    sample_application_create(actor=UserFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        TransitionLog.objects.update(comment="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        TransitionLog.objects.all().delete()
    assert TransitionLog.objects.get().comment == ""


def test_admin_shows_the_log_and_outbox_without_add_change_or_delete(verified_client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = verified_client(admin)
    application = sample_application_create(actor=admin, subject="x")
    sample_application_submit(application, actor=admin)
    entry = TransitionLog.objects.first()
    message = OutboxMessage.objects.get()
    assert client.get(reverse("admin:casework_transitionlog_changelist")).status_code == 200
    page = client.get(reverse("admin:casework_transitionlog_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:casework_transitionlog_add")).status_code == 403
    delete_url = reverse("admin:casework_transitionlog_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:casework_transitionlog_change", args=[entry.pk])
    client.post(change_url, {"comment": "rewritten"})
    assert TransitionLog.objects.get(pk=entry.pk).comment == ""
    assert client.get(reverse("admin:casework_outboxmessage_add")).status_code == 403
    outbox_delete = reverse("admin:casework_outboxmessage_delete", args=[message.pk])
    assert client.post(outbox_delete, {"post": "yes"}).status_code == 403


# The timeline.


def test_timeline_lists_the_log_with_translated_state_names():
    applicant = UserFactory(full_name="Айгүл Сапарова")
    application = sample_application_create(actor=applicant, subject="x")
    sample_application_submit(application, actor=applicant, comment="Please review")
    with translation.override("en"):
        entries = case_timeline(application)
    assert [(e.source_label, e.target_label) for e in entries] == [
        ("", "Draft"),
        ("Draft", "Submitted"),
    ]
    assert entries[1].actor == applicant and entries[1].comment == "Please review"


def test_timeline_costs_one_query_however_long_it_is(django_assert_num_queries):
    application = SampleApplicationFactory()
    case_transition(application, "withdraw", actor=application.applicant)
    with django_assert_num_queries(1):
        assert len(case_timeline(application)) == 1
    other = SampleApplicationFactory()
    for _ in range(10):
        sample_application_create(actor=other.applicant)  # other cases' rows stay out
    other = case_transition(other, "submit", actor=other.applicant)
    case_transition(other, "accept", actor=None)
    with django_assert_num_queries(1):
        assert [e.target for e in case_timeline(other)] == ["submitted", "accepted"]


# The sample procedure's API and pages: a conflict is a 409 or a message, never an error page.


@pytest.mark.urls("casework.tests.sample.urls")
def test_api_answers_a_second_submit_with_409_and_a_translated_message(client):
    application = SampleApplicationFactory()
    client.force_login(application.applicant)
    url = reverse("sample:api-application-submit", args=[application.pk])
    first = client.post(url, {"comment": "ok"}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["state"] == "submitted"
    second = client.post(url, {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert second.status_code == 409
    assert second.json() == {
        "detail": "Someone else has just changed this case. Look at its current state and "
        "try again.",
        "code": "case_conflict",
        "fields": {},
        "state": "submitted",
    }
    assert TransitionLog.objects.count() == 1


@pytest.mark.urls("casework.tests.sample.urls")
def test_api_answers_an_unmet_condition_with_409_and_its_reason(client):
    application = SampleApplicationFactory(subject="")
    client.force_login(application.applicant)
    url = reverse("sample:api-application-submit", args=[application.pk])
    response = client.post(url, {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_refused"
    assert response.json()["detail"] == "Fill in the subject before submitting."


@pytest.mark.urls("casework.tests.sample.urls")
def test_page_turns_a_conflict_into_a_message_on_the_case_page(client):
    application = SampleApplicationFactory()
    client.force_login(application.applicant)
    url = reverse("sample:application-submit", args=[application.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Someone else has just changed this case. Look at its current state and try again."
    ]
    assert TransitionLog.objects.count() == 1


@pytest.mark.urls("casework.tests.sample.urls")
def test_case_page_shows_the_message_and_the_timeline(client):
    applicant = UserFactory(full_name="Айгүл Сапарова")
    application = sample_application_create(actor=applicant, subject="x")
    client.force_login(applicant)
    url = reverse("sample:application-submit", args=[application.pk])
    client.post(url, {"comment": "Документы приложены"})
    page = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Someone else has just changed this case" in html
    assert "History of the case" in html
    assert html.count('class="case-timeline-entry') == 2
    assert "Документы приложены" in html
    assert "Айгүл Сапарова" in html
    assert "Submitted" in html
