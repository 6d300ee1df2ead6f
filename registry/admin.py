"""The administration site for the registry.

Writes that carry history or rights go through `registry.services`: a change of name or address
in the organization form becomes a dated event, a status change a reorganization or liquidation,
and role assignments are granted and revoked as the services do. Translated fields appear once
per language (modeltranslation's plain TranslationAdmin: the tabbed one loads jQuery UI from a
CDN). List pages select their related rows in the same query, so a page costs the same number
of queries for 1 row as for 100.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import services
from .classifiers import KINDS, MAX_FILE_BYTES, ClassifierImportError, classifiers_import
from .models import (
    Authority,
    EducationLevel,
    Expert,
    ExpertAffiliation,
    Organization,
    OrganizationEvent,
    Procedure,
    Qualification,
    Region,
    RoleAssignment,
    Specialty,
    User,
)
from .tabular import TABLE_FILE_TYPES

admin.site.site_header = _("Education permits portal: administration")
admin.site.site_title = _("Education permits portal")
admin.site.index_title = _("Registry and settings")


class WideNamesMixin:
    """Names of organizations and authorities run to a hundred characters and more: their
    inputs get the admin's wide style instead of the 20-character default."""

    wide_fields = ("name", "short_name", "address")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        base = getattr(db_field, "translated_field", db_field).name
        if field is not None and base in self.wide_fields:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} vLargeTextField".strip()
        return field


