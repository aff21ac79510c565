"""POST /api/v1/files, GET /api/v1/files/{sha256} and its verified /content download."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import StoredFile

from .test_files import EXE, PDF, storage_dir  # noqa: F401 - fixture

URL = "/api/v1/files"
SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def clerk_client(client, registry, storage_dir):  # noqa: F811
    client.force_login(registry.user("vanthu", Role.CLERK))
    return client


def _upload(client, content, name):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_upload_returns_metadata(clerk_client):
    response = _upload(clerk_client, PDF, "Công văn.pdf")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == SHA
    assert body["mime_type"] == "application/pdf"
    assert body["original_name"] == "Công văn.pdf"
    assert body["size"] == len(PDF)


def test_refused_upload_is_422_and_stores_nothing(clerk_client, storage_dir):  # noqa: F811
    response = _upload(clerk_client, EXE, "quyet-dinh.pdf")
    assert response.status_code == 422
    assert "MZ/PE" in response.json()["detail"]
    assert not StoredFile.objects.exists()
    assert not [p for p in storage_dir.rglob("*") if p.is_file()]


def test_upload_requires_authentication(client, db, storage_dir):  # noqa: F811
    response = client.post(URL, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 401
    assert not StoredFile.objects.exists()


def test_upload_without_permission_is_403(client, registry, storage_dir):  # noqa: F811
    client.force_login(registry.user("khach"))
    assert _upload(client, PDF, "a.pdf").status_code == 403


def test_metadata_and_content(clerk_client):
    _upload(clerk_client, PDF, "a.pdf")
    assert clerk_client.get(f"{URL}/{SHA}").json()["sha256"] == SHA
    assert clerk_client.get(f"{URL}/{SHA.upper()}").status_code == 200
    response = clerk_client.get(f"{URL}/{SHA}/content")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_other_users_see_nothing_but_admins_do(clerk_client, client, registry):
    _upload(clerk_client, PDF, "a.pdf")
    from django.test import Client

    stranger = Client()
    stranger.force_login(registry.user("nguoikhac", Role.CLERK))
    assert stranger.get(f"{URL}/{SHA}").status_code == 404
    assert stranger.get(f"{URL}/{SHA}/content").status_code == 404
    admin = Client()
    admin.force_login(registry.user("quantri", Role.SYSTEM_ADMIN))
    assert admin.get(f"{URL}/{SHA}").status_code == 200


def test_a_second_uploader_of_the_same_content_may_read_it(clerk_client, registry):
    _upload(clerk_client, PDF, "a.pdf")
    from django.test import Client

    citizen = Client()
    citizen.force_login(registry.user("congdan", Role.CITIZEN))
    assert citizen.get(f"{URL}/{SHA}").status_code == 404
    assert _upload(citizen, PDF, "cua-toi.pdf").status_code == 201
    assert citizen.get(f"{URL}/{SHA}").status_code == 200


def test_unknown_or_malformed_hash_is_404(clerk_client):
    assert clerk_client.get(f"{URL}/{'0' * 64}").status_code == 404
    assert clerk_client.get(f"{URL}/not-a-hash").status_code == 404


def test_corrupted_content_is_not_served(clerk_client, storage_dir):  # noqa: F811
    _upload(clerk_client, PDF, "a.pdf")
    blob = storage_dir / StoredFile.objects.get().storage_name
    blob.write_bytes(b"%PDF-1.4 changed")
    response = clerk_client.get(f"{URL}/{SHA}/content")
    assert response.status_code == 500
    assert "SHA-256" in response.json()["detail"]
