"""Pre-license inspections (seed 002): the commission the system draws, and the inspection sheet.

The draw's seed and its ordered candidate list are stored, so anyone can re-run the selection
and get the same commission (licensing.draw). The sheet's findings are snapshots of the
criteria at the time of the inspection; each member signs a SHA-256 of the sheet's exact
content, and any later edit voids the signatures.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class InspectionCriterion(models.Model):
    """A requirement the commission checks on the visit; edited in the admin."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    text = models.TextField(_("requirement"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    levels = models.ManyToManyField(
        "registry.EducationLevel",
        blank=True,
        related_name="+",
        verbose_name=_("levels of education"),
        help_text=_("Leave empty for a criterion that applies at every level."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("inspection criterion")
        verbose_name_plural = _("inspection criteria")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class Inspection(models.Model):
    """One pre-license inspection of an application, with the draw of its commission."""

    application = models.ForeignKey(
        "licensing.LicenseApplication",
        models.PROTECT,
        related_name="inspections",
        verbose_name=_("application"),
    )
    visit_date = models.DateField(_("date of the visit"))
    # The draw (licensing.draw): the seed, the eligible experts in the order the draw received
    # them with their workload, and the parameters. Enough to re-run it and check the result.
    seed = models.CharField(_("draw seed"), max_length=64)
    candidates = models.JSONField(_("candidates of the draw"), default=list)
    commission_size = models.PositiveSmallIntegerField(_("commission size"))
    parameters = models.JSONField(_("draw parameters"), default=dict)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    experts = models.ManyToManyField(
        "registry.Expert",
        through="licensing.CommissionMember",
        related_name="licensing_inspections",
        verbose_name=_("commission"),
    )
    completed_at = models.DateTimeField(_("sheet completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pre-license inspection")
        verbose_name_plural = _("pre-license inspections")
        ordering = ["-visit_date", "-id"]

    def __str__(self):
        return f"{self.application} {self.visit_date}"


class CommissionMember(models.Model):
    """An expert drawn for an inspection, in the order of the draw."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="members", verbose_name=_("inspection")
    )
    expert = models.ForeignKey(
        "registry.Expert",
        models.PROTECT,
        related_name="licensing_commission_seats",
        verbose_name=_("expert"),
    )
    position = models.PositiveSmallIntegerField(_("position in the draw"))
    # Denormalized from the inspection, so conflict (cooling-off) and workload counts are one
    # indexed query over this table.
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    visit_date = models.DateField(_("date of the visit"))

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["inspection_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "expert"], name="licensing_commission_member_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["expert", "visit_date"], name="lic_seat_expert_date"),
            models.Index(fields=["organization", "visit_date"], name="lic_seat_org_date"),
        ]

    def __str__(self):
        return f"{self.expert} ({self.inspection})"


class InspectionFinding(models.Model):
    """One line of the inspection sheet: a criterion as it read on the day, met or not."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    criterion = models.ForeignKey(
        InspectionCriterion, models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    criterion_code = models.CharField(_("code"), max_length=30)
    # The wording the sheet was drawn up in: what the members' signatures cover.
    criterion_text = models.TextField(_("requirement"))
    # The same requirement in every stored language on the day ({"kk": …, "ru": …}), so each
    # reader sees it in their language (criterion_name).
    criterion_names = models.JSONField(_("requirement in each language"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    met = models.BooleanField(_("met"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    filled_by = models.ForeignKey(
        "registry.Expert",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled by"),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection sheet")
        ordering = ["inspection_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criterion"], name="licensing_finding_unique"
            ),
        ]

    def __str__(self):
        return self.criterion_code

    @property
    def criterion_name(self) -> str:
        """The requirement in the active language, else in the fallback languages of translated
        content, else in the wording signed."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
        order = [language, *fallbacks.get(language, fallbacks.get("default", ()))]
        names = self.criterion_names or {}
        return next((names[code] for code in order if names.get(code)), self.criterion_text)


class InspectionSignature(models.Model):
    """A member's signature over the SHA-256 of the sheet's content at the time of signing."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="signatures", verbose_name=_("inspection")
    )
    expert = models.ForeignKey(
        "registry.Expert", models.PROTECT, related_name="+", verbose_name=_("expert")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection sheet signature")
        verbose_name_plural = _("inspection sheet signatures")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "expert"],
                condition=Q(voided_at__isnull=True),
                name="licensing_one_live_signature_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.expert} {self.signed_at:%Y-%m-%d %H:%M}"


class CommissionReplacement(models.Model):
    """An expert who dropped out of a commission and the one who took the seat: the next
    candidate of the stored draw who was still eligible (licensing.services.inspections).
    Append-only; with the draw's seed and candidates it lets anyone replay the commission."""

    class Ground(models.TextChoices):
        RECUSAL = "recusal", _("Recusal (conflict of interest)")
        ILLNESS = "illness", _("Illness")
        OTHER = "other", _("Other reason")

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="replacements", verbose_name=_("inspection")
    )
    dropped = models.ForeignKey(
        "registry.Expert",
        models.PROTECT,
        related_name="+",
        verbose_name=_("expert who dropped out"),
    )
    replacement = models.ForeignKey(
        "registry.Expert",
        models.PROTECT,
        related_name="+",
        verbose_name=_("expert who took the seat"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Candidates of the draw, in its order, passed over because they were no longer eligible
    # on the day of the replacement (certificate run out, conflict recorded, account closed).
    passed_over = models.JSONField(_("candidates passed over"), default=list, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("commission replacement")
        verbose_name_plural = _("commission replacements")
        ordering = ["inspection_id", "replaced_at", "id"]
        constraints = [
            # An expert leaves a commission once and never comes back to it.
            models.UniqueConstraint(
                fields=["inspection", "dropped"], name="licensing_replacement_dropped_once"
            ),
        ]

    def __str__(self):
        return f"{self.dropped} → {self.replacement}"
