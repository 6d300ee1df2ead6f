"""The commission's conclusion (А30-А32): sixteen sections, eight attachments, the signatures of
the chair and every member, and the acknowledgement of the organization's head."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attestations import Decision, StudyArea
from .commissions import Commission, CommissionMember


class ConclusionSection(models.TextChoices):
    """А30: the sections, in order; the first eleven are А7's areas of study."""

    GENERAL = StudyArea.GENERAL.value, StudyArea.GENERAL.label
    STAFF = StudyArea.STAFF.value, StudyArea.STAFF.label
    STUDENTS = StudyArea.STUDENTS.value, StudyArea.STUDENTS.label
    METHODOLOGY = StudyArea.METHODOLOGY.value, StudyArea.METHODOLOGY.label
    UPBRINGING = StudyArea.UPBRINGING.value, StudyArea.UPBRINGING.label
    MATERIAL_ASSETS = StudyArea.MATERIAL_ASSETS.value, StudyArea.MATERIAL_ASSETS.label
    LABORATORIES = StudyArea.LABORATORIES.value, StudyArea.LABORATORIES.label
    LIBRARY = StudyArea.LIBRARY.value, StudyArea.LIBRARY.label
    KNOWLEDGE = StudyArea.KNOWLEDGE.value, StudyArea.KNOWLEDGE.label
    RESEARCH = StudyArea.RESEARCH.value, StudyArea.RESEARCH.label
    PRACTICE = StudyArea.PRACTICE.value, StudyArea.PRACTICE.label
    CREATIVE = "creative", _("Creative activity (organizations of the arts)")
    SPECIALTIES = "specialties", _("Attestation of specialties")
    QUESTIONNAIRES = "questionnaires", _("Results of the questionnaires")
    DEFICIENCIES = "deficiencies", _("Deficiencies and remarks")
    FINDINGS = "findings", _("Conclusions and proposals")


class ConclusionAttachment(models.TextChoices):
    """А32: what is attached to the conclusion (casework attachments on the attestation case,
    under these checklist codes)."""

    INDICATORS = "conclusion_indicators", _("Main indicators of the organization")
    STRUCTURE = "conclusion_structure", _("Structure of the organization's units")
    CONTINGENT = "conclusion_contingent", _("Student body, by form of study and specialty")
    PERSONNEL = (
        "conclusion_personnel",
        _("Numbers and qualifications of teaching and support staff"),
    )
    QUESTIONNAIRES = "conclusion_questionnaires", _("Results of the questionnaires")
    TEST_RESULTS = (
        "conclusion_test_results",
        _("Results of the comprehensive test and written works"),
    )
    CHARTER = "conclusion_charter", _("Copy of the charter and of the state registration")
    SAFETY = "conclusion_safety", _("Sanitary-epidemiological and fire safety conclusions")


class Conclusion(models.Model):
    """А30: written by the chair from the members' findings. Every edit raises `version`; a
    signature holds the hash of the version it signed, so an edit leaves earlier signatures
    void (А31)."""

    commission = models.OneToOneField(
        Commission, models.CASCADE, related_name="conclusion", verbose_name=_("commission")
    )
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    compliant = models.BooleanField(
        _("the activity fully complies with the state education standard"), default=False
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Decision.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # А31: the second copy is handed to the head of the organization, who confirms receipt.
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("receipt acknowledged at"), null=True, blank=True)
    acknowledged_sha256 = models.CharField(
        _("acknowledged version hash"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return f"{self.commission.attestation}: {self._meta.verbose_name}"

    def section(self, code: str) -> str:
        return self.sections.get(code, "")


class ConclusionSignature(models.Model):
    """А31: one member's signature under one version of the conclusion."""

    conclusion = models.ForeignKey(
        Conclusion, models.CASCADE, related_name="signatures", verbose_name=_("conclusion")
    )
    member = models.ForeignKey(
        CommissionMember, models.PROTECT, related_name="+", verbose_name=_("member")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signer")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version signed"))
    sha256 = models.CharField(_("hash of the signed version"), max_length=64)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conclusion", "member"],
                condition=Q(voided_at__isnull=True),
                name="attestation_one_live_signature_per_member",
                violation_error_message=_("You have already signed this version."),
            )
        ]

    def __str__(self):
        return f"{self.signer} v{self.version}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None
