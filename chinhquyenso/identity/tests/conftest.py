"""Fixtures of the identity tests."""

import pytest


@pytest.fixture
def two_factor_on(settings):
    # Off by default under pytest (config/settings.py); these tests check the production rule.
    settings.REQUIRE_ADMIN_2FA = True
