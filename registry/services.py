"""Writes to the registry: organizations, their dated history, and who may act for whom.

Each service runs in one transaction, validates before it writes, and raises a ValidationError
with translated messages on bad input, leaving nothing saved. Renames, address changes,
reorganizations and liquidations are recorded as dated `OrganizationEvent` rows: under art. 33 of
the Law "On permits and notifications" a change of name or a reorganization obliges the holder to
have its license reissued, and licensing opens those cases from the events. Apps that must react
connect to `organization_event_recorded`, which is sent only after the transaction commits.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Authority,
    Organization,
    OrganizationEvent,
    Region,
    Role,
    RoleAssignment,
    User,
)

LANGUAGES = ("kk", "ru", "en")
# Kazakh is the state language and Russian is official (Constitution, art. 7): every name and
# address is kept in both; English is welcome and falls back to Russian when missing.
REQUIRED_LANGUAGES = ("kk", "ru")

NAME_FIELDS = tuple(f"{field}_{lang}" for field in ("name", "short_name") for lang in LANGUAGES)
ADDRESS_FIELDS = tuple(f"address_{lang}" for lang in LANGUAGES)
# What `organization_update` may change. Names, address, region, status and successor have
# their own services because each such change is a dated event.
UPDATABLE_FIELDS = (
    "legal_form",
    "ownership",
    "supervising_body",
    "head_name",
    "phone",
    "email",
    "website",
    "parent",
    "foreign_parent_name",
)
CREATABLE_FIELDS = ("bin", "region", *NAME_FIELDS, *ADDRESS_FIELDS, *UPDATABLE_FIELDS)

# Sent after commit with `event` (an OrganizationEvent); licensing listens to open reissues.
organization_event_recorded = Signal()


# --- organizations ---------------------------------------------------------------------------


def organization_create(*, levels=(), actor: User | None = None, **fields) -> Organization:
    """Registers an organization. A BIN already on record is refused with the model's message."""
    _check_fields(fields, CREATABLE_FIELDS)
    _check_actor(actor)
    with transaction.atomic():
        organization = Organization(**fields)
        errors = _missing_translations(organization, ("name", "address"))
        try:
            organization.full_clean()
        except ValidationError as exc:
            errors = {**exc.message_dict, **errors}
        if errors:
            raise ValidationError(errors)
        _save_checking_bin(organization)
        organization.levels.set(levels)
    return organization


def organization_update(
    organization: Organization, *, levels=None, actor: User | None = None, **fields
) -> Organization:
    """Changes what is not history: legal form, contacts, head, supervising body, levels."""
    _check_fields(fields, UPDATABLE_FIELDS)
    _check_actor(actor)
    with transaction.atomic():
        locked = _lock(organization)
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.parent_id is not None and locked.parent_id == locked.pk:
            raise ValidationError({"parent": _("An organization cannot be its own branch.")})
        locked.full_clean()
        locked.save()
        if levels is not None:
            locked.levels.set(levels)
    _sync(organization, locked)
    return locked


def organization_rename(
    organization: Organization,
    *,
    effective_date: datetime.date,
    basis: str = "",
    actor: User | None = None,
    **names,
) -> OrganizationEvent:
    """Changes the full and short names (any of `name_kk`… `short_name_en`) as of a date."""
    _check_fields(names, NAME_FIELDS)
    _check_actor(actor)
    with transaction.atomic():
        locked = _lock(organization)
        organization_rename_check(locked, effective_date=effective_date)
        before = _names(locked)
        for field, value in names.items():
            setattr(locked, field, value)
        after = _names(locked)
        if after == before:
            raise ValidationError(_("The new name is the same as the current one."))
        errors = _missing_translations(locked, ("name",))
        if errors:
            raise ValidationError(errors)
        locked.full_clean()
        locked.save()
        event = _record_event(
            locked, OrganizationEvent.Kind.RENAME, effective_date, before, after, basis, actor
        )
    _sync(organization, locked)
    return event


