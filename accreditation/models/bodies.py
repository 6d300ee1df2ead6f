"""Accreditation bodies, their councils and their standards.

A body is a registry.Authority of the kind "accreditation body" (the registry already lists
them, with names in every language and the entry in the register of bodies); this row adds what
accreditation needs of it: its BIN and its certification by the authority (К4). Body staff and
heads are the authority's staff and heads (registry.RoleAssignment): the membership the portal
already has, so casework's deadlines, worklists and second factor apply to them unchanged.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.identifiers import validate_bin


class AccreditationBody(models.Model):
    authority = models.OneToOneField(
        "registry.Authority",
        models.PROTECT,
        related_name="accreditation_body",
        limit_choices_to={"kind": "accreditation_body"},
        verbose_name=_("accreditation body"),
    )
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    # К4: the authority certifies bodies; the certificate's number and validity.
    certification_number = models.CharField(_("certification number"), max_length=50)
    certified_from = models.DateField(_("certified from"))
    certified_until = models.DateField(_("certified until"))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("accreditation body")
        verbose_name_plural = _("accreditation bodies")
        ordering = ["authority__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certified_until__gte=models.F("certified_from")),
                name="accreditation_body_certification_period",
            )
        ]

    def __str__(self):
        return str(self.authority)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The registry's entry in the register of bodies says the same as the certification.
        type(self.authority)._base_manager.filter(pk=self.authority_id).update(
            register_entry_number=self.certification_number,
            register_entry_valid_until=self.certified_until,
        )

    @property
    def name(self) -> str:
        return self.authority.name

    def is_certified_on(self, day: datetime.date) -> bool:
        # К4: only a body certified on the day accepts applications and issues certificates.
        return self.certified_from <= day <= self.certified_until


class Council(models.Model):
    """The accreditation council of a body (К6), formed by the body (accreditation.services.
    council_form checks every group of К7 is represented)."""

    body = models.ForeignKey(
        AccreditationBody, models.PROTECT, related_name="councils", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=300)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    is_sitting = models.BooleanField(_("sitting"), default=False)

    class Meta:
        verbose_name = _("accreditation council")
        verbose_name_plural = _("accreditation councils")
        ordering = ["body", "-formed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(is_sitting=True),
                name="accreditation_one_sitting_council",
            )
        ]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    class Group(models.TextChoices):
        # К7: who sits on an accreditation council.
        AUTHORITY = "authority", _("Authority")
        BODY = "body", _("Accreditation body")
        EDUCATION = "education", _("Education organizations")
        NON_GOVERNMENTAL = "non_governmental", _("Non-governmental organizations")
        STUDENTS = "students", _("Student organizations")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="members", verbose_name=_("council")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="accreditation_council_seats",
        verbose_name=_("member"),
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    employer = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer (education organization)"),
    )
    worked_until = models.DateField(
        _("worked there until"),
        null=True,
        blank=True,
        help_text=_("Empty while the member still works there."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="accreditation_council_seat")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_group_display()})"


class Standard(models.Model):
    """A standard of the body (К3, К5): what the self-assessment and the visit assess."""

    body = models.ForeignKey(
        AccreditationBody, models.CASCADE, related_name="standards", verbose_name=_("body")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["body", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="accreditation_standard_code")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Criterion(models.Model):
    standard = models.ForeignKey(
        Standard, models.CASCADE, related_name="criteria", verbose_name=_("standard")
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("criterion"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["standard", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "code"], name="accreditation_criterion_code"
            )
        ]

    def __str__(self):
        return f"{self.standard.code}.{self.code}"
