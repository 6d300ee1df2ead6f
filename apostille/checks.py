"""The checks the portal makes of a request before staff decide, each stored with its outcome
and the facts it rests on (RequestCheck), so the case page shows what was found and why:

- license: the issuing organization held a license covering the document's level of education
  on the issue date (licensing answers through its selector); where the register does not reach
  back that far, staff confirm by hand with a reason;
- signer: the person who signed the document was the organization's head or deputy on that date,
  by the specimen register;
- duplicate: the same document (issuer, series, number, date, holder) was not apostilled
  before; if it was, the request points to that apostille and staff may issue a duplicate.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.selectors import license_coverage_on, license_register_earliest

from . import conf
from .models import Apostille, ApostilleRequest, RequestCheck, Specimen

Kind = RequestCheck.Kind
Outcome = RequestCheck.Outcome

# What each reason code says, with the check's details as its parameters.
REASONS = {
    # license
    "covered": _("License %(license)s, appendix %(appendix)s, covered this level on the date."),
    "no_license": _("The organization held no license on the issue date."),
    "level_not_covered": _(
        "The organization's license %(license)s did not cover this level of education on the "
        "issue date."
    ),
    "suspended": _("License %(license)s was suspended on the issue date."),
    "revoked": _("License %(license)s had been revoked by the issue date."),
    "terminated": _("License %(license)s had been terminated by the issue date."),
    "appendix_returned": _(
        "The appendix %(appendix)s for this level had been returned by the issue date."
    ),
    "before_register": _(
        "The license register reaches back only to %(register_from)s; the license on the issue "
        "date must be confirmed by hand."
    ),
    "no_level": _("The request names no level of education to check the license against."),
    # signer
    "signer_confirmed": _(
        "%(signer)s signed as %(capacity)s from %(valid_from)s to %(valid_until)s."
    ),
    "no_signer_named": _("The request does not name who signed the document."),
    "no_specimen": _("The specimen register has no signer of this name for the organization."),
    "outside_dates": _(
        "%(signer)s is in the specimen register, but not for the issue date: %(periods)s."
    ),
    "not_signing_capacity": _(
        "%(signer)s is in the specimen register, but not as the head or a deputy."
    ),
    # duplicate
    "not_apostilled_before": _("The document was not apostilled before."),
    "apostilled_before": _(
        "The same document was apostilled before: № %(number)s of %(issued_on)s."
    ),
}


def reason_text(check: RequestCheck) -> str:
    template = REASONS.get(check.reason_code)
    if template is None:
        return check.reason_code
    params = {
        key: value if value not in (None, "") else "—" for key, value in check.details.items()
    }
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def _store(
    request: ApostilleRequest, kind: str, outcome: str, reason: str, **details
) -> RequestCheck:
    check, _created = RequestCheck.objects.update_or_create(
        request=request,
        kind=kind,
        defaults={
            "outcome": outcome,
            "reason_code": reason,
            "details": details,
            "checked_at": timezone.now(),
            "confirmed_by": None,
            "confirmation_reason": "",
        },
    )
    return check


def _level_id(request: ApostilleRequest) -> int | None:
    if request.level_id:
        return request.level_id
    levels = list(request.document_type.levels.values_list("pk", flat=True)[:2])
    return levels[0] if len(levels) == 1 else None


def register_from():
    return conf.get("APOSTILLE_LICENSE_REGISTER_FROM") or license_register_earliest()


def check_license(request: ApostilleRequest) -> RequestCheck:
    level_id = _level_id(request)
    if level_id is None:
        return _store(request, Kind.LICENSE, Outcome.UNKNOWN, "no_level")
    coverage = license_coverage_on(request.issuer_id, level_id, request.issued_on)
    facts = {"license": coverage.license_number, "appendix": coverage.appendix_number}
    if coverage.covered:
        return _store(request, Kind.LICENSE, Outcome.PASSED, "covered", **facts)
    since = register_from()
    if since is None or request.issued_on < since:
        return _store(
            request,
            Kind.LICENSE,
            Outcome.UNKNOWN,
            "before_register",
            register_from=since.strftime("%d.%m.%Y") if since else "—",
            **facts,
        )
    return _store(request, Kind.LICENSE, Outcome.FAILED, coverage.reason, **facts)


def normalized_name(name: str) -> str:
    """A person's name compared ignoring case, spacing, dots and ё/е."""
    name = (name or "").casefold().replace("ё", "е").replace(".", " ")
    return re.sub(r"\s+", " ", name).strip()