def organization_rename_check(organization: Organization, *, effective_date) -> None:
    """Raises what would stop a rename (also used by forms to show the error beside the field)."""
    _check_active(organization)
    _check_effective_date(effective_date)


def organization_change_address(
    organization: Organization,
    *,
    effective_date: datetime.date,
    region: Region | None = None,
    basis: str = "",
    actor: User | None = None,
    **address,
) -> OrganizationEvent:
    """Moves the organization to a new address (and region, when it moves there) as of a date."""
    _check_fields(address, ADDRESS_FIELDS)
    _check_actor(actor)
    with transaction.atomic():
        locked = _lock(organization)
        organization_rename_check(locked, effective_date=effective_date)
        before = _address(locked)
        for field, value in address.items():
            setattr(locked, field, value)
        if region is not None:
            locked.region = region
        after = _address(locked)
        if after == before:
            raise ValidationError(_("The new address is the same as the current one."))
        errors = _missing_translations(locked, ("address",))
        if errors:
            raise ValidationError(errors)
        locked.full_clean()
        locked.save()
        event = _record_event(
            locked, OrganizationEvent.Kind.ADDRESS, effective_date, before, after, basis, actor
        )
    _sync(organization, locked)
    return event


def organization_reorganize(
    organization: Organization,
    *,
    successor: Organization | None,
    effective_date: datetime.date,
    basis: str = "",
    actor: User | None = None,
) -> OrganizationEvent:
    """Records a reorganization (merger, accession, division, transformation) with the legal
    successor that takes over the organization's rights and duties (Civil Code, art. 46)."""
    _check_actor(actor)
    with transaction.atomic():
        # Lock both rows in primary-key order so two reorganizations cannot deadlock.
        pks = [organization.pk] + ([successor.pk] if successor is not None else [])
        rows = {
            o.pk: o
            for o in Organization.objects.select_for_update().filter(pk__in=pks).order_by("pk")
        }
        locked = rows[organization.pk]
        locked_successor = rows.get(successor.pk) if successor is not None else None
        organization_reorganize_check(
            locked, successor=locked_successor, effective_date=effective_date
        )
        before = {"status": locked.status}
        locked.status = Organization.Status.REORGANIZED
        locked.successor = locked_successor
        locked.save(update_fields=["status", "successor"])
        after = {"status": locked.status, "successor": _reference(locked_successor)}
        event = _record_event(
            locked,
            OrganizationEvent.Kind.REORGANIZATION,
            effective_date,
            before,
            after,
            basis,
            actor,
        )
    _sync(organization, locked)
    return event


def organization_reorganize_check(
    organization: Organization, *, successor: Organization | None, effective_date
) -> None:
    _check_active(organization)
    _check_effective_date(effective_date)
    if successor is None:
        raise ValidationError({"successor": _("A reorganization needs a legal successor.")})
    if successor.pk == organization.pk:
        raise ValidationError(
            {"successor": _("An organization cannot be its own legal successor.")}
        )
    if successor.status != Organization.Status.ACTIVE:
        raise ValidationError({"successor": _("The legal successor must be active.")})


def organization_liquidate(
    organization: Organization,
    *,
    effective_date: datetime.date,
    basis: str = "",
    actor: User | None = None,
) -> OrganizationEvent:
    """Records that the organization ceased to exist without a successor."""
    _check_actor(actor)
    with transaction.atomic():
        locked = _lock(organization)
        organization_liquidate_check(locked, effective_date=effective_date)
        before = {"status": locked.status}
        locked.status = Organization.Status.LIQUIDATED
        locked.save(update_fields=["status"])
        event = _record_event(
            locked,
            OrganizationEvent.Kind.LIQUIDATION,
            effective_date,
            before,
            {"status": locked.status},
            basis,
            actor,
        )
    _sync(organization, locked)
    return event


def organization_liquidate_check(organization: Organization, *, effective_date) -> None:
    _check_active(organization)
    _check_effective_date(effective_date)


