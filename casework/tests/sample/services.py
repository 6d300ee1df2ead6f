"""The sample procedure's use cases, written as a real procedure writes them."""

import rules

from casework.services import case_create, case_transition

from .models import SampleApplication

ACKNOWLEDGE = "casework.tests.sample.tasks.sample_application_acknowledge"


@rules.predicate
def is_applicant(user, application) -> bool:
    return application.applicant_id == user.pk


@rules.predicate
def is_staff(user, application) -> bool:
    return user.is_staff


def sample_application_create(*, actor, subject: str = "") -> SampleApplication:
    return case_create(SampleApplication, actor=actor, subject=subject)


def sample_application_submit(application, *, actor, comment: str = "") -> SampleApplication:
    """The applicant submits; the acknowledgement is queued and runs only if this commits."""
    pk = application.pk if isinstance(application, SampleApplication) else application[1]
    return case_transition(
        application,
        "submit",
        actor=actor,
        comment=comment,
        permission=is_applicant,
        side_effects=[(ACKNOWLEDGE, {"application_id": pk})],
    )


def sample_application_accept(application, *, actor, comment: str = "") -> SampleApplication:
    return case_transition(application, "accept", actor=actor, comment=comment, permission=is_staff)
