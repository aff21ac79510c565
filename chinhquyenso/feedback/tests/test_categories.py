"""`load_feedback_categories`: the province's categories from YAML, idempotent, clear errors."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from chinhquyenso.core.models import Agency, AuditEvent
from chinhquyenso.feedback.management.commands.load_feedback_categories import DEFAULT_PATH
from chinhquyenso.feedback.models import Category


@pytest.fixture
def agencies(registry):
    """The receiving agencies the file names (load_demo_data makes the same ones)."""
    Agency.objects.create(name="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", short_name="Sở KH&CN",
                          electronic_id="000.02.00.H48", kind="state",
                          parent=registry.province_committee)  # fmt: skip
    return registry


def _load(path=DEFAULT_PATH) -> str:
    out = StringIO()
    call_command("load_feedback_categories", "--file", str(path), stdout=out)
    return out.getvalue()


def test_the_province_categories_load_once(agencies):
    first = _load()
    entries = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["categories"]
    assert f"{len(entries)} created, 0 updated, 0 unchanged" in first
    assert Category.objects.count() == len(entries) >= 12
    rubbish = Category.objects.get(code="MT-RAC")
    assert rubbish.name == "Môi trường, rác thải" and rubbish.by_place
    assert rubbish.agency.electronic_id == "000.01.00.H48" and rubbish.handling_days == 5
    assert not Category.objects.get(code="TTHC").by_place
    assert list(Category.objects.values_list("code", flat=True))[0] == "MT-RAC"
    assert Category.objects.get(code="KHAC").order == len(entries)
    events = AuditEvent.objects.filter(action="feedback.categories.load").count()
    assert events == 1
    second = _load()
    assert f"0 created, 0 updated, {len(entries)} unchanged" in second
    assert AuditEvent.objects.filter(action="feedback.categories.load").count() == events


def test_a_changed_entry_is_updated(agencies, tmp_path):
    _load()
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["categories"][0]["handling_days"] = 3
    data["categories"][0]["agency"] = "000.02.00.H48"
    path = tmp_path / "categories.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "0 created, 1 updated" in _load(path)
    rubbish = Category.objects.get(code="MT-RAC")
    assert rubbish.handling_days == 3 and rubbish.agency.electronic_id == "000.02.00.H48"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"agency": "000.99.00.H48"}, "000.99.00.H48"),
        ({"code": "mt rac"}, "code"),
        ({"name": ""}, "name"),
        ({"handling_days": 0}, "handling_days"),
        ({"handling_days": "năm"}, "handling_days"),
        ({"by_place": "có"}, "by_place"),
    ],
)
def test_a_bad_entry_stops_everything(agencies, tmp_path, change, message):
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["categories"][-1].update(change)
    path = tmp_path / "categories.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        _load(path)
    assert not Category.objects.exists()


def test_a_duplicated_code_or_a_broken_file_is_refused(agencies, tmp_path):
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["categories"].append(dict(data["categories"][0]))
    path = tmp_path / "categories.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="twice"):
        _load(path)
    path.write_text("categories: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        _load(path)
    with pytest.raises(CommandError, match="Cannot read"):
        _load(tmp_path / "missing.yaml")
    assert not Category.objects.exists()


def test_a_closed_agency_does_not_receive(agencies):
    Agency.objects.filter(electronic_id="000.02.00.H48").update(valid_to="2025-06-30")
    with pytest.raises(CommandError, match="000.02.00.H48"):
        _load()
