"""Who is told what at each step of an accreditation case: one notification template
(`accreditation_event`) whose headline is worded per event and read in each recipient's
language, with a link to the case.

Parties: "organization" (its representatives), "body" (the body's staff and head), "experts"
(the commission of the visit), "council" (the members of the case's council).
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from casework.notifications import notify_each, representatives_of, staff_of
from registry.models import User

TEMPLATE = "accreditation_event"

EVENTS = {
    "submitted": _("Application %(number)s for accreditation has been filed: sign the contract."),
    "contract_signed": _("The contract of case %(number)s has been signed by %(side)s."),
    "contract_concluded": _(
        "The contract of case %(number)s is concluded: the self-assessment begins."
    ),
    "self_assessment_submitted": _("The self-assessment report of case %(number)s is submitted."),
    "reviewed": _("The body has reviewed the self-assessment report of case %(number)s."),
    "visit_scheduled": _(
        "The external expert visit of case %(number)s is set for %(start)s–%(end)s."
    ),
    "visit_completed": _(
        "The visit of case %(number)s has ended: the expert report is due by %(due)s."
    ),
    "expert_report_submitted": _("The expert report of case %(number)s is submitted."),
    "referred_to_council": _("Case %(number)s is before the accreditation council: vote."),
    "council_voted": _("The council has voted on case %(number)s: %(result)s."),
    "decided": _("Decision on case %(number)s: %(decision)s."),
    "report_published": _("The full report of case %(number)s is published."),
    "withdrawn": _("Application %(number)s has been withdrawn."),
    "appealed": _("The decision on case %(number)s has been appealed."),
    "appeal_decided": _("The appeal on case %(number)s: %(outcome)s."),
    "certificate_expired": _("Accreditation certificate %(certificate)s has expired."),
    "certificate_annulled": _("Accreditation certificate %(certificate)s has been annulled."),
    "certificate_carried_over": _(
        "Accreditation certificate %(certificate)s has passed to the legal successor."
    ),
    "renewal_reminder": _(
        "Accreditation certificate %(certificate)s expires on %(until)s: apply for renewal "
        "by %(last_day)s (clause 21)."
    ),
    "duplicate_requested": _(
        "A duplicate of certificate %(certificate)s has been applied for: it is due by %(due)s."
    ),
    "duplicate_issued": _("The duplicate of certificate %(certificate)s has been issued."),
    "recommendation_evidence": _(
        "The organization has sent evidence on a recommendation of case %(number)s."
    ),
    "recommendation_overdue": _("A recommendation of case %(number)s is overdue."),
}


def headline(event: str, params: dict):
    """The event's sentence, worded when rendered (so in the recipient's language)."""
    message = EVENTS[event]

    def word() -> str:
        return str(message) % {key: str(value) for key, value in params.items()}

    return lazy(word, str)()


def recipients(case, parties) -> list[User]:
    people: list[User] = []
    if "organization" in parties and case.organization_id:
        people += list(representatives_of(case.organization_id))
    if "body" in parties:
        people += list(staff_of(case.body.authority_id))
    if "experts" in parties:
        people += list(
            User.objects.filter(
                is_active=True, expert_profile__accreditation_seats__visit__case_id=case.pk
            ).distinct()
        )
    if "council" in parties and case.council_id:
        people += list(
            User.objects.filter(
                is_active=True,
                accreditation_council_seats__council_id=case.council_id,
                accreditation_council_seats__is_active=True,
            ).distinct()
        )
    return people


def tell(case, event: str, parties=("organization", "body"), link: str = "", **params) -> None:
    """Notify the parties of a case of an event, each in their language, with a link."""
    params = {"number": case.number, **params}
    notify_each(
        recipients(case, parties),
        TEMPLATE,
        {"case": case, "headline": headline(event, params), "event": event},
        link or case.get_absolute_url(),
    )
