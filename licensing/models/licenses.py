"""Licenses, their appendices, and the history of every change made to them.

A license says who may run educational activity and since when; each appendix says at which
level, in which specialties and qualifications, and at which address. Nothing here changes
except through licensing.services, and every change leaves a LicenseEvent naming the case it
came from.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from casework.access import rule
from casework.models import CaseNumberCounter


class License(ConcurrentTransitionMixin, models.Model):
    """A license for educational activity, entered in the state register when granted."""

    # Counter prefix for license numbers: KZ-LAA-2026-000123 (per jurisdiction and year).
    NUMBER_PREFIX = "LAA"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        TERMINATED = "terminated", _("Terminated")

    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    organization = models.ForeignKey(
        "registry.Organization",
        models.PROTECT,
        related_name="licenses",
        verbose_name=_("licensee"),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        models.PROTECT,
        related_name="issued_licenses",
        verbose_name=_("issuing authority"),
    )
    # The name as printed on the license: it changes only by reissue (art. 33), so a rename in
    # the registry that has not been followed by a reissue stays visible.
    holder_name = models.CharField(_("licensee name on the license"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    reissued_on = models.DateField(_("last reissued on"), null=True, blank=True)
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, protected=True
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    # Last appendix serial allotted within this license; advanced by an UPDATE under the
    # license's row lock (see allot_appendix_serial), never by counting appendices.
    appendix_counter = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("entered in the register"), default=timezone.now)

    class Meta:
        verbose_name = _("license")
        verbose_name_plural = _("licenses")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "issued_on"], name="license_status_issued"),
            models.Index(fields=["organization", "status"], name="license_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="suspended") | Q(suspended_until__isnull=False),
                name="license_suspension_has_end",
                violation_error_message=_("A suspension needs the date it ends."),
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            year = (self.issued_on or timezone.localdate()).year
            serial = CaseNumberCounter.allot(self.NUMBER_PREFIX, year)
            self.number = f"{settings.PORTAL_JURISDICTION}-{self.NUMBER_PREFIX}-{year}-{serial:06d}"
        super().save(*args, **kwargs)

    def allot_appendix_serial(self) -> int:
        """The next appendix serial of this license. Call with the license row locked."""
        License.objects.filter(pk=self.pk).update(appendix_counter=F("appendix_counter") + 1)
        self.appendix_counter = License.objects.values_list("appendix_counter", flat=True).get(
            pk=self.pk
        )
        return self.appendix_counter

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def status_reason_display(self) -> str:
        """Why the license is in its status, in the reader's language: the reason of the latest
        change to it, worded by the procedure whose case made it (use with the events
        prefetched)."""
        latest = [e for e in self.events.all() if e.kind == self.status and e.appendix_id is None]
        if latest:
            return latest[-1].reason_display or self.status_reason
        return self.status_reason

    # Transitions change state and nothing else; services record the reason, dates and history.
    # The end of a suspension is part of the state (license_suspension_has_end), so it changes
    # with it.

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.SUSPENDED,
        permission=rule("licensing.license.suspend"),
    )
    def suspend(self, until):
        self.suspended_until = until

    @transition(
        field=status,
        source=Status.SUSPENDED,
        target=Status.ACTIVE,
        permission=rule("licensing.license.resume"),
    )
    def resume(self):
        self.suspended_until = None

    @transition(
        field=status,
        source=[Status.ACTIVE, Status.SUSPENDED],
        target=Status.REVOKED,
        permission=rule("licensing.license.revoke"),
    )
    def revoke(self):
        self.suspended_until = None

    @transition(
        field=status,
        source=[Status.ACTIVE, Status.SUSPENDED],
        target=Status.TERMINATED,
        permission=rule("licensing.license.terminate"),
    )
    def terminate(self):
        self.suspended_until = None


class LicenseAppendix(ConcurrentTransitionMixin, models.Model):
    """What a license covers at one level of education and one address."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETURNED = "returned", _("Returned voluntarily")

    number = models.CharField(_("number"), max_length=50, unique=True, editable=False)
    license = models.ForeignKey(
        License, models.PROTECT, related_name="appendices", verbose_name=_("license")
    )
    serial = models.PositiveIntegerField(_("serial within the license"), editable=False)
    level = models.ForeignKey(
        "registry.EducationLevel",
        models.PROTECT,
        related_name="license_appendices",
        verbose_name=_("level of education"),
    )
    specialties = models.ManyToManyField(
        "registry.Specialty",
        related_name="license_appendices",
        verbose_name=_("specialties"),
        blank=True,
    )
    qualifications = models.ManyToManyField(
        "registry.Qualification",
        related_name="license_appendices",
        verbose_name=_("qualifications"),
        blank=True,
    )
    address = models.CharField(_("address of activity"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    reissued_on = models.DateField(_("last reissued on"), null=True, blank=True)
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, protected=True
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("license appendix")
        verbose_name_plural = _("license appendices")
        ordering = ["license_id", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["license", "serial"], name="license_appendix_serial_unique"
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            if not self.serial:
                self.serial = self.license.allot_appendix_serial()
            self.number = f"{self.license.number}/{self.serial:03d}"
        super().save(*args, **kwargs)

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.RETURNED,
        permission=rule("licensing.appendix.return_voluntarily"),
    )
    def return_voluntarily(self):
        pass


class LicenseEvent(models.Model):
    """One change to a license or an appendix, with the case that caused it. Append-only."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("License issued")
        APPENDIX_ISSUED = "appendix_issued", _("Appendix issued")
        REISSUED = "reissued", _("License reissued")
        APPENDIX_REISSUED = "appendix_reissued", _("Appendix reissued")
        APPENDIX_RETURNED = "appendix_returned", _("Appendix returned voluntarily")
        DUPLICATE_ISSUED = "duplicate_issued", _("Duplicate issued")
        SUSPENDED = "suspended", _("License suspended")
        RESUMED = "resumed", _("License resumed")
        REVOKED = "revoked", _("License revoked")
        TERMINATED = "terminated", _("License terminated")

    license = models.ForeignKey(
        License, models.PROTECT, related_name="events", verbose_name=_("license")
    )
    appendix = models.ForeignKey(
        LicenseAppendix,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("appendix"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The case this change came from: a licensing application, or another procedure's case (an
    # attestation that suspended the license). Stored generically so licensing imports none of
    # the procedures that act on it.
    case_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    case = GenericForeignKey("case_type", "case_id")
    case_number = models.CharField(_("case"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("license event")
        verbose_name_plural = _("license history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["license", "at"], name="license_event_license_at")]

    def __str__(self):
        return f"{self.license} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("License history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("License history is append-only.")

    @property
    def reason_display(self) -> str:
        """The reason in the reader's language: a choice (the ground of a reissue) by its
        label, a reason another procedure's case gave worded by that procedure
        (casework.reasons), else as written."""
        ground = (self.details or {}).get("ground")
        if ground:
            from .applications import LicenseApplication

            return str(dict(LicenseApplication.ReissueGround.choices).get(ground, ground))
        if self.case_type_id and self.reason:
            from casework.reasons import reason_worded

            return reason_worded(self.case, self.kind, self.reason)
        return self.reason
