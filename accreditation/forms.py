"""The forms of accreditation's pages. The API parses the case actions with the same forms, so a
rule about an action's input lives in one place; the rules of the Instruction live in the
services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Organization, Specialty

from .models import (
    AccreditationBody,
    Certificate,
    Decision,
    ExpertFinding,
    Kind,
    SelfAssessmentEntry,
    Standard,
)


class DateInput(forms.DateInput):
    input_type = "date"


# ---------------------------------------------------------------------------------------------
# Public registers (К24)


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, BIN, certificate number or programme code"),
        required=False,
        max_length=200,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    body = forms.ModelChoiceField(
        label=_("Accreditation body"),
        queryset=AccreditationBody.objects.select_related("authority"),
        required=False,
        empty_label=_("Any body"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Certificate.Status.choices],
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "body": data.get("body"),
            "status": data.get("status") or "",
        }


# ---------------------------------------------------------------------------------------------
# The application wizard: body and kind → programmes → review and submit


class StartForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    body = forms.ModelChoiceField(
        label=_("Accreditation body"),
        queryset=AccreditationBody.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Only bodies certified by the authority today accept applications (clause 4)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of accreditation"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Specialized accreditation needs a valid institutional certificate, unless both are "
            "combined in one application (clause 8)."
        ),
    )
    renewal_of = forms.ModelChoiceField(
        label=_("Renewal of certificate"),
        queryset=Certificate.objects.none(),
        required=False,
        empty_label=_("Not a renewal"),
        help_text=_("Apply no later than a year before the certificate expires (clause 21)."),
    )

    def __init__(self, *args, organizations, bodies, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["body"].queryset = bodies
        self.fields["renewal_of"].queryset = certificates


class ProgrammesForm(forms.Form):
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes (specialties) to accredit"),
        queryset=Specialty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = choices


class ProgrammeFilterForm(forms.Form):
    filter = forms.CharField(label=_("Filter the programmes"), required=False, max_length=100)


# ---------------------------------------------------------------------------------------------
# Actions on the case page (accreditation.actions)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Review of the self-assessment report"), widget=forms.Textarea(attrs={"rows": 4})
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.none(), required=False
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["standard"].queryset = Standard.objects.filter(
                body_id=case.body_id, is_active=True
            )


class VisitForm(forms.Form):
    start_on = forms.DateField(
        label=_("First day of the visit"),
        widget=DateInput,
        help_text=_("At least three months from today (clause 14)."),
    )
    end_on = forms.DateField(
        label=_("Last day of the visit"),
        widget=DateInput,
        help_text=_("The visit lasts two to four working days (clause 15)."),
    )

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", _("The last day cannot come before the first."))
        return data


class MaterialsForm(forms.Form):
    materials = forms.CharField(
        label=_("Materials for the council (clause 18)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons (required for a refusal, clause 22)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    report_url = forms.URLField(
        label=_("Address of the full report on the body's website"),
        required=False,
        assume_scheme="https",
    )


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[
            ("1", _("Upheld: the council votes again")),
            ("0", _("Dismissed: the decision stands")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------------------------------------
# The organization's self-assessment, the experts' report, the council's vote, follow-up


class SelfAssessmentForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"), choices=SelfAssessmentEntry.Rating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ExpertReportForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for standard in self.standards:
            self.fields[f"assessment_{standard.pk}"] = forms.ChoiceField(
                label=str(standard),
                choices=ExpertFinding.Assessment.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"finding_{standard.pk}"] = forms.CharField(
                label=_("Finding on %(standard)s") % {"standard": standard.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["recommendation"] = forms.CharField(
            label=_("Recommendation to the organization"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["recommendation_due_on"] = forms.DateField(
            label=_("Recommendation due on"), required=False, widget=DateInput
        )

    def clean(self):
        data = super().clean()
        if data.get("recommendation") and not data.get("recommendation_due_on"):
            self.add_error("recommendation_due_on", _("Give the recommendation a due date."))
        return data

    def findings(self) -> dict:
        data = self.cleaned_data
        return {
            s.pk: (data[f"assessment_{s.pk}"], data.get(f"finding_{s.pk}", ""))
            for s in self.standards
        }

    def recommendations(self) -> list:
        data = self.cleaned_data
        if not data.get("recommendation"):
            return []
        return [(data["recommendation"], data["recommendation_due_on"], None)]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Decision.choices, widget=forms.RadioSelect
    )


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("What the organization has done"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DuplicateRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("How the certificate was lost or damaged"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
