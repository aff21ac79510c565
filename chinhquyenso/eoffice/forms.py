"""Forms of the e-office pages: registering, routing and handling incoming documents.

Forms only parse what the user typed; the rules live in the services, whose errors are put back
next to the fields by `add_service_errors`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import ArrivalChannel, Secrecy, Urgency
from .models import DocumentType

UPLOAD_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "tif", "tiff", "docx")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (others above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class DocTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentType) -> str:
        return f"{obj.name} ({obj.abbreviation})" if obj.abbreviation else obj.name


class IncomingForm(forms.Form):
    """The fields of Phụ lục VI a clerk copies from the document."""

    agency = forms.ModelChoiceField(queryset=None, label=_("Receiving agency"), empty_label=None)
    issuer_name = forms.CharField(label=_("Issuer"), max_length=255)
    notation = forms.CharField(
        label=_("Number and notation"),
        max_length=100,
        help_text=_("As written on the document, e.g. 1131/QĐ-UBND or 19-CT/TU."),
    )
    issued_date = forms.DateField(label=_("Issued date"), widget=DateInput())
    doc_type = DocTypeChoiceField(
        queryset=DocumentType.objects.order_by("name"), label=_("Document type")
    )
    subject = forms.CharField(
        label=_("Subject (trích yếu)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    signer = forms.CharField(label=_("Signer"), max_length=150, required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NORMAL
    )
    pages = forms.IntegerField(label=_("Pages"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    channel = forms.ChoiceField(
        label=pgettext_lazy("channel", "Received"),
        choices=ArrivalChannel.choices,
        initial=ArrivalChannel.PAPER,
    )
    arrival_date = forms.DateField(label=_("Arrival date"), widget=DateInput())
    dossier = forms.CharField(label=_("Work dossier"), max_length=100, required=False)
    file = forms.FileField(
        label=_("File (PDF, image or DOCX)"),
        required=False,
        validators=[FileExtensionValidator(UPLOAD_EXTENSIONS)],
    )
    # A file kept from an earlier attempt (duplicate warning, OCR), so it need not be re-attached.
    pending_file = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_duplicate = forms.BooleanField(
        label=_("Register anyway: this is not a duplicate"), required=False
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["arrival_date"].initial = timezone.localdate
        only = list(agencies[:2]) if agencies is not None else []
        self.only_agency = only[0] if len(only) == 1 else None
        if self.only_agency is not None:
            self.fields["agency"].widget = forms.HiddenInput()
            self.fields["agency"].initial = self.only_agency.pk
            self.fields["agency"].required = False

    def clean_agency(self):
        return self.cleaned_data.get("agency") or self.only_agency


class PresentForm(forms.Form):
    leader = forms.ModelChoiceField(queryset=None, label=_("Leader"), empty_label=None)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    # Targets are a person (`u<id>`) or a department (`d<id>`) of the receiving agency.
    lead = forms.ChoiceField(label=_("Lead (chủ trì)"))
    supports = forms.MultipleChoiceField(
        label=_("Support (phối hợp)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    informs = forms.MultipleChoiceField(
        label=_("For information (để biết)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    working_days = forms.IntegerField(
        label=_("or within working days"), required=False, min_value=1, max_value=365
    )
    direction = forms.CharField(
        label=_("Direction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "supports", "informs"):
            self.fields[name].choices = list(targets)
        self.fields["lead"].choices = [("", "—"), *targets]


class ReassignForm(forms.Form):
    specialists = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Specialists (the first chosen leads)"),
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    direction = forms.CharField(
        label=_("Direction"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, specialists=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialists"].queryset = specialists


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = forms.FileField(label=_("Attachment"), required=False)


class CompleteForm(forms.Form):
    result = forms.CharField(
        label=_("Result of the handling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = forms.FileField(label=_("Reply or result file"), required=False)


class ExtensionForm(forms.Form):
    proposed_deadline = forms.DateField(label=_("Proposed deadline"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
