"""Fixtures shared by every test: a small registry and users holding each role."""

import pytest

from chinhquyenso.core.testing import RegistryFactory


@pytest.fixture
def registry(db) -> RegistryFactory:
    return RegistryFactory()
