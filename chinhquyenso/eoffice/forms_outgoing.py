"""Forms of the outgoing-document, arrival, copy and signing-key pages.

They only parse what was typed; the rules live in the services, whose errors `add_service_errors`
puts back next to the fields.
"""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core.models import Agency

from .choices import Secrecy, SigningAuthority, Urgency
from .forms import DateInput, DocTypeChoiceField
from .models import DocumentType

DRAFT_EXTENSIONS = ("pdf", "docx")
SCAN_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "tif", "tiff")
DECISIONS = [("approve", _("Approve")), ("return", _("Return for revision"))]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} – {obj.position}" if getattr(obj, "position", "") else str(obj)


class PassphraseInput(forms.PasswordInput):
    """A key's passphrase: never shown again, never remembered by the browser."""

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off"}, render_value=False)


class DraftForm(forms.Form):
    doc_type = DocTypeChoiceField(
        queryset=DocumentType.objects.order_by("name"), label=_("Document type")
    )
    subject = forms.CharField(
        label=_("Subject (trích yếu)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelChoiceField(
        queryset=None, label=_("Drafting unit"), required=False, empty_label="—"
    )
    reviewer = PersonChoiceField(
        queryset=None,
        label=_("Reviewer (head of department)"),
        required=False,
        empty_label=_("No review: straight to the signer"),
    )
    signer = PersonChoiceField(
        queryset=None, label=_("Signer (approves and signs)"), required=False, empty_label="—"
    )
    signing_authority = forms.ChoiceField(
        label=_("Signing authority"), choices=SigningAuthority.choices, required=False
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=150,
        required=False,
        help_text=_(
            "As printed above the signature, e.g. KT. CHÁNH VĂN PHÒNG/PHÓ CHÁNH VĂN PHÒNG."
        ),
    )
    proposed_urgency = forms.TypedChoiceField(
        label=_("Proposed urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NORMAL
    )
    is_legal_normative = forms.BooleanField(label=_("Legal normative document"), required=False)
    internal_recipients = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Recipients on the platform"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("They receive the document electronically as soon as it is issued."),
    )
    external_recipients = forms.CharField(
        label=_("Recipients outside the platform"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; queued for the national document exchange."),
    )
    recipients_text = forms.CharField(
        label=_("Recipients (Nơi nhận) as printed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    copies_count = forms.IntegerField(
        label=_("Number of copies"), min_value=1, max_value=999, initial=1
    )
    file = forms.FileField(
        label=_("Draft (DOCX or PDF)"), validators=[FileExtensionValidator(DRAFT_EXTENSIONS)]
    )
    note = forms.CharField(label=_("Note on this version"), max_length=500, required=False)

    def __init__(self, *args, agency=None, departments=None, reviewers=None, signers=None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["reviewer"].queryset = reviewers
        self.fields["signer"].queryset = signers
        self.fields["internal_recipients"].queryset = (
            Agency.objects.filter(valid_to__isnull=True).exclude(pk=agency.pk).order_by("name")
        )

    def external_names(self) -> list[str]:
        lines = self.cleaned_data.get("external_recipients", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version (DOCX or PDF)"),
        validators=[FileExtensionValidator(DRAFT_EXTENSIONS)],
    )
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(forms.Form):
    # Which step it goes to is the button pressed ("to" = review or approval).
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    signer = PersonChoiceField(
        queryset=None, label=_("Signer (approves and signs)"), required=False, empty_label="—"
    )
    note = forms.CharField(
        label=_("Note (required when returning)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    urgency = forms.TypedChoiceField(
        label=_("Urgency (decided by the signer)"), choices=Urgency.choices, coerce=int
    )
    note = forms.CharField(
        label=_("Note (required when returning)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Password of your signing key"), widget=PassphraseInput(), strip=False
    )


class AgencySignForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Password of the agency's signing key"), widget=PassphraseInput(), strip=False
    )


class IssueForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Password of the agency's signing key"), widget=PassphraseInput(), strip=False
    )
    issued_date = forms.DateField(
        label=_("Issued date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject of the correction letter"), widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(
        label=_("Draft (DOCX or PDF)"),
        required=False,
        validators=[FileExtensionValidator(DRAFT_EXTENSIONS)],
    )


class CopyForm(forms.Form):
    copy_type = forms.ModelChoiceField(queryset=None, label=_("Copy type"), empty_label=None)
    source_outgoing = forms.ModelChoiceField(
        queryset=None, label=_("Issued document of the agency"), required=False
    )
    source_incoming = forms.ModelChoiceField(
        queryset=None, label=_("or incoming document"), required=False
    )
    recipients_text = forms.CharField(
        label=_("Recipients (Nơi nhận)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    signer = PersonChoiceField(queryset=None, label=_("Signer"), required=False)
    file = forms.FileField(
        label=_("Scan of the original or the extract (PDF or image)"),
        required=False,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS)],
    )

    def __init__(self, *args, copy_types=None, outgoing=None, incoming=None, signers=None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["copy_type"].queryset = copy_types
        self.fields["signer"].queryset = signers
        for name, queryset in (("source_outgoing", outgoing), ("source_incoming", incoming)):
            field = self.fields[name]
            field.queryset = queryset
            # Validation looks in the whole queryset; the list offers the newest ones only.
            field.widget.choices = [("", "—")] + [(d.pk, _source_label(d)) for d in queryset[:300]]


def _source_label(document) -> str:
    number = getattr(document, "number_text", "") or getattr(document, "notation_raw", "")
    return f"{number} – {document.subject[:90]}"


class KeyForm(forms.Form):
    owner = forms.ChoiceField(
        label=_("The key belongs to"),
        choices=[("person", _("A person")), ("agency", _("An agency (seal)"))],
        widget=forms.RadioSelect,
        initial="person",
    )
    user = PersonChoiceField(queryset=None, label=_("Person"), required=False)
    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"), required=False)
    label = forms.CharField(label=_("Label"), max_length=150)
    pkcs12 = forms.FileField(
        label=_("PKCS#12 key file (.p12, .pfx)"),
        validators=[FileExtensionValidator(("p12", "pfx"))],
    )
    passphrase = forms.CharField(
        label=_("Password of the key file"),
        widget=PassphraseInput(),
        strip=False,
        required=False,
        help_text=_("Only used to check the file; it is not stored."),
    )
    image = forms.FileField(
        label=_("Signature or seal image (PNG with transparency)"),
        required=False,
        validators=[FileExtensionValidator(("png",))],
    )

    def __init__(self, *args, users=None, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner")
        if owner == "person" and not cleaned.get("user"):
            self.add_error("user", _("Choose the person."))
        if owner == "agency" and not cleaned.get("agency"):
            self.add_error("agency", _("Choose the agency."))
        return cleaned