def check_signer(request: ApostilleRequest) -> RequestCheck:
    if not request.signer_name.strip():
        return _store(request, Kind.SIGNER, Outcome.FLAGGED, "no_signer_named")
    wanted = normalized_name(request.signer_name)
    named = [
        s
        for s in Specimen.objects.filter(organization_id=request.issuer_id).order_by("valid_from")
        if normalized_name(s.signer_name) == wanted
    ]
    signer = request.signer_name.strip()
    if not named:
        return _store(request, Kind.SIGNER, Outcome.FLAGGED, "no_specimen", signer=signer)
    signing = [s for s in named if s.capacity in Specimen.SIGNING_CAPACITIES]
    if not signing:
        return _store(request, Kind.SIGNER, Outcome.FLAGGED, "not_signing_capacity", signer=signer)
    covering = [s for s in signing if s.covers(request.issued_on)]
    if covering:
        specimen = covering[0]
        return _store(
            request,
            Kind.SIGNER,
            Outcome.PASSED,
            "signer_confirmed",
            signer=specimen.signer_name,
            specimen=specimen.pk,
            capacity=specimen.get_capacity_display(),
            valid_from=specimen.valid_from.strftime("%d.%m.%Y"),
            valid_until=specimen.valid_until.strftime("%d.%m.%Y") if specimen.valid_until else "",
        )
    periods = "; ".join(
        f"{s.valid_from:%d.%m.%Y}–{s.valid_until:%d.%m.%Y}"
        if s.valid_until
        else f"{s.valid_from:%d.%m.%Y}–"
        for s in signing
    )
    return _store(
        request, Kind.SIGNER, Outcome.FLAGGED, "outside_dates", signer=signer, periods=periods
    )


def same_document_apostilles(request: ApostilleRequest):
    """Valid apostilles on the same document: same issuer, series, number, issue date and
    holder (by IIN where both have one, else by name)."""
    rows = Apostille.objects.filter(
        status=Apostille.Status.VALID,
        request__issuer_id=request.issuer_id,
        request__series__iexact=request.series.strip(),
        request__document_number__iexact=request.document_number.strip(),
        request__issued_on=request.issued_on,
    ).exclude(request=request)
    found = []
    for apostille in rows.select_related("request").order_by("issued_on", "pk"):
        earlier = apostille.request
        if request.holder_iin and earlier.holder_iin:
            same_holder = request.holder_iin == earlier.holder_iin
        else:
            same_holder = normalized_name(request.holder_name) == normalized_name(
                earlier.holder_name
            )
        if same_holder:
            found.append(apostille)
    return found


def check_duplicate(request: ApostilleRequest) -> RequestCheck:
    earlier = same_document_apostilles(request)
    original = next(
        (a for a in earlier if a.duplicate_of_id is None), earlier[0] if earlier else None
    )
    ApostilleRequest.objects.filter(pk=request.pk).update(previous_apostille=original)
    request.previous_apostille = original
    if original is None:
        return _store(request, Kind.DUPLICATE, Outcome.PASSED, "not_apostilled_before")
    return _store(
        request,
        Kind.DUPLICATE,
        Outcome.FLAGGED,
        "apostilled_before",
        apostille=original.pk,
        number=original.number,
        issued_on=original.issued_on.strftime("%d.%m.%Y"),
    )


def checks_run(request: ApostilleRequest) -> list[RequestCheck]:
    """Make (or make again) every check of the request; the caller holds the request's lock."""
    return [check_license(request), check_signer(request), check_duplicate(request)]
