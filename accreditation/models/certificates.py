"""Accreditation certificates (К20, К23, К25), their renewal reminders (К21) and duplicates
(К28)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from casework.access import rule

from .cases import Kind


class Certificate(ConcurrentTransitionMixin, models.Model):
    """A certificate of accreditation: valid five years (К20), ended by itself after them
    (К25, the daily task), annulled or carried over to a successor when the organization is
    reorganized or liquidated (К26), replaced by the next cycle's certificate (К21)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        EXPIRED = "expired", _("Expired")
        ANNULLED = "annulled", _("Annulled")
        REPLACED = "replaced", _("Replaced by the next cycle's certificate")

    number = models.CharField(_("number"), max_length=40, unique=True)
    case = models.ForeignKey(
        "accreditation.AccreditationCase",
        models.PROTECT,
        related_name="certificates",
        verbose_name=_("case"),
    )
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="accreditation_certificates",
        verbose_name=_("organization"),
    )
    body = models.ForeignKey(
        "accreditation.AccreditationBody",
        models.PROTECT,
        related_name="certificates",
        verbose_name=_("accreditation body"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programmes = models.ManyToManyField(
        "registry.Specialty",
        blank=True,
        related_name="accreditation_certificates",
        verbose_name=_("programmes"),
    )
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, protected=True
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    # К21: a renewal's certificate names the previous cycle's.
    previous = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycle",
        verbose_name=_("previous cycle's certificate"),
    )
    # К26: the organization it was issued to, when carried over to a legal successor.
    carried_over_from = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried over from"),
    )
    # The issued document now standing for the certificate (a duplicate replaces it).
    document = models.ForeignKey(
        "casework.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("accreditation certificate")
        verbose_name_plural = _("accreditation certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="acccert_status_until"),
            models.Index(fields=["organization", "status"], name="acccert_org_status"),
            # The register's order (К24): its first page read from the index, not sorted.
            models.Index(fields=["-issued_on", "-id"], name="acccert_register_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="acccert_validity_period",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def authority_id(self) -> int:
        """The body's authority: its staff and head act on the certificate
        (registry.predicates read `authority_id`)."""
        return self.body.authority_id

    def is_valid_on(self, day) -> bool:
        return self.status == self.Status.ACTIVE and self.valid_from <= day <= self.valid_until

    @property
    def includes_institutional(self) -> bool:
        return self.kind in (Kind.INSTITUTIONAL, Kind.COMBINED)

    # Transitions change the status and nothing else (accreditation.services.certificates).

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.EXPIRED,
        permission=rule("accreditation.certificate.expire"),
    )
    def expire(self):
        pass

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.ANNULLED,
        permission=rule("accreditation.certificate.annul"),
    )
    def annul(self):
        pass

    @transition(
        field=status,
        source=[Status.ACTIVE, Status.EXPIRED],
        target=Status.REPLACED,
        permission=rule("accreditation.certificate.replace"),
    )
    def replace(self):
        pass


class RenewalReminder(models.Model):
    """A reminder to renew sent once per certificate and month mark (К21: 18, 15, 13)."""

    certificate = models.ForeignKey(Certificate, models.CASCADE, related_name="renewal_reminders")
    months_before = models.PositiveSmallIntegerField(_("months before expiry"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "months_before"], name="acc_renewal_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.certificate}: {self.months_before}"


class DuplicateRequest(models.Model):
    """A written application for a duplicate of a lost certificate (К28), issued within the
    term; the duplicate's document supersedes the original's on its verification page."""

    certificate = models.ForeignKey(
        Certificate, models.PROTECT, related_name="duplicates", verbose_name=_("certificate")
    )
    requested_on = models.DateField(_("applied on"))
    requested_by = models.ForeignKey(
        "registry.User", models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    reason = models.TextField(_("how the certificate was lost"))
    due_on = models.DateField(_("due on"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    is_late = models.BooleanField(_("issued late"), default=False)
    document = models.ForeignKey(
        "casework.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate"),
    )

    class Meta:
        verbose_name = _("duplicate request")
        verbose_name_plural = _("duplicate requests")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"{self.certificate} ({self.requested_on})"
