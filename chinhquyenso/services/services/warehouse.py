"""The e-data warehouse (Nghị định 45/2020): documents an applicant keeps and reuses, added by the
owner, digitised by an officer or returned as the result of a procedure."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core

from ..choices import WarehouseSource
from ..models import (
    DossierAttachment,
    ServiceDossier,
    WarehouseDocumentType,
    WarehouseItem,
    WarehouseUse,
)

# Results land in the warehouse under this type when no type bears the result's name.
RESULT_TYPE_CODE = "ket-qua-giai-quyet-tthc"
WAREHOUSE_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def my_documents(user) -> QuerySet:
    if not user or not user.is_authenticated:
        return WarehouseItem.objects.none()
    return WarehouseItem.objects.filter(owner=user).select_related("doc_type", "file", "issuer")


def usable_documents(user) -> QuerySet:
    """The owner's documents that are still valid, to pick from when applying."""
    today = timezone.localdate()
    return my_documents(user).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def usage_log(user) -> QuerySet:
    """Who used which of the owner's documents for which dossier, newest first."""
    if not user or not user.is_authenticated:
        return WarehouseUse.objects.none()
    return WarehouseUse.objects.filter(item__owner=user).select_related(
        "item", "dossier", "dossier__agency", "used_by"
    )


def documents_for_officer(officer) -> QuerySet:
    """Warehouse documents attached to dossiers of agencies where the officer receives or
    processes dossiers; nothing else of anyone's warehouse."""
    agencies = core.agencies_with_perm(officer, "services.receive") | core.agencies_with_perm(
        officer, "services.process"
    )
    used = DossierAttachment.objects.filter(
        dossier__agency__in=agencies, warehouse_item__isnull=False
    ).values("warehouse_item_id")
    digitised = Q(source_dossier__agency__in=agencies)
    return WarehouseItem.objects.filter(Q(pk__in=used) | digitised).select_related(
        "doc_type", "file"
    )


def _clean(title: str, valid_until: datetime.date | None) -> str:
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = [_("This date has passed: the document is no longer valid.")]
    if errors:
        raise ValidationError(errors)
    return title[:300]


def _store(user, upload):
    try:
        stored = core.store_file(user, upload, getattr(upload, "name", "") or "")
    except core.FileRefused as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if stored.mime_type not in WAREHOUSE_TYPES:
        raise ValidationError(
            {"file": _("Keep a PDF, an image (PNG, JPEG, TIFF) or a Word (DOCX) file.")}
        )
    return stored


def _create(actor, **fields) -> WarehouseItem:
    item = WarehouseItem.objects.create(**fields)
    core.audit_record("services.warehouse.add", item, after=core.audit_snapshot(item), actor=actor)
    return item


def upload_document(
    user,
    doc_type: WarehouseDocumentType,
    title: str,
    upload,
    valid_until: datetime.date | None = None,
) -> WarehouseItem:
    """The owner adds one of their papers to their own warehouse."""
    core.require(user, "services.apply")
    title = _clean(title, valid_until)
    with transaction.atomic():
        stored = _store(user, upload)
        return _create(
            user,
            owner=user,
            doc_type=doc_type,
            title=title,
            file=stored,
            source=WarehouseSource.UPLOADED,
            valid_until=valid_until,
        )


def digitise_document(
    officer,
    dossier: ServiceDossier,
    doc_type: WarehouseDocumentType,
    title: str,
    upload,
    valid_until: datetime.date | None = None,
) -> WarehouseItem:
    """A one-stop officer scans a paper the applicant brought into the applicant's warehouse."""
    core.require(officer, "services.receive", dossier.agency)
    title = _clean(title, valid_until)
    with transaction.atomic():
        stored = _store(officer, upload)
        return _create(
            officer,
            owner=dossier.applicant,
            doc_type=doc_type,
            title=title,
            file=stored,
            source=WarehouseSource.DIGITISED,
            source_dossier=dossier,
            valid_until=valid_until,
        )


def create_document_type(actor, code: str, name: str) -> WarehouseDocumentType:
    """A new kind of paper citizens can keep (Căn cước, Giấy khai sinh…); kept by the catalogue's
    keepers. Without one, the warehouse's upload form has nothing to choose."""
    core.require(actor, "services.manage_catalogue")
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", code):
        errors["code"] = [_("Use 1 to 60 lower-case letters, digits and hyphens.")]
    elif WarehouseDocumentType.objects.filter(code=code).exists():
        errors["code"] = [_("A document type with this code already exists.")]
    if not name:
        errors["name"] = [_("Give the document type a name.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        kind = WarehouseDocumentType.objects.create(code=code, name=name[:200])
        core.audit_record(
            "services.warehouse.create_type", kind, after=core.audit_snapshot(kind), actor=actor
        )
    return kind


def _result_type(dossier: ServiceDossier) -> WarehouseDocumentType:
    named = WarehouseDocumentType.objects.filter(name__iexact=dossier.procedure.result_type).first()
    if named is not None:
        return named
    generic, _created = WarehouseDocumentType.objects.get_or_create(
        code=RESULT_TYPE_CODE, defaults={"name": "Kết quả giải quyết thủ tục hành chính"}
    )
    return generic


def add_result_to_warehouse(dossier: ServiceDossier, actor=None) -> WarehouseItem | None:
    """Keep the dossier's result in the applicant's warehouse (once); the back office calls this
    when it returns the result. Returns None when the dossier has no result file."""
    if dossier.result_file_id is None:
        return None
    with transaction.atomic():
        existing = WarehouseItem.objects.filter(
            source=WarehouseSource.RESULT, source_dossier=dossier
        ).first()
        if existing is not None:
            return existing
        return _create(
            actor,
            owner=dossier.applicant,
            doc_type=_result_type(dossier),
            title=f"{dossier.procedure.result_type} ({dossier.code})"[:300],
            file_id=dossier.result_file_id,
            source=WarehouseSource.RESULT,
            issuer=dossier.agency,
            source_dossier=dossier,
        )
