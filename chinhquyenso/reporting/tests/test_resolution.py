"""The resolution's indicator set: every target of II.3.1–II.3.3 and II.4.1–II.4.3, loaded once."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.models import AuditEvent
from chinhquyenso.reporting import services
from chinhquyenso.reporting.analytics_resolution import load_resolution_indicators
from chinhquyenso.reporting.choices import TargetComparison, ValueSource, ValueType
from chinhquyenso.reporting.models import (
    DataElement,
    DataSet,
    DataSetAssignment,
    Indicator,
    IndicatorTarget,
)

pytestmark = pytest.mark.django_db
SAMPLE = (
    Path(settings.BASE_DIR) / "data" / "samples" / "nghi-quyet-chuyen-doi-so-quang-ngai-2023.txt"
)


def normal(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def bullets() -> list[tuple[str, str]]:
    """(section "3.1"…"4.3", bullet text) of the targets in the sample's section II."""
    text = SAMPLE.read_text(encoding="utf-8")
    block = text[text.index("3. Mục tiêu cơ bản đến năm 2025") : text.index("III. NHIỆM VỤ")]
    section, found = None, []
    for raw in block.splitlines():
        line = raw.strip()
        heading = re.match(r"^(\d\.\d)\. ", line)
        if heading:
            section = heading.group(1)
        elif re.match(r"^\d\. ", line):
            section = None
        elif line.startswith("- ") and section:
            found.append([section, line[2:]])
        elif line and found and section:
            found[-1][1] += " " + line  # a bullet broken over lines
    return [(s, normal(b)) for s, b in found]


@pytest.fixture
def loaded(db):
    services.default_option_combo()
    province = services.save_org_unit(code="P", name="Tỉnh Quảng Ngãi", level=UnitLevel.PROVINCE)
    for code in ("X1", "X2"):
        services.save_org_unit(code=code, name=code, level=UnitLevel.COMMUNE, parent=province)
    return load_resolution_indicators()


def test_every_bullet_of_sections_ii_3_and_ii_4_has_its_targets(loaded):
    found = bullets()
    assert len(found) == 26
    assert {s for s, _b in found} == {"3.1", "3.2", "3.3", "4.1", "4.2", "4.3"}
    for section, text in found:
        year = 2025 if section.startswith("3") else 2030
        targets = IndicatorTarget.objects.filter(
            year=year, indicator__reference__contains=f"II.{section}"
        )
        assert [t for t in targets if normal(t.text) == text], (section, text)
    # And nothing in the set that the text does not say.
    texts = {text for _s, text in found}
    assert all(normal(t.text) in texts for t in IndicatorTarget.objects.all())


def test_targets_per_level_and_qualitative_yes_no(loaded):
    dossiers = Indicator.objects.get(code="NQ_WORK_DOSSIERS_ONLINE")
    by_year = {
        year: {t.level: int(t.value) for t in dossiers.targets.filter(year=year)}
        for year in (2025, 2030)
    }
    assert by_year == {2025: {1: 90, 2: 80, 3: 70}, 2030: {1: 100, 2: 100, 3: 90}}
    for code in (
        "NQ_DATA_SHARED",
        "NQ_NO_DEAD_ZONES",
        "NQ_MOBILE_UNIVERSAL",
        "NQ_FIBRE_5G_UNIVERSAL",
        "NQ_DATA_DRIVEN_LEADERSHIP",
    ):
        indicator = Indicator.objects.get(code=code)
        assert {t.comparison for t in indicator.targets.all()} == {TargetComparison.YES}
        element = DataElement.objects.get(code=indicator.numerator.strip("#{}"))
        assert element.value_type == ValueType.BOOLEAN
    grdp = Indicator.objects.get(code="NQ_DIGITAL_ECONOMY_GRDP")
    assert [(t.year, t.comparison, int(t.value)) for t in grdp.targets.all()] == [
        (2025, "~", 20),
        (2030, ">=", 30),
    ]
    assert Indicator.objects.get(code="NQ_SME_DIGITAL").targets.get(year=2025).comparison == ">"


def test_automatic_where_a_module_has_the_figure_entered_otherwise(loaded):
    automatic = set(
        Indicator.objects.filter(
            source=ValueSource.AUTOMATIC, group__code__startswith="NQ"
        ).values_list("code", flat=True)
    )
    assert automatic == {"NQ_WORK_DOSSIERS_ONLINE", "NQ_PROC_FULL_ONLINE", "NQ_USERS_IDENTIFIED"}
    entered = DataElement.objects.filter(source=ValueSource.ENTERED)
    on_forms = set(
        DataElement.objects.filter(data_sets__isnull=False).values_list("code", flat=True)
    )
    assert {e.code for e in entered} <= on_forms  # every entered figure has a form to enter it on
    yearly, six_monthly = (
        DataSet.objects.get(code="BC_CDS_NAM"),
        DataSet.objects.get(code="BC_CDS_6T"),
    )
    assert (yearly.periodicity, six_monthly.periodicity) == ("yearly", "six_monthly")
    assert set(
        DataSetAssignment.objects.filter(data_set=yearly).values_list("org_unit__code", flat=True)
    ) == {"P"}
    assert set(
        DataSetAssignment.objects.filter(data_set=six_monthly).values_list(
            "org_unit__code", flat=True
        )
    ) == {"X1", "X2"}
    assert six_monthly.rules.count() == 6


def test_loading_again_changes_nothing(loaded):
    counts = (
        DataElement.objects.count(),
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
    )
    events = AuditEvent.objects.count()
    assert loaded.created["indicators"] == Indicator.objects.count() == 24
    again = load_resolution_indicators()
    assert sum(again.created.values()) == sum(again.updated.values()) == again.assigned == 0
    assert again.unchanged["targets"] == IndicatorTarget.objects.count()
    assert (
        DataElement.objects.count(),
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events


def test_a_changed_file_updates_and_a_broken_one_stores_nothing(loaded, tmp_path):
    from chinhquyenso.reporting.analytics_resolution import DEFAULT_PATH

    changed = tmp_path / "set.yaml"
    changed.write_text(
        DEFAULT_PATH.read_text(encoding="utf-8").replace("value: 60", "value: 65"), encoding="utf-8"
    )
    summary = load_resolution_indicators(changed)
    assert summary.updated["targets"] == 1
    skills = Indicator.objects.get(code="NQ_DIGITAL_SKILLS").targets.get(year=2025)
    assert skills.value == 65
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        DEFAULT_PATH.read_text(encoding="utf-8").replace("#{SME}", "#{NO_SUCH}"), encoding="utf-8"
    )
    with pytest.raises(ValidationError):
        load_resolution_indicators(broken)
    assert Indicator.objects.get(code="NQ_DIGITAL_SKILLS").targets.get(year=2025).value == 65
    assert Indicator.objects.get(code="NQ_SME_DIGITAL").denominator == "#{SME}"
    with pytest.raises(ValidationError):
        load_resolution_indicators(tmp_path / "missing.yaml")


def test_the_command(db):
    out = io.StringIO()
    call_command("load_resolution_indicators", stdout=out)
    assert "indicators: 24 created, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("load_resolution_indicators", stdout=out)
    assert "indicators: 0 created, 0 updated, 24 unchanged" in out.getvalue()
