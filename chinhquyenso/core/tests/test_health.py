"""GET /healthz reports the database and the file storage, and answers 503 when one fails."""

from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture
def storage_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_healthy(client, db, storage_dir):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "storage": "ok"}}
    assert not [p for p in storage_dir.rglob("*") if p.is_file()]  # the probe cleans up


def test_storage_failure_is_503(client, db, storage_dir):
    with mock.patch.object(FileSystemStorage, "save", side_effect=OSError("disk full")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["storage"] == "error: OSError"
    assert body["checks"]["database"] == "ok"


def test_unwritable_storage_location_is_503(client, db, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("error:")


def test_database_failure_is_503(client, db, storage_dir):
    from chinhquyenso.core.views import health

    with mock.patch.object(health.connection, "cursor", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: RuntimeError"


def test_only_get(client, db):
    assert client.post("/healthz").status_code == 405
