"""Forms of the apostille's pages (the API takes the same fields through its serializers)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import EducationLevel, Organization

from .models import ApostilleRequest, Form, RequestCheck, Specimen
from .selectors import document_type_list, refusal_reason_list


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------------------------------------
# The request


class IssuerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or BIN of the organization that issued the document"),
        max_length=200,
        help_text=_(
            "Closed and renamed organizations are found too, by the name they had: the list "
            "shows each under its name on the issue date."
        ),
    )
    issued_on = forms.DateField(label=_("Issue date of the document"), widget=DateInput)


class ApplicantSideForm(forms.Form):
    """Who the request is for: a citizen for their own document, a representative for a
    graduate of the organization they act for."""

    on_behalf = forms.ChoiceField(label=_("The request is filed"), widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if user.has_role("citizen"):
            choices.append(("self", _("For my own document")))
        for organization in Organization.objects.filter(
            pk__in=user.represented_organization_ids
        ).order_by("name"):
            choices.append(
                (
                    str(organization.pk),
                    _("On behalf of a graduate, for %(organization)s")
                    % {"organization": organization},
                )
            )
        self.fields["on_behalf"].choices = choices
        if len(choices) == 1:
            self.fields["on_behalf"].initial = choices[0][0]

    def organization(self):
        value = self.cleaned_data["on_behalf"]
        return None if value == "self" else Organization.objects.get(pk=int(value))


class DetailsForm(forms.Form):
    """What the applicant says about the document; the issuer is chosen on the step before."""

    document_type = forms.ModelChoiceField(label=_("Kind of document"), queryset=None)
    level = forms.ModelChoiceField(
        label=_("Level of education"),
        queryset=EducationLevel.objects.all(),
        required=False,
        help_text=_("The level the document certifies; the license check asks for it."),
    )
    series = forms.CharField(label=_("Series"), max_length=20, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=50)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    holder_name = forms.CharField(label=_("Holder's full name"), max_length=200)
    holder_iin = forms.CharField(label=_("Holder's IIN"), max_length=12, min_length=12)
    signer_name = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        required=False,
        help_text=_("The person who signed the document, as printed on it."),
    )
    country_of_use = forms.CharField(label=_("Country where it will be used"), max_length=100)
    language = forms.ChoiceField(
        label=_("Language of the apostille"),
        choices=settings.LANGUAGES,
        help_text=_("The language the fields of the apostille are filled in."),
    )
    form = forms.ChoiceField(
        label=_("Form"), choices=Form.choices, initial=Form.ELECTRONIC, widget=forms.RadioSelect
    )
    fee_receipt_number = forms.CharField(
        label=_("Receipt number of the state fee"),
        max_length=50,
        required=False,
        help_text=_("Or attach the receipt on the next step."),
    )

    def __init__(self, *args, citizen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = document_type_list()
        if citizen:
            # A citizen requests for their own document: the name and IIN are theirs.
            del self.fields["holder_name"]
            del self.fields["holder_iin"]


class PaperForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            ("in_person", _("In person, at the authority")),
            ("state_corporation", _("Through the State Corporation")),
        ],
        widget=forms.RadioSelect,
        initial="in_person",
    )


class ReceivedForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DateTimeInput,
        help_text=_("The terms run from this moment."),
    )

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The moment of receipt cannot be in the future."))
        return value


# ---------------------------------------------------------------------------------------------
# Staff actions


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(forms.Form):
    corrections = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmCheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Check"),
        choices=[
            (RequestCheck.Kind.LICENSE, RequestCheck.Kind.LICENSE.label),
            (RequestCheck.Kind.SIGNER, RequestCheck.Kind.SIGNER.label),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for the confirmation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you verified, and against which records."),
    )


class AffixForm(forms.Form):
    duplicate = forms.BooleanField(
        label=_("Issue a duplicate of the earlier apostille"),
        required=False,
        help_text=_("Only when the same document was apostilled before."),
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RefuseForm(forms.Form):
    reasons = forms.ModelMultipleChoiceField(
        label=_("Reasons"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label=_("Further reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].queryset = refusal_reason_list()


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the apostille was issued in error"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, holder or document number"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All open")),
            *[
                (s.value, s.label)
                for s in (
                    ApostilleRequest.State.SUBMITTED,
                    ApostilleRequest.State.COMPLETENESS_CHECK,
                    ApostilleRequest.State.RETURNED,
                    ApostilleRequest.State.REVIEW,
                    ApostilleRequest.State.AFFIXED,
                )
            ],
        ],
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[
            ("", _("All channels")),
            ("portal", _("Portal")),
            ("in_person", _("In person")),
            ("state_corporation", _("State Corporation")),
        ],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


# ---------------------------------------------------------------------------------------------
# The specimen register


class SpecimenForm(forms.ModelForm):
    class Meta:
        model = Specimen
        fields = [
            "signer_name",
            "capacity",
            "position",
            "valid_from",
            "valid_until",
            "signature_image",
            "seal_image",
        ]
        widgets = {"valid_from": DateInput, "valid_until": DateInput}


class SpecimenOrganizationForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN of the organization"), max_length=200)


# ---------------------------------------------------------------------------------------------
# The e-Register


class RegisterLookupForm(forms.Form):
    number = forms.CharField(label=_("Apostille number"), max_length=50)
    date = forms.DateField(label=_("Date of issue"), widget=DateInput)