class TopRegionFilter(admin.SimpleListFilter):
    """Filters by region or city of republican significance, including everything inside it:
    listing every district would make the filter hundreds of lines long."""

    title = _("region")
    parameter_name = "in_region"
    region_field = "region"

    def lookups(self, request, model_admin):
        top = Region.objects.filter(kind__in=[Region.Kind.REGION, Region.Kind.CITY])
        return [(r.pk, r.name) for r in top.order_by("name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        region = Region.objects.filter(pk=self.value()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(**{f"{self.region_field}__path__startswith": region.path})


class JurisdictionFilter(TopRegionFilter):
    title = _("jurisdiction")
    parameter_name = "in_jurisdiction"
    region_field = "jurisdiction"


# --- regions and authorities ----------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ("name", "kato", "kind", "parent")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("kato", "name_kk", "name_ru", "name_en")
    autocomplete_fields = ("parent",)
    fields = ("kato", "kind", "parent", "name")
    ordering = ("path",)

    def get_readonly_fields(self, request, obj=None):
        # A region's place in the tree is written into the paths of everything under it.
        return ("kato", "parent") if obj is not None else ()


class AuthorityForm(forms.ModelForm):
    procedures = forms.MultipleChoiceField(
        label=_("Procedures handled"),
        choices=Procedure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Authority
        fields = (
            "kind",
            "name",
            "short_name",
            "jurisdiction",
            "parent",
            "procedures",
            "address",
            "email",
            "phone",
            "register_entry_number",
            "register_entry_valid_until",
        )


@admin.register(Authority)
class AuthorityAdmin(WideNamesMixin, TranslationAdmin):
    form = AuthorityForm
    list_display = (
        "name",
        "kind",
        "jurisdiction",
        "procedures_display",
        "register_entry_number",
        "register_entry_valid_until",
    )
    list_select_related = ("jurisdiction",)
    list_filter = ("kind", JurisdictionFilter)
    search_fields = ("name_kk", "name_ru", "name_en", "short_name_ru", "short_name_kk")
    autocomplete_fields = ("jurisdiction", "parent")
    fieldsets = (
        (None, {"fields": ("kind", "name", "short_name", "jurisdiction", "parent", "procedures")}),
        (_("Contacts"), {"fields": ("address", "email", "phone")}),
        (
            _("Register of accreditation bodies"),
            {"fields": ("register_entry_number", "register_entry_valid_until")},
        ),
    )

    @admin.display(description=_("procedures handled"))
    def procedures_display(self, obj):
        labels = dict(Procedure.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.procedures)


# --- classifiers ----------------------------------------------------------------------------


def organization_name_fields(path: str = "") -> list[str]:
    """The columns an admin search matches an organization's name in: full and short name in
    every stored language (`path` reaches the organization from another model)."""
    return [
        f"{path}{field}_{language}"
        for field in ("name", "short_name")
        for language in settings.MODELTRANSLATION_LANGUAGES
    ]


class ClassifierImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=format_lazy(
            _(
                "An XLSX workbook (its first sheet) or CSV text in UTF-8 or Windows-1251, "
                "separated by commas, semicolons or tabs; a header row first; at most {limit}."
            ),
            limit=lazy(filesizeformat, str)(MAX_FILE_BYTES),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": TABLE_FILE_TYPES}),
    )


class ClassifierImportMixin:
    """Adds an “Import” page (CSV or XLSX) to a classifier's list."""

    import_kind = ""
    change_list_template = "admin/registry/classifier_change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_view), name=name),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ClassifierImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read(MAX_FILE_BYTES + 1)
            try:
                result = classifiers_import(self.import_kind, data)
            except ClassifierImportError as exc:
                errors = exc.errors
            else:
                self.message_user(
                    request,
                    gettext("Imported: %(created)d created, %(updated)d updated.")
                    % {"created": result.created, "updated": result.updated},
                    messages.SUCCESS,
                )
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import %(name)s from a table")
            % {"name": self.opts.verbose_name_plural},
            "form": form,
            "errors": errors,
            "columns": KINDS[self.import_kind].columns + KINDS[self.import_kind].optional,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/registry/classifier_import.html", context)


@admin.register(EducationLevel)
class EducationLevelAdmin(ClassifierImportMixin, TranslationAdmin):
    import_kind = "levels"
    list_display = ("name", "code", "group", "order")
    list_filter = ("group",)
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    fields = ("code", "name", "group", "order")


@admin.register(Specialty)
class SpecialtyAdmin(WideNamesMixin, ClassifierImportMixin, TranslationAdmin):
    import_kind = "specialties"
    list_display = ("code", "name", "level")
    list_select_related = ("level",)
    list_filter = ("level",)
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    fields = ("code", "name", "level")


@admin.register(Qualification)
class QualificationAdmin(WideNamesMixin, ClassifierImportMixin, TranslationAdmin):
    import_kind = "qualifications"
    list_display = ("code", "name", "specialty")
    list_select_related = ("specialty",)
    list_filter = ("specialty__level",)
    search_fields = ("code", "name_kk", "name_ru", "name_en", "specialty__code")
    autocomplete_fields = ("specialty",)
    fields = ("code", "name", "specialty")


# --- organizations --------------------------------------------------------------------------

HISTORY_FIELDS = {*services.NAME_FIELDS, *services.ADDRESS_FIELDS, "region", "status", "successor"}


class OrganizationForm(forms.ModelForm):
    """The organization form. A change of name, address or status is history: it needs the
    date it took effect, and it is checked as the service will check it, so the error shows
    beside the field instead of failing on save."""

    effective_date = forms.DateField(
        label=_("Effective date of the change"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Needed when the name, address, region or status changes."),
    )
    website = forms.URLField(
        label=capfirst(Organization._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )
    basis = forms.CharField(
        label=_("Basis of the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        help_text=_("For example, the certificate of re-registration or the order."),
    )

    class Meta:
        model = Organization
        fields = (
            "bin",
            "name",
            "short_name",
            "legal_form",
            "ownership",
            "levels",
            "region",
            "address",
            "supervising_body",
            "head_name",
            "phone",
            "email",
            "website",
            "parent",
            "foreign_parent_name",
            "status",
            "successor",
        )
        widgets = {"levels": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in services.REQUIRED_LANGUAGES:
            for name in (f"name_{field}", f"address_{field}"):
                if name in self.fields:
                    self.fields[name].required = True
        if "effective_date" in self.fields:
            self.fields["effective_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        organization = self.instance  # still as saved: the form copies its data in later
        if organization.pk is None:
            return cleaned
        changed = set(self.changed_data) & HISTORY_FIELDS
        if not changed:
            return cleaned
        effective_date = cleaned.get("effective_date")
        try:
            if "status" in changed:
                status = cleaned.get("status")
                if status == Organization.Status.REORGANIZED:
                    services.organization_reorganize_check(
                        organization,
                        successor=cleaned.get("successor"),
                        effective_date=effective_date,
                    )
                elif status == Organization.Status.LIQUIDATED:
                    if cleaned.get("successor"):
                        raise ValidationError(
                            {"successor": _("A liquidated organization has no successor.")}
                        )
                    services.organization_liquidate_check(
                        organization, effective_date=effective_date
                    )
                else:
                    raise ValidationError(
                        {"status": _("A reorganized or liquidated organization stays so.")}
                    )
            elif "successor" in changed:
                raise ValidationError(
                    {"successor": _("A successor is recorded with a reorganization.")}
                )
            else:
                services.organization_rename_check(organization, effective_date=effective_date)
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


class OrganizationEventInline(admin.TabularInline):
    model = OrganizationEvent
    fields = ("effective_date", "kind", "summary", "basis", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("change"))
    def summary(self, obj):
        return event_summary(obj)


def event_summary(event: OrganizationEvent) -> str:
    """One line saying what changed, in the reader's language where the data has it."""
    from django.utils.translation import get_language

    lang = (get_language() or "ru")[:2]

    def pick(names: dict) -> str:
        return names.get(lang) or names.get("ru") or names.get("kk") or ""

    before, after = event.before or {}, event.after or {}
    if event.kind == OrganizationEvent.Kind.RENAME:
        # Short names say the same in a third of the space; full ones when there are none.
        field = "short_name" if pick(after.get("short_name", {})) else "name"
        return f"{pick(before.get(field, {}))} → {pick(after.get(field, {}))}"
    if event.kind == OrganizationEvent.Kind.ADDRESS:
        return f"{pick(before.get('address', {}))} → {pick(after.get('address', {}))}"
    successor = after.get("successor")
    if successor:
        name = pick(successor.get("short_name", {})) or pick(successor.get("name", {}))
        return f"→ {successor.get('bin', '')} {name}"
    return ""


@admin.register(Organization)
class OrganizationAdmin(WideNamesMixin, TranslationAdmin):
    form = OrganizationForm
    list_display = ("display_name", "bin", "region", "legal_form", "status")
    list_select_related = ("region",)
    ordering = ("short_name", "id")
    list_filter = ("status", "ownership", "legal_form", "levels", TopRegionFilter)
    search_fields = ("=bin", *organization_name_fields())
    autocomplete_fields = ("region", "supervising_body", "parent", "successor")
    readonly_fields = ("created_at",)
    inlines = (OrganizationEventInline,)
    # Counting every row of a 100 000-row table on each page costs more than it tells.
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("bin", "name", "short_name", "legal_form", "ownership", "levels")}),
        (_("Location"), {"fields": ("region", "address")}),
        (
            _("Management and contacts"),
            {"fields": ("supervising_body", "head_name", "phone", "email", "website")},
        ),
        (_("Branches"), {"fields": ("parent", "foreign_parent_name")}),
        (_("Status"), {"fields": ("status", "successor", "created_at")}),
        (
            _("Date and basis of a change of name, address or status"),
            {"fields": ("effective_date", "basis")},
        ),
    )

    @admin.display(description=_("name"), ordering="short_name")
    def display_name(self, obj):
        # Full names start with the legal form, so the short name reads and sorts better.
        return obj.short_name or obj.name

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new organization is active: status and history come later
            hidden = {"status", "successor", "created_at", "effective_date", "basis"}
        elif obj.status != Organization.Status.ACTIVE:  # its record is closed
            hidden = {"effective_date", "basis"}
        else:
            return fieldsets
        fieldsets = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]
        return [(name, opts) for name, opts in fieldsets if opts["fields"]]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("bin")  # the BIN is the organization's identity
            if obj.status != Organization.Status.ACTIVE:
                readonly += sorted(HISTORY_FIELDS)
        return readonly

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = {f: data[f] for f in services.CREATABLE_FIELDS if f in data}
            created = services.organization_create(
                levels=data.get("levels", ()), actor=request.user, **fields
            )
            obj.pk, obj._state = created.pk, created._state
            return
        changed = set(form.changed_data)
        original = Organization.objects.get(pk=obj.pk)
        dated = {
            "effective_date": data.get("effective_date"),
            "basis": data.get("basis", ""),
            "actor": request.user,
        }
        names = {f: data[f] for f in services.NAME_FIELDS if f in changed}
        if names:
            services.organization_rename(original, **dated, **names)
        address = {f: data[f] for f in services.ADDRESS_FIELDS if f in changed}
        if address or "region" in changed:
            region = data["region"] if "region" in changed else None
            services.organization_change_address(original, region=region, **dated, **address)
        updates = {f: data[f] for f in services.UPDATABLE_FIELDS if f in changed}
        services.organization_update(
            original, levels=data.get("levels"), actor=request.user, **updates
        )
        if "status" in changed:
            if data["status"] == Organization.Status.REORGANIZED:
                services.organization_reorganize(original, successor=data["successor"], **dated)
            else:
                services.organization_liquidate(original, **dated)

    def save_related(self, request, form, formsets, change):
        # Levels were saved by the service; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(admin.ModelAdmin):
    """History is written by the services and never edited by hand."""

    # Django keeps date and foreign-key columns on one line: the organization is shown through
    # a method so that its long name wraps.
    list_display = ("effective_date", "organization_name", "kind", "summary", "recorded_by")
    list_select_related = ("organization", "recorded_by")
    list_filter = ("kind", "effective_date")
    date_hierarchy = "effective_date"
    search_fields = ("=organization__bin", "organization__name_ru", "organization__name_kk")
    fields = (
        "organization",
        "kind",
        "effective_date",
        "summary",
        "before",
        "after",
        "basis",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = fields

    @admin.display(description=_("change"))
    def summary(self, obj):
        return event_summary(obj)

    @admin.display(description=_("organization"), ordering="organization__short_name")
    def organization_name(self, obj):
        return str(obj.organization)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- experts --------------------------------------------------------------------------------


class ExpertAffiliationInline(admin.TabularInline):
    model = ExpertAffiliation
    fields = ("organization", "position", "started_on", "ended_on")
    autocomplete_fields = ("organization",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "certificate_number",
        "certificate_valid_until",
        "certified_today",
        "region",
        "user",
    )
    list_select_related = ("region", "user")
    list_filter = ("levels", TopRegionFilter, "certificate_valid_until")
    search_fields = ("full_name", "=iin", "certificate_number", "user__email")
    autocomplete_fields = ("user", "region", "specialties")
    inlines = (ExpertAffiliationInline,)
    fieldsets = (
        (None, {"fields": ("full_name", "iin", "user", "region")}),
        (
            _("Certificate"),
            {"fields": ("certificate_number", "certificate_valid_from", "certificate_valid_until")},
        ),
        (_("Competence"), {"fields": ("levels", "specialties")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "levels":  # a dozen levels read best as checkboxes
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("certified today"), boolean=True)
    def certified_today(self, obj):
        return obj.is_certified_on(timezone.localdate())


@admin.register(ExpertAffiliation)
class ExpertAffiliationAdmin(admin.ModelAdmin):
    list_display = ("expert", "organization", "position", "started_on", "ended_on")
    list_select_related = ("expert", "organization")
    search_fields = ("expert__full_name", "=organization__bin", "organization__name_ru")
    autocomplete_fields = ("expert", "organization")


# --- users and roles ------------------------------------------------------------------------


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(User._meta.get_field("email").error_messages["unique"])
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(User._meta.get_field("email").error_messages["unique"])
        return email


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("role", "organization", "authority", "granted_at")
    readonly_fields = ("granted_at",)
    autocomplete_fields = ("organization", "authority")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "authority")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "iin", "language", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "roles__role", "language")
    search_fields = ("email", "full_name", "=iin")
    ordering = ("email",)
    inlines = (RoleAssignmentInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "iin", "phone", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (
            # Roles decide what people do; Django's groups and permissions are rarely needed.
            _("Groups and individual permissions"),
            {"classes": ("collapse",), "fields": ("groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        _save_role_formset(request, form.instance, formset)


def _save_role_formset(request, user, formset):
    """Roles are granted and revoked by the services, which keep admin access in step."""
    formset.save(commit=False)
    for assignment in formset.deleted_objects:
        services.role_revoke(assignment, actor=request.user)
    for assignment, _changed in formset.changed_objects:
        services.role_revoke(RoleAssignment.objects.get(pk=assignment.pk), actor=request.user)
        _grant_like(request, user, assignment)
    for assignment in formset.new_objects:
        _grant_like(request, user, assignment)


def _grant_like(request, user, assignment):
    granted = services.role_grant(
        user=user,
        role=assignment.role,
        organization=assignment.organization,
        authority=assignment.authority,
        actor=request.user,
    )
    assignment.pk, assignment._state = granted.pk, granted._state


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organization", "authority", "granted_at")
    list_select_related = ("user", "organization", "authority")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "=organization__bin")
    autocomplete_fields = ("user", "organization", "authority")
    readonly_fields = ("granted_at",)

    def save_model(self, request, obj, form, change):
        if change:
            services.role_revoke(RoleAssignment.objects.get(pk=obj.pk), actor=request.user)
        _grant_like(request, obj.user, obj)

    def delete_model(self, request, obj):
        services.role_revoke(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            services.role_revoke(assignment, actor=request.user)
