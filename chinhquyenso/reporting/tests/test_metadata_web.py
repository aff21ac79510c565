import pytest
from django.urls import reverse
from django.utils import translation

from chinhquyenso.core.choices import Role
from chinhquyenso.core.navigation import menu_for


@pytest.fixture
def people(registry):
    return {
        "admin": registry.user("quantri", Role.AGENCY_ADMIN),
        "specialist": registry.user("chuyenvien", Role.SPECIALIST),
        "citizen": registry.user("congdan", Role.CITIZEN),
    }


def test_menu_shows_reporting_to_those_who_may_view(people):
    with translation.override("en"):
        assert "Reporting" in [str(i["label"]) for i in menu_for(people["specialist"])]
        assert "Reporting" not in [str(i["label"]) for i in menu_for(people["citizen"])]


def test_reporting_home_lists_only_what_the_user_may_open(client, people):
    client.force_login(people["citizen"])
    assert client.get(reverse("reporting:home")).status_code == 403
    client.force_login(people["specialist"])
    page = client.get(reverse("reporting:home"))
    assert page.status_code == 200
    assert b"/reporting/metadata/" not in page.content
