"""The registry: where things are, who runs them, what they teach, and who may act for whom."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .identifiers import validate_bin, validate_iin


class Procedure(models.TextChoices):
    LICENSING = "licensing", _("Licensing")
    ATTESTATION = "attestation", _("State attestation")
    ACCREDITATION = "accreditation", _("Accreditation")
    APOSTILLE = "apostille", _("Apostille")


class Region(models.Model):
    """A node of the administrative tree: country → region or city → district or town.

    `path` is the chain of KATO codes from the root, so a subtree is one indexed prefix match.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        CITY = "city", _("City of republican significance")
        DISTRICT = "district", _("District")
        TOWN = "town", _("Town of regional significance")

    kato = models.CharField(_("KATO code"), max_length=9, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "") + self.kato + "/"
        super().save(*args, **kwargs)

    def subtree(self):
        return Region.objects.filter(path__startswith=self.path)


class Authority(models.Model):
    """A body that handles procedures within its jurisdiction (a region subtree)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        COMMITTEE = "committee", _("Committee")
        REGIONAL = "regional", _("Regional education department")
        DISTRICT = "district", _("District education department")
        HEALTH = "health", _("Health authority (medical education)")
        ACCREDITATION_BODY = "accreditation_body", _("Accreditation body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    jurisdiction = models.ForeignKey(
        Region, models.PROTECT, related_name="authorities", verbose_name=_("jurisdiction")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("superior authority"),
    )
    procedures = models.JSONField(
        _("procedures handled"),
        default=list,
        blank=True,
        help_text=_("Codes of the procedures this authority handles."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # An accreditation body must be entered in the register of accreditation bodies.
    register_entry_number = models.CharField(
        _("entry in the register of accreditation bodies"), max_length=50, blank=True
    )
    register_entry_valid_until = models.DateField(
        _("register entry valid until"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["jurisdiction__path", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="accreditation_body")
                | (~Q(register_entry_number="") & Q(register_entry_valid_until__isnull=False)),
                name="accreditation_body_in_register",
                violation_error_message=_(
                    "An accreditation body needs its entry in the register and its validity."
                ),
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    def handles(self, procedure: str) -> bool:
        return procedure in self.procedures


class EducationLevel(models.Model):
    """Classifier: a level (or a special kind) of education an organization can implement."""

    class Group(models.TextChoices):
        GENERAL = "general", _("Level of education")
        SPECIAL = "special", _("Extracurricular or special education")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(
        _("group"), max_length=10, choices=Group.choices, default=Group.GENERAL
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Specialty(models.Model):
    """Classifier: a specialty (programme) at a level of education."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    level = models.ForeignKey(
        EducationLevel, models.PROTECT, related_name="specialties", verbose_name=_("level")
    )

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Qualification(models.Model):
    """Classifier: a qualification awarded within a specialty."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="qualifications", verbose_name=_("specialty")
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Organization(models.Model):
    class LegalForm(models.TextChoices):
        STATE_INSTITUTION = "gu", _("State institution")
        STATE_ENTERPRISE = "gkp", _("State municipal enterprise")
        JOINT_STOCK = "ao", _("Joint-stock company")
        LLP = "too", _("Limited liability partnership")
        NON_PROFIT = "nao", _("Non-profit joint-stock company")
        INSTITUTION = "uch", _("Private institution")
        PUBLIC_ASSOCIATION = "oo", _("Public association")

    class Ownership(models.TextChoices):
        STATE = "state", pgettext_lazy("ownership", "State")
        PRIVATE = "private", _("Private")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REORGANIZED = "reorganized", _("Reorganized")
        LIQUIDATED = "liquidated", _("Liquidated")

    bin = models.CharField(
        _("BIN"),
        max_length=12,
        unique=True,
        validators=[validate_bin],
        error_messages={"unique": _("An organization with this BIN is already registered.")},
    )
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=5, choices=LegalForm.choices)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices)
    levels = models.ManyToManyField(
        EducationLevel,
        related_name="organizations",
        verbose_name=_("levels of education"),
        blank=True,
    )
    supervising_body = models.ForeignKey(
        Authority,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_organizations",
        verbose_name=_("supervising body"),
    )
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="organizations", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=500)
    head_name = models.CharField(_("head"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("parent organization"),
    )
    foreign_parent_name = models.CharField(
        _("foreign or international parent organization"),
        max_length=300,
        blank=True,
        help_text=_("Filled for a branch of a foreign or international organization."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    created_at = models.DateTimeField(_("registered in the portal"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(successor__isnull=True),
                name="organization_active_has_no_successor",
                violation_error_message=_("An active organization has no successor."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_foreign_branch(self) -> bool:
        return bool(self.foreign_parent_name)


class OrganizationEvent(models.Model):
    """A dated change to an organization: renames and moves trigger license reissue."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("Change of name")
        ADDRESS = "address", _("Change of address")
        REORGANIZATION = "reorganization", _("Reorganization")
        LIQUIDATION = "liquidation", _("Liquidation")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="events", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    basis = models.CharField(_("basis"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["kind", "effective_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date}"


class Expert(models.Model):
    """A certified expert who may be drawn for inspections and visits."""

    user = models.OneToOneField(
        "registry.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("portal account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    certificate_number = models.CharField(_("certificate number"), max_length=50, unique=True)
    certificate_valid_from = models.DateField(_("certificate valid from"))
    certificate_valid_until = models.DateField(_("certificate valid until"))
    levels = models.ManyToManyField(
        EducationLevel, related_name="experts", verbose_name=_("levels covered"), blank=True
    )
    specialties = models.ManyToManyField(
        Specialty, related_name="experts", verbose_name=_("specialties covered"), blank=True
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("region"),
    )

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_valid_until__gte=models.F("certificate_valid_from")),
                name="expert_certificate_period",
            )
        ]

    def __str__(self):
        return self.full_name

    def is_certified_on(self, day) -> bool:
        return self.certificate_valid_from <= day <= self.certificate_valid_until


class ExpertAffiliation(models.Model):
    """Where an expert works or worked: they are never drawn to inspect that organization."""

    expert = models.ForeignKey(
        Expert, models.CASCADE, related_name="affiliations", verbose_name=_("expert")
    )
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        related_name="expert_affiliations",
        verbose_name=_("organization"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert affiliation")
        verbose_name_plural = _("expert affiliations")

    def __str__(self):
        return f"{self.expert} — {self.organization}"


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    # A person with an IIN who acts only for themselves (an apostille on their own document).
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Authority staff")
    HEAD = "head", _("Head of department")
    COMMISSION_MEMBER = "commission_member", _("Commission member")
    COUNCIL_MEMBER = "council_member", _("Council member")
    EXPERT = "expert", _("Expert")
    ADMIN = "admin", _("Administrator")


# Roles whose holders see non-public data and therefore must log in with a second factor.
ROLES_REQUIRING_SECOND_FACTOR = {Role.STAFF, Role.HEAD, Role.ADMIN}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by e-mail. What they may do comes from their role assignments."""

    email = models.EmailField(
        _("e-mail"),
        unique=True,
        error_messages={"unique": _("A user with this e-mail already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=200)
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        blank=True,
        validators=[validate_iin],
        help_text=_("Individual identification number."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")],
        default="ru",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("May log in to the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["iin"], condition=~Q(iin=""), name="user_iin_unique")
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_assignments(self) -> list["RoleAssignment"]:
        """The user's roles, read once per request (or per object) and kept."""
        if not hasattr(self, "_role_assignments"):
            self._role_assignments = (
                list(self.roles.select_related("authority__jurisdiction", "organization"))
                if self.pk
                else []
            )
        return self._role_assignments

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.role_assignments)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMIN)

    @property
    def authority(self) -> "Authority | None":
        """The authority a staff member or head works for."""
        return next(
            (a.authority for a in self.role_assignments if a.role in (Role.STAFF, Role.HEAD)),
            None,
        )

    @property
    def represented_organization_ids(self) -> list[int]:
        return [a.organization_id for a in self.role_assignments if a.role == Role.APPLICANT]

    @property
    def needs_second_factor(self) -> bool:
        return self.is_staff or self.is_superuser or self.has_role(*ROLES_REQUIRING_SECOND_FACTOR)


