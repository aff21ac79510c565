import datetime

import pytest

from chinhquyenso.core.choices import Role
from chinhquyenso.eoffice.services import IncomingData

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def clerk(registry):
    return registry.user("vanthu", Role.CLERK)


@pytest.fixture
def leader(registry):
    return registry.user("lanhdao", Role.LEADER)


def make_data(**overrides) -> IncomingData:
    values = {
        "issuer_name": "Ban Thường vụ Tỉnh ủy",
        "notation": "19-CT/TU",
        "issued_date": datetime.date(2026, 11, 2),
        "doc_type": "Chỉ thị",
        "subject": "Về tăng cường chuyển đổi số tỉnh Quảng Ngãi",
        "arrival_date": datetime.date(2026, 11, 3),
    }
    values.update(overrides)
    return IncomingData(**values)
