"""Forms of the attestation pages: they parse and check types; the rules live in services."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import User
from registry.tabular import TABLE_FILE_TYPES

from . import conf
from .models import (
    AttestationKind,
    CommissionMember,
    ConclusionSection,
    Decision,
    KnowledgeCheck,
    ScheduleChange,
    SelfAssessment,
    StudyArea,
)


class Styled:
    """Bootstrap's classes on every widget, so the forms look like the rest of the portal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProposeForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class EntryDateForm(Styled, forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())


class ApproveScheduleForm(Styled, forms.Form):
    order_number = forms.CharField(label=_("Approving order"), max_length=50, required=False)


class ChangeForm(Styled, forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=ScheduleChange.Basis.choices)
    new_start = forms.DateField(label=_("New start date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AddEntryForm(Styled, forms.Form):
    bin = forms.CharField(label=_("BIN of the organization"), max_length=12)
    kind = forms.ChoiceField(label=_("Kind"), choices=AttestationKind.choices)
    basis = forms.ChoiceField(label=_("Basis"), choices=ScheduleChange.Basis.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CsvForm(Styled, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": TABLE_FILE_TYPES}),
    )


class ControlResultsForm(CsvForm):
    year = forms.IntegerField(label=_("Year of the control"), min_value=2000, max_value=2100)


class PostponementForm(Styled, forms.Form):
    requested_start = forms.DateField(label=_("Requested start date"), widget=DateInput())
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Cl. 13 of the Instruction approved by Order No. 109: a reasoned written request."
        ),
    )


class PostponementDecisionForm(Styled, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Deny"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SelfAssessmentForm(Styled, forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = [
            *[area.value for area in StudyArea],
            "teachers_total",
            "teachers_qualified",
            "students_total",
            "graduates_total",
            "library_items",
            "computers",
            "laboratories_count",
        ]
        widgets = {area.value: forms.Textarea(attrs={"rows": 3}) for area in StudyArea}


class MemberForm(Styled, forms.Form):
    email = forms.EmailField(label=_("E-mail of the person's portal account"))
    role = forms.ChoiceField(label=_("Role"), choices=CommissionMember.Role.choices)
    employer_bin = forms.CharField(label=_("BIN of their employer"), max_length=12, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    profile = forms.CharField(label=_("Profile"), max_length=300, required=False)

    def clean_email(self):
        try:
            return User.objects.get(email__iexact=self.cleaned_data["email"], is_active=True)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("Nobody with this e-mail has a portal account.")
            ) from None


class OrderForm(Styled, forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=50, required=False)


class KnowledgeCheckForm(Styled, forms.Form):
    test_form = forms.ChoiceField(label=_("Knowledge check"), choices=KnowledgeCheck.choices)


class AreaForm(Styled, forms.Form):
    area = forms.ChoiceField(label=_("Area of study"), choices=StudyArea.choices)
    member = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(Styled, forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    deficiencies = forms.CharField(
        label=_("Deficiencies and violations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WrittenWorkPanelForm(Styled, forms.Form):
    member = forms.IntegerField(label=_("Member"))
    teacher = forms.CharField(label=_("Teacher of the organization"), max_length=200)


class ConclusionForm(Styled, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    compliant = forms.BooleanField(
        label=_("The activity fully complies with the state education standard"), required=False
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *Decision.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in ConclusionSection:
            self.fields[f"section_{section.value}"] = forms.CharField(
                label=section.label,
                required=False,
                # Added after Styled has dressed the fields: the class is given here.
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )

    def sections(self) -> dict[str, str]:
        return {s.value: self.cleaned_data[f"section_{s.value}"] for s in ConclusionSection}


class SignForm(Styled, forms.Form):
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class DecisionForm(Styled, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    order_number = forms.CharField(label=_("Order number"), max_length=50)
    suspension_months = forms.IntegerField(
        label=_("Suspension of the license, months"),
        min_value=1,
        required=False,
    )
    fine_amount = forms.DecimalField(
        label=_("Fine, tenge"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    fine_note = forms.CharField(
        label=_("Fine imposed on and basis"), max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # А34: the longest suspension is the law's figure, read when the form is built. The
        # head chooses the period; nothing is pre-filled.
        limit = conf.get("ATTESTATION_SUSPENSION_MONTHS")
        months = self.fields["suspension_months"]
        months.max_value = limit
        months.validators.append(MaxValueValidator(limit))
        months.widget.attrs["max"] = limit
        months.widget.attrs["min"] = 1
        months.help_text = _(
            "Cl. 34 of the Instruction approved by Order No. 109: when not attested, the "
            "license is suspended for one to %(limit)s months."
        ) % {"limit": limit}

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.NOT_ATTEST and not data.get("suspension_months"):
            self.add_error(
                "suspension_months",
                _("Choose for how many months the license is suspended."),
            )
        return data


class FollowUpForm(Styled, forms.Form):
    remedied = forms.TypedChoiceField(
        label=_("Deficiencies remedied"),
        choices=[("1", _("Yes: resume the license")), ("0", _("No: revoke the license"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    findings = forms.CharField(
        label=_("Findings of the follow-up commission"), widget=forms.Textarea(attrs={"rows": 3})
    )
