"""E-forms: every Vietnamese field kind accepted and refused, schema checks, the rendered form."""

import pytest
from django.core.exceptions import ValidationError

from chinhquyenso.core.services.units import import_admin_units
from chinhquyenso.services import eforms

from .catalogue_fixtures import demo_json


def schema_of(kind: str, **extra) -> dict:
    return {
        "type": "object",
        "properties": {"value": {"type": "string", "title": "Giá trị", "x-kind": kind, **extra}},
        "required": ["value"],
    }


@pytest.fixture
def units(db):
    import_admin_units()


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("cccd", "051085006789"),
        ("phone", "0912345678"),
        ("phone", "+84912345678"),
        ("phone", "02553822123"),
        ("tax_code", "4300123456"),
        ("tax_code", "4300123456-001"),
        ("date", "29/02/2024"),
        ("date", "01/07/2025"),
        ("email", "congdan@example.vn"),
    ],
)
def test_valid_values_of_each_kind(db, kind, value):
    assert eforms.validate_data(schema_of(kind), {"value": value}) == {"value": value}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("cccd", "05108500678"),  # 11 digits
        ("cccd", "0510850067890"),
        ("cccd", "05108500678a"),
        ("phone", "912345678"),
        ("phone", "+8491234"),
        ("tax_code", "430012345"),
        ("tax_code", "4300123456-01"),
        ("date", "31/02/2026"),
        ("date", "29/02/2025"),
        ("date", "2026-02-01"),
        ("date", "1/2/2026"),
        ("email", "congdan@"),
    ],
)
def test_invalid_values_of_each_kind(db, kind, value):
    with pytest.raises(ValidationError) as info:
        eforms.validate_data(schema_of(kind), {"value": value})
    assert list(info.value.message_dict) == ["value"]


def test_admin_unit_accepts_only_current_units_of_the_province(units):
    assert eforms.current_units().count() == 96
    schema = schema_of("admin_unit")
    assert eforms.validate_data(schema, {"value": "21025"}) == {"value": "21025"}  # Cẩm Thành
    for old_code in ("21010", "522"):  # Phường Lê Hồng Phong, Thành phố Quảng Ngãi (pre-2025)
        with pytest.raises(ValidationError) as info:
            eforms.validate_data(schema, {"value": old_code})
        assert "1/7/2025" in info.value.message_dict["value"][0]


def test_rendered_form_lists_the_96_units(units):
    form = eforms.build_form(schema_of("admin_unit"))
    html = str(form["value"])
    assert html.count("<option") == 97  # the empty choice and the 96 units
    assert "Cẩm Thành" in html and "Lê Hồng Phong" not in html


def test_required_enum_integer_boolean_and_unknown_fields(db):
    schema = {
        "type": "object",
        "properties": {
            "sex": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
            "copies": {"type": "integer", "title": "Số bản"},
            "post": {"type": "boolean", "title": "Nhận qua bưu chính"},
            "note": {"type": "string", "title": "Ghi chú", "maxLength": 5, "pattern": "^[A-Z]"},
        },
        "required": ["sex", "copies"],
    }
    cleaned = eforms.validate_data(schema, {"sex": "Nữ", "copies": 2, "post": True, "note": "Abc"})
    assert cleaned == {"sex": "Nữ", "copies": 2, "post": True, "note": "Abc"}
    with pytest.raises(ValidationError) as info:
        eforms.validate_data(
            schema, {"sex": "Khác", "copies": "hai", "note": "abcdefg", "extra": "x"}
        )
    assert set(info.value.message_dict) == {"sex", "copies", "note", "extra"}
    with pytest.raises(ValidationError) as info:
        eforms.validate_data(schema, {})
    assert set(info.value.message_dict) == {"sex", "copies"}


def test_errors_are_in_vietnamese(db):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as info:
        eforms.validate_data(schema_of("cccd"), {})
    assert info.value.message_dict["value"] == ["Trường này là bắt buộc."]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array"},
        {"type": "object", "properties": {}},
        schema_of("passport"),
        schema_of("cccd", type="integer"),
        {"type": "object", "properties": {"a": {"type": "number", "title": "A"}}},
        {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"A b": {"type": "string", "title": "A"}}},
        {"type": "object", "properties": {"a": {"type": "string", "title": "A", "format": "x"}}},
        {
            "type": "object",
            "properties": {"a": {"type": "string", "title": "A"}},
            "required": ["b"],
        },  # fmt: skip
        {"type": "object", "properties": {"a": {"type": "string", "title": "A", "pattern": "("}}},
        {"type": "object", "properties": {"a": {"type": "string", "title": "A", "enum": []}}},
        {"type": "object", "properties": {"a": {"type": "string", "title": "A"}}, "oneOf": []},
    ],
)
def test_bad_schemas_are_refused(schema):
    with pytest.raises(ValidationError):
        eforms.validate_schema(schema)


def test_every_demo_schema_is_valid_and_renders(db):
    for row in demo_json()["Procedures"]:
        eforms.validate_schema(row["form_schema"])
        form = eforms.build_form(row["form_schema"])
        assert list(form.fields) == list(row["form_schema"]["properties"])


def test_birth_registration_form(units):
    schema = next(
        row["form_schema"] for row in demo_json()["Procedures"] if row["code"] == "1.001193"
    )
    answers = {
        "child_full_name": "Nguyễn Minh An",
        "child_sex": "Nam",
        "child_date_of_birth": "15/03/2026",
        "child_place_of_birth": "21025",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "mother_full_name": "Trần Thị Bình",
        "mother_cccd": "051190001234",
        "applicant_relationship": "Mẹ",
        "applicant_phone": "0905123456",
    }
    assert eforms.validate_data(schema, answers) == answers
    with pytest.raises(ValidationError) as info:
        eforms.validate_data(schema, {**answers, "father_cccd": "05119000123"})
    assert list(info.value.message_dict) == ["father_cccd"]


def test_answers_are_shown_under_their_titles_in_schema_order():
    from chinhquyenso.services.eforms import labelled_answers

    schema = {
        "type": "object",
        "properties": {
            "child_full_name": {"type": "string", "title": "Họ, chữ đệm, tên của trẻ"},
            "birth_date": {"type": "string", "title": "Ngày sinh", "x-kind": "date"},
        },
    }
    answers = labelled_answers(schema, {"birth_date": "01/02/2026", "child_full_name": "An"})
    assert answers == [("Họ, chữ đệm, tên của trẻ", "An"), ("Ngày sinh", "01/02/2026")]
