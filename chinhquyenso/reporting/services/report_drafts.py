"""The report on the resolution handed to e-office: an outgoing draft of the user's agency with
the DOCX attached (through the e-office door), for a leader to edit, approve and sign there."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..models import OrgUnit
from ..periods import Period
from .units import require_unit

REPORT_TYPE = "bao_cao"  # Báo cáo, Nghị định 30/2020 Phụ lục III


def create_report_draft(
    user, period: str | Period, org_unit: OrgUnit, *, signer=None, reviewer=None
):
    """Generate the report of `period` for `org_unit` and open an outgoing draft with it in the
    user's agency; e-office checks the drafter, the reviewer and the signer."""
    from chinhquyenso.eoffice import services as eoffice

    from ..report_document import generate_resolution_report

    require_unit(user, "reporting.view", org_unit)
    if user.agency_id is None:
        raise PermissionDenied(_("Only an official of an agency can draft an outgoing document."))
    generated = generate_resolution_report(period, org_unit)
    report = generated.report
    with transaction.atomic():
        document = eoffice.create_draft(
            user,
            user.agency,
            doc_type=REPORT_TYPE,
            subject=report.subtitle,
            reviewer=reviewer,
            signer=signer,
            recipients_text="\n".join(report.recipients),
            upload=generated.docx,
            file_name=f"{generated.file_stem}.docx",
            note=_("Generated from the reporting system on %(when)s.")
            % {"when": f"{report.generated_at:%d/%m/%Y %H:%M}"},
        )
        core.audit_record(
            "reporting.resolution_report.draft",
            org_unit,
            after={"period": report.period.id, "outgoing_document": document.pk},
            actor=user,
        )
    return document
