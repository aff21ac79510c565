"""Fixtures shared by every test: a small registry and users holding each role."""

import pytest

from chinhquyenso.core.testing import RegistryFactory


@pytest.fixture
def registry(db) -> RegistryFactory:
    return RegistryFactory()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table, rows loaded by data migrations included.

    Put the catalogues back so each test sees the database a deployment has after `migrate`.
    """
    if _is_transactional(request):
        from django.apps import apps

        from chinhquyenso.eoffice.catalogues import load_catalogues

        request.getfixturevalue("transactional_db")
        load_catalogues(lambda name: apps.get_model("eoffice", name))


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language (Vietnamese).

    A request with the English cookie leaves English active in the test thread; without this, a
    test reading English messages could pass or fail depending on which test ran before it.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
