"""Apostille on education documents issued in the country (seed 000; the Hague Convention of
5 October 1961 abolishing the requirement of legalisation for foreign public documents).

    draft → submitted → completeness_check → review → affixed | refused → delivered
                  ↘ returned (clock stopped) ↗
    withdrawn: from any state before the decision

A citizen requests an apostille on their own document, a representative of an organization on
behalf of a graduate, staff enter paper requests (the channel feeds the statistics). Before staff
decide, the portal checks the request (RequestCheck): the issuer's license on the issue date, the
signer against the specimen register, and whether the same document was apostilled before.
Transitions change the state and nothing else; apostille.services does the rest.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from casework.access import rule
from casework.models import Case, CaseNumberCounter
from registry.identifiers import validate_iin

from .refusals import ApostilleRefusal


class DocumentType(models.Model):
    """Classifier: the kinds of education documents an apostille is put on (names translated)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    levels = models.ManyToManyField(
        "registry.EducationLevel",
        blank=True,
        related_name="+",
        verbose_name=_("levels of education"),
        help_text=_("The levels whose completion this document certifies."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("kind of education document")
        verbose_name_plural = _("kinds of education documents")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class RefusalReason(models.Model):
    """An admin-editable reason from the list that a refusal cites (plus free text)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    text = models.CharField(_("text"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for refusing an apostille")
        verbose_name_plural = _("reasons for refusing an apostille")
        ordering = ["order", "code"]

    def __str__(self):
        return self.text


class Form(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic (e-Apostille)")
    PAPER = "paper", _("Paper")


class Decision(models.TextChoices):
    AFFIXED = "affixed", _("Apostille affixed")
    REFUSED = "refused", _("Refused")


class ApostilleRequest(Case):
    NUMBER_PREFIX = "APR"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        COMPLETENESS_CHECK = "completeness_check", _("Completeness check")
        RETURNED = "returned", _("Returned for corrections")
        REVIEW = "review", _("Under review")
        AFFIXED = "affixed", _("Apostille affixed")
        REFUSED = "refused", _("Refused")
        DELIVERED = "delivered", _("Delivered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (
        State.DRAFT,
        State.SUBMITTED,
        State.COMPLETENESS_CHECK,
        State.RETURNED,
        State.REVIEW,
    )
    DEADLINE_KINDS = {
        "completeness_check": _("Completeness check"),
        "service": _("Term of the service"),
    }

    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    # The document.
    document_type = models.ForeignKey(
        DocumentType, models.PROTECT, related_name="+", verbose_name=_("kind of document")
    )
    level = models.ForeignKey(
        "registry.EducationLevel",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level of education"),
        help_text=_("The level the document certifies; the license check asks for it."),
    )
    series = models.CharField(_("series"), max_length=20, blank=True)
    document_number = models.CharField(_("document number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    holder_name = models.CharField(_("holder's full name"), max_length=200)
    holder_iin = models.CharField(
        _("holder's IIN"), max_length=12, blank=True, validators=[validate_iin]
    )
    # Closed and renamed organizations included: the registry keeps them, and their name on the
    # issue date comes from its rename events (apostille.selectors.organization_names_on).
    issuer = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("issuing organization"),
    )
    signer_name = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("The person who signed the document, as printed on it."),
    )
    country_of_use = models.CharField(_("country where it will be used"), max_length=100)
    language = models.CharField(
        _("language of the apostille"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language the fields of the apostille are filled in."),
    )
    form = models.CharField(_("form"), max_length=12, choices=Form.choices, default=Form.ELECTRONIC)
    # The state fee.
    fee_amount = models.DecimalField(_("fee"), max_digits=10, decimal_places=2)
    fee_receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    fee_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment confirmed by"),
    )
    fee_confirmed_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True)
    # The same document apostilled before (the duplicate check sets it).
    previous_apostille = models.ForeignKey(
        "apostille.Apostille",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("apostilled before as"),
    )
    correction_request = models.TextField(_("corrections requested"), blank=True)
    refusal_reasons = models.ManyToManyField(
        RefusalReason, blank=True, related_name="requests", verbose_name=_("refusal reasons")
    )
    refusal_text = models.TextField(_("reasons for refusal"), blank=True)
    # The decision outlives the state (a request affixed or refused is later delivered).
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("apostille request")
        verbose_name_plural = _("apostille requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "state", "due_date"], name="aporeq_queue"),
            models.Index(fields=["state", "due_date"], name="aporeq_state_due"),
            models.Index(fields=["applicant", "state"], name="aporeq_applicant_state"),
            models.Index(fields=["issuer", "document_number", "issued_on"], name="aporeq_document"),
            models.Index(fields=["decided_at"], name="aporeq_decided_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True)
                | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="aporeq_decision_dated",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def fee_confirmed(self) -> bool:
        return self.fee_confirmed_at is not None

    def get_absolute_url(self):
        return reverse("apostille:request_detail", args=[self.pk])

    def _fee_confirmed(self) -> bool:
        return self.fee_confirmed

    _fee_confirmed.refusal_code = ApostilleRefusal.FEE_NOT_CONFIRMED
    _fee_confirmed.refusal_reason = ApostilleRefusal.FEE_NOT_CONFIRMED.label

    @transition(
        field="state",
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=rule("apostille.request.submit"),
    )
    def submit(self):
        pass

    @transition(
        field="state",
        source=State.SUBMITTED,
        target=State.COMPLETENESS_CHECK,
        permission=rule("apostille.request.handle"),
    )
    def take_for_check(self):
        pass

    @transition(
        field="state",
        source=[State.SUBMITTED, State.COMPLETENESS_CHECK],
        target=State.RETURNED,
        permission=rule("apostille.request.handle"),
    )
    def return_for_corrections(self):
        pass

    @transition(
        field="state",
        source=State.RETURNED,
        target=State.COMPLETENESS_CHECK,
        permission=rule("apostille.request.act_for_applicant"),
    )
    def submit_corrections(self):
        pass

    @transition(
        field="state",
        source=[State.SUBMITTED, State.COMPLETENESS_CHECK],
        target=State.REVIEW,
        conditions=[_fee_confirmed],
        permission=rule("apostille.request.handle"),
    )
    def accept(self):
        pass

    @transition(
        field="state",
        source=State.REVIEW,
        target=State.AFFIXED,
        conditions=[_fee_confirmed],
        permission=rule("apostille.request.decide"),
    )
    def affix(self):
        pass

    @transition(
        field="state",
        source=State.REVIEW,
        target=State.REFUSED,
        permission=rule("apostille.request.decide"),
    )
    def refuse(self):
        pass

    @transition(
        field="state",
        source=[State.AFFIXED, State.REFUSED],
        target=State.DELIVERED,
        permission=rule("apostille.request.deliver"),
    )
    def deliver(self):
        pass

    @transition(
        field="state",
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
        permission=rule("apostille.request.act_for_applicant"),
    )
    def withdraw(self):
        pass


class RequestCheck(models.Model):
    """One check the portal made of a request, with its outcome and why, shown to staff and
    kept: the issuer's license on the issue date, the signer against the specimen register, the
    same document apostilled before."""

    class Kind(models.TextChoices):
        LICENSE = "license", _("License of the issuing organization on the issue date")
        SIGNER = "signer", _("Signer against the specimen register")
        DUPLICATE = "duplicate", _("Not apostilled before")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        FLAGGED = "flagged", _("Flagged for staff")
        UNKNOWN = "unknown", _("To be confirmed by hand")
        CONFIRMED = "confirmed", _("Confirmed by hand")

    # The outcomes that let the apostille be affixed.
    CLEAR = (Outcome.PASSED, Outcome.CONFIRMED)

    request = models.ForeignKey(
        ApostilleRequest, models.CASCADE, related_name="checks", verbose_name=_("request")
    )
    kind = models.CharField(_("check"), max_length=20, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    # Why, as a stable code (apostille.checks.REASONS words it) and the facts it rests on.
    reason_code = models.CharField(_("reason"), max_length=60, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmation_reason = models.TextField(_("reason for the confirmation"), blank=True)

    class Meta:
        verbose_name = _("check of a request")
        verbose_name_plural = _("checks of requests")
        ordering = ["request", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="apostille_check_per_kind"),
            models.CheckConstraint(
                condition=~Q(outcome="confirmed")
                | (Q(confirmed_by__isnull=False) & ~Q(confirmation_reason="")),
                name="apostille_check_confirmed_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.request} {self.get_kind_display()}: {self.get_outcome_display()}"

    @property
    def is_clear(self) -> bool:
        return self.outcome in self.CLEAR

    @property
    def reason(self) -> str:
        from .checks import reason_text

        return reason_text(self)


def specimen_storage_name(instance, filename):
    import secrets

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"specimens/{secrets.token_urlsafe(24)}.{extension}"


class Specimen(models.Model):
    """The specimen register: who signed an organization's education documents, in which
    capacity, from when to when, with the specimen of their signature and of the seal. Kept by
    staff; every change is in its history (registry/history.py)."""

    class Capacity(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")
        ACTING_HEAD = "acting_head", _("Acting head")
        OTHER = "other", _("Other authorised signer")

    # Capacities in which a person signs an education document (the head or a deputy).
    SIGNING_CAPACITIES = (Capacity.HEAD, Capacity.DEPUTY, Capacity.ACTING_HEAD)

    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    signer_name = models.CharField(_("signer"), max_length=200)
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("As the documents print it.")
    )
    valid_from = models.DateField(_("signs from"))
    valid_until = models.DateField(_("signs until"), null=True, blank=True)
    signature_image = models.ImageField(
        _("specimen signature"), upload_to=specimen_storage_name, blank=True
    )
    seal_image = models.ImageField(_("specimen seal"), upload_to=specimen_storage_name, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("signature specimen")
        verbose_name_plural = _("specimen register")
        ordering = ["organization", "-valid_from", "id"]
        indexes = [models.Index(fields=["organization", "valid_from"], name="specimen_org")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="specimen_period",
                violation_error_code=ApostilleRefusal.SPECIMEN_DATES.value,
                violation_error_message=ApostilleRefusal.SPECIMEN_DATES.label,
            )
        ]

    def __str__(self):
        return f"{self.signer_name} ({self.get_capacity_display()})"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Apostille(models.Model):
    """An apostille affixed: its number (allotted by the database), what its ten fields say, in
    which form it was issued, and whether it stands. The e-Register reads these rows."""

    NUMBER_PREFIX = "APS"

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked as issued in error")

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    request = models.ForeignKey(
        ApostilleRequest, models.PROTECT, related_name="apostilles", verbose_name=_("request")
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    issued_on = models.DateField(_("date"))
    # The fields of the certificate (Convention, annex), in the language the applicant chose.
    country = models.CharField(_("country"), max_length=100)
    signed_by = models.CharField(_("signed by"), max_length=200)
    capacity = models.CharField(_("acting in the capacity of"), max_length=300)
    seal_of = models.CharField(_("bears the seal/stamp of"), max_length=500)
    place = models.CharField(_("at"), max_length=200)
    authority = models.ForeignKey(
        "registry.Authority", models.PROTECT, related_name="+", verbose_name=_("by")
    )
    authority_name = models.CharField(_("issued by"), max_length=300)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("official who signed"),
    )
    language = models.CharField(_("language"), max_length=5)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    document = models.ForeignKey(
        "casework.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued document"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("apostille")
        verbose_name_plural = _("apostilles")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["number", "issued_on"], name="apostille_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid", revoked_on__isnull=True)
                | (Q(status="revoked", revoked_on__isnull=False) & ~Q(revocation_reason="")),
                name="apostille_status_consistent",
            )
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            year = (self.issued_on or timezone.localdate()).year
            serial = CaseNumberCounter.allot(self.NUMBER_PREFIX, year)
            self.number = f"{self.NUMBER_PREFIX}-{year}-{serial:06d}"
        super().save(*args, **kwargs)


class LookupAttempt(models.Model):
    """One look-up in the public e-Register: from which address, what was asked, what came of
    it. Every look-up is logged; the failed ones from an address count towards its lock-out."""

    class Outcome(models.TextChoices):
        FOUND = "found", _("Found")
        NOT_FOUND = "not_found", _("Not found")
        REFUSED = "refused", _("Refused: too many failed look-ups")

    address = models.GenericIPAddressField(_("address"))
    number = models.CharField(_("number asked"), max_length=50, blank=True)
    issued_on = models.DateField(_("date asked"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    apostille = models.ForeignKey(
        Apostille,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("apostille found"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("e-Register look-up")
        verbose_name_plural = _("e-Register look-ups")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["address", "outcome", "at"], name="lookup_address")]

    def __str__(self):
        return f"{self.address} {self.at:%Y-%m-%d %H:%M} {self.outcome}"


# A module-level name for the API schema (ENUM_NAME_OVERRIDES).
ApostilleRequestState = ApostilleRequest.State