class RoleAssignment(models.Model):
    """One role of one user: an applicant for an organization, staff or head of an authority."""

    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("organization represented"),
    )
    authority = models.ForeignKey(
        Authority,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("authority"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="applicant", organization__isnull=False, authority__isnull=True)
                    | Q(
                        role__in=["staff", "head"],
                        authority__isnull=False,
                        organization__isnull=True,
                    )
                    | (
                        ~Q(role__in=["applicant", "staff", "head"])
                        & Q(organization__isnull=True, authority__isnull=True)
                    )
                ),
                name="role_assignment_scope",
                violation_error_message=_(
                    "An applicant represents an organization; staff and heads belong to an "
                    "authority; other roles have neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="role_assignment_unique_per_organization",
                violation_error_message=_("The user already has this role for this organization."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(organization__isnull=True, authority__isnull=True),
                name="role_assignment_unique_unscoped",
                violation_error_message=_("The user already has this role."),
            ),
            # Staff and heads belong to one authority.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=["staff", "head"]),
                name="one_authority_per_staff_member",
                violation_error_message=_(
                    "The user already works for an authority: staff and heads belong to one."
                ),
            ),
        ]

    def __str__(self):
        scope = self.organization or self.authority
        return f"{self.user}: {self.get_role_display()}" + (f" ({scope})" if scope else "")
