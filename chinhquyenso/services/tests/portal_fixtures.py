"""Builders for the portal and warehouse tests: the back office's little world with an e-form."""

from django.core.files.uploadedfile import SimpleUploadedFile

from chinhquyenso.services import services as portal
from chinhquyenso.services.models import ServiceDossier

from .backoffice_fixtures import World, pdf_bytes

SCHEMA = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string", "title": "Họ và tên"},
        "id_number": {"type": "string", "title": "Số CCCD", "x-kind": "cccd"},
    },
    "required": ["full_name", "id_number"],
}
ANSWERS = {"full_name": "Nguyễn Văn An", "id_number": "051085006789"}


def upload(name: str = "to-khai.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(name))


def make_app(registry) -> World:
    world = World(registry)
    world.procedure.form_schema = SCHEMA
    world.procedure.save()
    return world


def ready_draft(app) -> ServiceDossier:
    dossier = portal.start_application(app.citizen, app.procedure)
    portal.save_form(app.citizen, dossier, ANSWERS)
    portal.attach(app.citizen, dossier, app.form, upload())
    return dossier