# --- roles -----------------------------------------------------------------------------------


def role_grant(
    *,
    user: User,
    role: str,
    organization: Organization | None = None,
    authority: Authority | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    """Gives a user a role. Administrators also get the admin site (as superusers): the admin
    role is the right to manage everything there."""
    _check_actor(actor)
    with transaction.atomic():
        assignment = RoleAssignment(
            user=user, role=role, organization=organization, authority=authority
        )
        assignment.full_clean()
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError:
            # A concurrent grant won the race: report it as the constraint would.
            assignment.validate_constraints()
            raise
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_role_assignments", None)
    return assignment


def role_revoke(assignment: RoleAssignment, *, actor: User | None = None) -> None:
    """Takes a role away. Revoking the admin role also closes the admin site to the user."""
    _check_actor(actor)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=assignment.user_id)
        if actor is not None and actor.pk == user.pk and assignment.role == Role.ADMIN:
            raise ValidationError(_("You cannot revoke your own administrator role."))
        RoleAssignment.objects.filter(pk=assignment.pk).delete()
        if assignment.role == Role.ADMIN:
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
    assignment.user.__dict__.pop("_role_assignments", None)


# --- helpers ---------------------------------------------------------------------------------


def _check_fields(given: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _check_actor(actor: User | None) -> None:
    """The registry is kept by administrators; None means the system itself (imports, seeds)."""
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only an administrator may change the registry."))


def _check_active(organization: Organization) -> None:
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            _("The organization has been reorganized or liquidated: its record cannot change."),
            code="inactive",
        )


def _check_effective_date(effective_date) -> None:
    if effective_date is None:
        raise ValidationError({"effective_date": _("Enter the date the change took effect.")})
    if effective_date > timezone.localdate():
        raise ValidationError({"effective_date": _("The change cannot take effect in the future.")})


def _missing_translations(organization: Organization, fields: tuple[str, ...]) -> dict:
    required = ValidationError(_("This field is required."), code="required")
    return {
        f"{field}_{lang}": [required]
        for field in fields
        for lang in REQUIRED_LANGUAGES
        if not (getattr(organization, f"{field}_{lang}") or "").strip()
    }


def _save_checking_bin(organization: Organization) -> None:
    """Saves a new organization; a BIN registered meanwhile by a concurrent request gives the
    same message as the form's uniqueness check, not a database error."""
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        if Organization.objects.filter(bin=organization.bin).exists():
            message = Organization._meta.get_field("bin").error_messages["unique"]
            raise ValidationError({"bin": ValidationError(message, code="unique")}) from None
        raise


def _lock(organization: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _sync(organization: Organization, locked: Organization) -> None:
    """Gives the caller's object the saved values, so it does not go on showing the old ones."""
    if organization is not locked:
        organization.refresh_from_db()


def _translations(instance, field: str) -> dict[str, str]:
    return {lang: getattr(instance, f"{field}_{lang}") or "" for lang in LANGUAGES}


def _names(organization: Organization) -> dict:
    return {
        "name": _translations(organization, "name"),
        "short_name": _translations(organization, "short_name"),
    }


def _address(organization: Organization) -> dict:
    region = organization.region
    return {
        "address": _translations(organization, "address"),
        "region": {"id": region.pk, "kato": region.kato, "name": _translations(region, "name")},
    }


def _reference(organization: Organization) -> dict:
    return {
        "id": organization.pk,
        "bin": organization.bin,
        "name": _translations(organization, "name"),
        "short_name": _translations(organization, "short_name"),
    }


def _record_event(
    organization, kind, effective_date, before, after, basis, actor
) -> OrganizationEvent:
    event = OrganizationEvent.objects.create(
        organization=organization,
        kind=kind,
        effective_date=effective_date,
        before=before,
        after=after,
        basis=basis,
        recorded_by=actor,
    )
    transaction.on_commit(
        lambda: organization_event_recorded.send(sender=OrganizationEvent, event=event)
    )
    return event
