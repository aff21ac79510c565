"""Forms of the feedback pages: they check the shape of the input; the rules (lengths, the place,
the consent, who may act) are the services' and come back as errors next to the fields."""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core.choices import AgencyKind, UnitLevel
from chinhquyenso.core.models import Agency, Department
from chinhquyenso.core.models.validity import valid_on_q
from chinhquyenso.core.permissions import PERMISSIONS
from chinhquyenso.core.selectors.units import unit_on, units_on

from ..choices import ReportChannel
from ..models import Category, Report
from ..services.reports import MAX_PHOTOS

User = get_user_model()


def current_communes(today: datetime.date | None = None):
    """The province's communes, wards and special zones valid today (as the e-forms offer them)."""
    today = today or timezone.localdate()
    province = unit_on(getattr(settings, "PROVINCE_CODE", "51"), today)
    if province is None:
        return units_on(today, level=UnitLevel.COMMUNE).none()
    return units_on(today, level=UnitLevel.COMMUNE, parent=province)


def commune_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((u.code, u.name) for u in current_communes().order_by("name"))]


def category_choices() -> list:
    """Active categories, grouped as the catalogue groups them (a select's optgroups)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in Category.objects.filter(is_active=True).order_by("group", "order", "name"):
        groups.setdefault(category.group, []).append((category.code, category.name))
    ungrouped = groups.pop("", [])
    return [("", "—"), *ungrouped, *groups.items()]


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's errors next to the fields it names, the others above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        return [super(PhotosField, self).clean(upload, initial) for upload in uploads]


class ReportForm(forms.Form):
    """What a citizen reports (the officer's phone-in form adds the caller)."""

    category = forms.ChoiceField(
        label=_("Category"), choices=CallableChoiceIterator(category_choices)
    )
    description = forms.CharField(
        label=_("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        help_text=_("Describe what you see, since when, and how it affects people."),
    )
    admin_unit = forms.ChoiceField(
        label=_("Commune or ward"), choices=CallableChoiceIterator(commune_choices), required=False
    )
    address = forms.CharField(
        label=_("Address or landmark"),
        max_length=300,
        required=False,
        help_text=_("House number, street, village or a landmark nearby."),
    )
    latitude = forms.CharField(
        label=_("Latitude"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip
    longitude = forms.CharField(
        label=_("Longitude"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip
    photos = PhotosField(label=_("Photos"), help_text=_("Up to 5 photos, JPEG or PNG."))
    public = forms.BooleanField(
        label=_("Show this report and its answer on the public list (never your name)"),
        required=False,
        initial=True,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and contact are used only to handle this report "
            "(Nghị định 13/2023/NĐ-CP on personal data protection)."
        ),
        required=False,
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # A fresh key per page: a double click sends the same key and stores one report.
            self.initial.setdefault("client_key", uuid.uuid4().hex)


class PhoneReportForm(ReportForm):
    """A report an officer records from a call or at the counter: who reported it, and how."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(c.value, c.label) for c in (ReportChannel.PHONE, ReportChannel.COUNTER)],
    )
    reporter_name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    reporter_phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )  # fmt: skip
    reporter_email = forms.EmailField(label=_("Email"), required=False)
    field_order = ["channel", "reporter_name", "reporter_phone", "reporter_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "The caller agreed that their contact is used only to handle this report "
            "(Nghị định 13/2023/NĐ-CP)."
        )
        self.fields["public"].label = _("Show this report and its answer on the public list")


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def handlers_of(agency_id: int):
    """People holding `feedback.handle` in the agency (or one of its departments) today."""
    today = timezone.localdate()
    return (
        User.objects.filter(
            Q(role_assignments__agency_id=agency_id)
            | Q(role_assignments__department__agency_id=agency_id),
            valid_on_q(today, "role_assignments__"),
            is_active=True,
            role_assignments__role__in=PERMISSIONS["feedback.handle"],
        )
        .distinct()
        .order_by("full_name", "username")
    )


class AcceptForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    handler = forms.ModelChoiceField(
        label=_("Handled by"), queryset=User.objects.none(), required=False
    )
    working_days = forms.IntegerField(label=_("Time to answer (working days)"), min_value=1,
                                      max_value=60)  # fmt: skip
    note = forms.CharField(
        label=_("Direction (internal)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            agency_id=report.agency_id, valid_to=None
        ).order_by("name")
        self.fields["handler"].queryset = handlers_of(report.agency_id)
        self.initial.setdefault("working_days", report.category.handling_days)


class TransferForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)  # fmt: skip

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Agency.objects.filter(kind=AgencyKind.STATE, valid_to=None)
            .exclude(pk=report.agency_id)
            .order_by("name")
        )


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Answer (public)"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        required=False,
        help_text=_("What was done; the reporter and, for a public report, everyone read it."),
    )
    photos = PhotosField(label=_("Photos after the fix"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the reporter will read"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    duplicate_of = forms.CharField(
        label=_("Duplicate of report (code)"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"placeholder": "PA-…"}),
    )  # fmt: skip
