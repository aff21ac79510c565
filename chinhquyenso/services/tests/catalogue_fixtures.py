"""Builders shared by the catalogue tests: a valid procedure and the demo catalogue's rows."""

import copy
import json
from pathlib import Path

from django.conf import settings

from chinhquyenso.services.catalogue_xlsx import sheets_from_json
from chinhquyenso.services.services import DocumentData, ProcedureData, StepData

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "services" / "procedures.json"


def procedure_data(code: str = "1.001193", **overrides) -> ProcedureData:
    values = {
        "code": code,
        "name": "Đăng ký khai sinh",
        "field_code": "ho-tich",
        "field_name": "Hộ tịch",
        "level": 3,
        "implementing_body": "Ủy ban nhân dân cấp xã",
        "online_level": "full",
        "processing_days": 1,
        "result_type": "Giấy khai sinh",
        "fee_amount": 0,
        "legal_basis": "Luật Hộ tịch 2014",
        "form_schema": {
            "type": "object",
            "properties": {"child_full_name": {"type": "string", "title": "Họ và tên"}},
            "required": ["child_full_name"],
        },
        "documents": [DocumentData("Tờ khai đăng ký khai sinh"), DocumentData("Giấy chứng sinh")],
        "steps": [
            StepData("Tiếp nhận", "one_stop_officer", 30),
            StepData("Xử lý", "specialist", 50),
            StepData("Ký", "leader", 20),
        ],
    }
    values.update(overrides)
    return ProcedureData(**values)


def demo_json() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def demo_sheets(edit=None) -> dict:
    data = copy.deepcopy(demo_json())
    if edit:
        edit(data)
    return sheets_from_json(data)
