"""The attestation commission (А16-А18, А20, А26) and the follow-up commission (А36)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attestations import Attestation, StudyArea


class Commission(models.Model):
    """А16, А17: formed by the authority, approved no later than ten days before the start."""

    class Purpose(models.TextChoices):
        ATTESTATION = "attestation", _("Attestation")  # А16
        FOLLOW_UP = "follow_up", _("Follow-up check of remedies")  # А36

    attestation = models.ForeignKey(
        Attestation, models.CASCADE, related_name="commissions", verbose_name=_("attestation")
    )
    purpose = models.CharField(
        _("purpose"), max_length=15, choices=Purpose.choices, default=Purpose.ATTESTATION
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    order_number = models.CharField(_("approving order"), max_length=50, blank=True)
    # А26: the joint commission that checks written works: the chair, this member, and one
    # teacher of the organization (who does not enter results in the portal).
    written_work_member = models.ForeignKey(
        "CommissionMember",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member of the joint commission for written works"),
    )
    written_work_teacher = models.CharField(
        _("teacher of the organization in the joint commission"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["attestation_id", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["attestation", "purpose"], name="attestation_one_commission_per_purpose"
            )
        ]

    def __str__(self):
        return f"{self.attestation}: {self.get_purpose_display()}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def chair(self) -> "CommissionMember | None":
        return next((m for m in self.members.all() if m.role == CommissionMember.Role.CHAIR), None)


class CommissionMember(models.Model):
    """А17, А18: who sits on a commission, whom they represent, and where they work (to keep
    the organization's own people off it)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair (staff of the authority)")  # А17
        AUTHORITY = "authority", _("Representative of the authority")  # А18(1)
        SUPERVISING_BODY = "supervising_body", _("Representative of the supervising state body")
        ORGANIZATION = (
            "organization",
            _("Representative of an education organization or association"),
        )
        LEADING_TEACHER = "leading_teacher", _("Leading teacher")  # А18(3)

    commission = models.ForeignKey(
        Commission, models.CASCADE, related_name="members", verbose_name=_("commission")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="attestation_commission_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    employer = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("works at (organization)"),
    )
    employer_authority = models.ForeignKey(
        "registry.Authority",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("works at (state body)"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    profile = models.CharField(
        _("profile (level, field, specialty)"),
        max_length=300,
        blank=True,
        help_text=_("А18: members are chosen by the organization's profile."),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["commission_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "user"],
                name="attestation_member_once",
                violation_error_message=_("This person is already on the commission."),
            ),
            models.UniqueConstraint(
                fields=["commission"],
                condition=Q(role="chair"),
                name="attestation_one_chair",
                violation_error_message=_("The commission already has a chair."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_chair(self) -> bool:
        return self.role == self.Role.CHAIR


class StudyAreaAssignment(models.Model):
    """А20, А23: the chair gives each area of А7 to a member, who reports findings,
    deficiencies and recommendations on it for the conclusion."""

    commission = models.ForeignKey(
        Commission, models.CASCADE, related_name="assignments", verbose_name=_("commission")
    )
    area = models.CharField(_("area of study"), max_length=20, choices=StudyArea.choices)
    member = models.ForeignKey(
        CommissionMember,
        models.CASCADE,
        related_name="assignments",
        verbose_name=_("member"),
    )
    findings = models.TextField(_("findings"), blank=True)
    deficiencies = models.TextField(_("deficiencies and violations"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("area assignment")
        verbose_name_plural = _("area assignments")
        ordering = ["commission_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "area"], name="attestation_area_assigned_once"
            )
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.member}"
