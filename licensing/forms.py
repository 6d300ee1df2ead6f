from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Channel
from registry import tabular
from registry.forms import RegionChoiceField
from registry.models import EducationLevel, Expert, Organization, Qualification, Specialty
from registry.selectors import education_level_list, region_list

from .models import (
    CommissionReplacement,
    License,
    LicenseAppendix,
    LicenseApplication,
    RefusalReason,
)

Kind = LicenseApplication.Kind


class DateInput(forms.DateInput):
    input_type = "date"


# ---------------------------------------------------------------------------------------------
# Public register


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Number, name or BIN"),
        required=False,
        max_length=200,
        help_text=_("A part of the license number or of the licensee's name, or the BIN."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *License.Status.choices]
    )
    region = RegionChoiceField(
        label=_("Region"), queryset=region_list(), required=False, empty_label=_("All regions")
    )
    level = forms.ModelChoiceField(
        label=_("Level of education"),
        queryset=education_level_list(),
        required=False,
        empty_label=_("All levels"),
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "region": data.get("region"),
            "level": data.get("level"),
        }


# ---------------------------------------------------------------------------------------------
# The applicant's wizard


class StartForm(forms.Form):
    """Step 1: what to file for which organization, one choice among those that can be filed
    (licensing.selectors.filing_options), grouped by organization."""

    choice = forms.ChoiceField(
        label=_("What do you apply for?"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.by_value = {o.value: o for group in groups for o in group.options}
        self.fields["choice"].choices = [(value, o.label) for value, o in self.by_value.items()]
        self.fields["choice"].error_messages["invalid_choice"] = _(
            "Choose one of the applications offered."
        )

    def option(self):
        return self.by_value[self.cleaned_data["choice"]]

    def grouped(self):
        """(group, [radio widgets of its options]) for the template: one fieldset each."""
        widgets = {w.data["value"]: w for w in self["choice"]}
        return [(g, [widgets[o.value] for o in g.options]) for g in self.groups]


class DetailsForm(forms.Form):
    """Step 3: what the application asks for; which fields matter depends on the kind."""

    level = forms.ModelChoiceField(
        label=_("Level of education"), queryset=EducationLevel.objects.all(), required=False
    )
    specialties = forms.ModelMultipleChoiceField(
        label=_("Specialties"),
        queryset=Specialty.objects.select_related("level"),
        required=False,
        help_text=_("For technical, vocational and higher education."),
        # Checkboxes, not a multi-select: a list of sixty is usable on a phone only so.
        widget=forms.CheckboxSelectMultiple,
    )
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Qualifications"),
        queryset=Qualification.objects.select_related("specialty"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activity_address = forms.CharField(
        label=_("Address of activity"), max_length=500, required=False
    )
    reissue_ground = forms.ChoiceField(
        label=_("Ground for reissue (art. 33 of the Law “On permits and notifications”)"),
        choices=[("", "—"), *LicenseApplication.ReissueGround.choices],
        required=False,
    )
    appendices = forms.ModelMultipleChoiceField(
        label=_("Appendices concerned"),
        queryset=LicenseAppendix.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds_details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    FIELDS_BY_KIND = {
        Kind.NEW_LICENSE: ("level", "specialties", "qualifications", "activity_address"),
        Kind.NEW_APPENDIX: ("level", "specialties", "qualifications", "activity_address"),
        Kind.REISSUE: ("reissue_ground", "appendices", "activity_address", "grounds_details"),
        Kind.RETURN: ("appendices", "grounds_details"),
        Kind.DUPLICATE: ("grounds_details",),
    }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.FIELDS_BY_KIND[application.kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "appendices" in self.fields and application.license_id:
            self.fields["appendices"].queryset = LicenseAppendix.objects.filter(
                license_id=application.license_id, status=LicenseAppendix.Status.ACTIVE
            ).select_related("level")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class PaperStartForm(forms.Form):
    """Staff start entering an application received on paper: how and when it came, for which
    organization, of which kind."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (Channel.IN_PERSON, Channel.IN_PERSON.label),
            (Channel.STATE_CORPORATION, Channel.STATE_CORPORATION.label),
        ],
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DateTimeInput,
        help_text=_("The terms run from this moment, not from the entry in the portal."),
    )
    bin = forms.CharField(label=_("BIN of the organization"), max_length=12, min_length=12)
    kind = forms.ChoiceField(
        label=_("Kind of application"), choices=Kind.choices, widget=forms.RadioSelect
    )
    license_number = forms.CharField(
        label=_("Number of the license concerned"),
        required=False,
        max_length=40,
        help_text=_("Leave empty for a new license."),
    )

    def clean_bin(self):
        value = self.cleaned_data["bin"].strip()
        organization = Organization.objects.filter(bin=value).select_related("region").first()
        if organization is None:
            raise forms.ValidationError(_("No organization with this BIN in the registry."))
        return organization

    def clean_license_number(self):
        value = self.cleaned_data["license_number"].strip()
        if not value:
            return None
        license_ = License.objects.filter(number=value).first()
        if license_ is None:
            raise forms.ValidationError(_("No license with this number in the register."))
        return license_


# ---------------------------------------------------------------------------------------------
# Case actions


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RequestForm(forms.Form):
    request = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _reason_field(stage: str, required: bool):
    return forms.ModelMultipleChoiceField(
        label=_("Reasons"),
        queryset=RefusalReason.objects.filter(stage=stage, is_active=True),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class RefuseToAcceptForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"] = _reason_field(RefusalReason.Stage.ACCEPTANCE, required=False)
        self.fields["text"] = forms.CharField(
            label=_("Reasons stated"), widget=forms.Textarea(attrs={"rows": 3})
        )


class RefuseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"] = _reason_field(RefusalReason.Stage.DECISION, required=True)
        self.fields["text"] = forms.CharField(
            label=_("Further reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )


class InspectionForm(forms.Form):
    visit_date = forms.DateField(label=_("Date of the visit"), widget=DateInput)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision on the appeal"),
        choices=[("1", _("Uphold: consider the application again")), ("0", _("Dismiss"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FindingForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Requirement"),
        choices=[("1", _("Met")), ("0", _("Not met"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LicenseStatusForm(forms.Form):
    """A head suspends (until a date), resumes, revokes or terminates a license in the browser;
    the changes offered are those the license's state machine allows this person."""

    LABELS = {
        "suspend": _("Suspend"),
        "resume": _("Resume"),
        "revoke": _("Revoke"),
        "terminate": _("Terminate"),
    }
    change = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    until = forms.DateField(
        label=_("Suspended until (for a suspension)"), widget=DateInput, required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, changes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = [(c, self.LABELS[c]) for c in changes]

    def clean(self):
        data = super().clean()
        if data.get("change") == "suspend" and not data.get("until"):
            self.add_error("until", _("Give the last day of the suspension."))
        return data


class SheetForm(forms.Form):
    """The whole inspection sheet as one form: per requirement a radio group (named by the
    requirement's own text) and a comment; saved all at once or not at all."""

    def __init__(self, *args, findings, signed_by=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        for finding in self.findings:
            self.fields[f"met_{finding.pk}"] = forms.TypedChoiceField(
                label=f"{finding.criterion_code}. {finding.criterion_name}",
                choices=[("1", _("Met")), ("0", _("Not met"))],
                coerce=lambda value: value == "1",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.initial.setdefault(
                f"met_{finding.pk}", "" if finding.met is None else ("1" if finding.met else "0")
            )
            self.fields[f"comment_{finding.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": finding.criterion_code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.initial.setdefault(f"comment_{finding.pk}", finding.comment)
        if signed_by:
            self.fields["void_signatures"] = forms.BooleanField(
                label=_(
                    "I understand that saving changes voids the signatures of %(names)s; "
                    "they will have to sign again."
                )
                % {"names": ", ".join(str(name) for name in signed_by)},
                required=False,
            )

    def rows(self):
        return [
            (finding, self[f"met_{finding.pk}"], self[f"comment_{finding.pk}"])
            for finding in self.findings
        ]

    def entries(self) -> dict[int, tuple[bool | None, str]]:
        return {
            finding.pk: (
                self.cleaned_data[f"met_{finding.pk}"],
                self.cleaned_data[f"comment_{finding.pk}"],
            )
            for finding in self.findings
        }


class ReplaceExpertForm(forms.Form):
    """Staff record that an expert drops out; the seat goes to the next candidate of the draw."""

    expert = forms.ModelChoiceField(label=_("Expert who drops out"), queryset=None)
    ground = forms.ChoiceField(
        label=_("Why"), choices=CommissionReplacement.Ground.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(
            licensing_commission_seats__inspection=inspection
        ).order_by("licensing_commission_seats__position")


class SignForm(forms.Form):
    content_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# ---------------------------------------------------------------------------------------------
# Staff


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, BIN or name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All open")), *LicenseApplication.State.choices],
    )
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody"))],
    )
    due_before = forms.DateField(label=_("Due by"), required=False, widget=DateInput)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    region = RegionChoiceField(
        label=_("Region"), queryset=region_list(), required=False, empty_label=_("All regions")
    )


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        queryset=LicenseApplication.objects.none(), widget=forms.MultipleHiddenInput
    )
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, authority, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = LicenseApplication.objects.filter(
            authority=authority
        )
        self.fields["assignee"].queryset = staff


class BulkReissueForm(forms.Form):
    effective_date = forms.DateField(label=_("Names changed on"), widget=DateInput)
    csv_file = forms.FileField(
        label=_("List of BINs and new names (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": tabular.TABLE_FILE_TYPES}),
        required=False,
        help_text=_(
            "Columns: BIN, name in Russian, name in Kazakh, name in English (optional). "
            "Leave empty to take the organizations renamed on that date in the registry."
        ),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if upload is not None and upload.size > tabular.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(limit)s at most)."),
                params={"limit": filesizeformat(tabular.MAX_BYTES)},
            )
        return upload
