"""Validation rules: expressions over the form's values and cells, skipped when a value is missing;
a high-importance rule blocks the offending value in the grid and blocks submission, a low one
only warns."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from chinhquyenso.reporting import services
from chinhquyenso.reporting.models import DataValue, Report

from .entry_fixtures import clock_fixture, world_fixture  # noqa: F401

FEB = "202602"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def enter(world, element, value, cell=None, grid=True):
    return services.save_value(
        world.clerk,
        element=element,
        org_unit=world.commune,
        period=FEB,
        value=value,
        option_combo=cell,
        data_set=world.form if grid else None,
        enforce_rules=grid,
    )


def test_rules_are_skipped_while_a_value_is_missing(world):
    enter(world, "DOSSIERS_ONLINE", "80")
    assert services.run_rules(world.form, world.commune, FEB) == []


def test_a_high_rule_refuses_the_offending_value_in_the_grid(world):
    enter(world, "DOSSIERS_TOTAL", "100")
    with pytest.raises(ValidationError) as caught:
        enter(world, "DOSSIERS_ONLINE", "120")
    assert caught.value.messages == ["Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ."]
    assert not DataValue.objects.filter(element__code="DOSSIERS_ONLINE").exists()
    assert enter(world, "DOSSIERS_ONLINE", "90").action == "created"
    # Lowering the total below the online count offends the same rule.
    with pytest.raises(ValidationError):
        enter(world, "DOSSIERS_TOTAL", "80")
    assert DataValue.objects.get(element__code="DOSSIERS_TOTAL").value == "100"


def test_rules_over_a_disaggregation_cell(world):
    enter(world, "STAFF", "60", cell="MALE")
    with pytest.raises(ValidationError) as caught:
        enter(world, "STAFF", "51", cell="FEMALE")
    assert caught.value.messages == ["Số cán bộ nữ vượt quá 50."]
    assert enter(world, "STAFF", "50", cell="FEMALE").action == "created"


def test_a_low_rule_only_warns(world):
    result = enter(world, "FIBRE_PCT", "5")
    assert result.action == "created"
    [warning] = result.warnings
    assert warning.rule_code == "FIBRE_LOW" and not warning.blocks
    assert (warning.left, warning.operator, warning.right) == (5, ">=", 10)


def test_violations_report_both_sides(world):
    # An import does not check rules; the violation is found when the rules run.
    enter(world, "DOSSIERS_TOTAL", "100", grid=False)
    enter(world, "DOSSIERS_ONLINE", "120", grid=False)
    enter(world, "FIBRE_PCT", "5", grid=False)
    violations = services.run_rules(world.form, world.commune, FEB)
    assert [v.rule_code for v in violations] == ["ONLINE_LE_TOTAL", "FIBRE_LOW"]
    first = violations[0].as_dict()
    assert first["left"] == "120.0000" and first["right"] == "100.0000" and first["blocks"]
    assert first["elements"] == ["DOSSIERS_ONLINE", "DOSSIERS_TOTAL"]
    assert services.run_rules(world.form, world.commune, FEB, element_code="FIBRE_PCT") == [
        violations[1]
    ]


def test_a_high_violation_blocks_submission_a_low_one_does_not(world):
    enter(world, "DOSSIERS_TOTAL", "100", grid=False)
    enter(world, "DOSSIERS_ONLINE", "120", grid=False)
    enter(world, "FIBRE_PCT", "5", grid=False)
    report = services.report_for(world.form, world.commune, FEB)
    with pytest.raises(ValidationError) as caught:
        services.submit(world.clerk, report)
    assert caught.value.messages == [
        "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ. (120 ≤ 100 is not true)"
    ]
    report.refresh_from_db()
    assert report.status == "open" and report.submitted_at is None
    # Nothing was frozen either.
    assert not DataValue.objects.filter(element__code="PORTAL_VISITS").exists()
    enter(world, "DOSSIERS_ONLINE", "90")
    result = services.submit(world.clerk, report)
    assert [w.rule_code for w in result.warnings] == ["FIBRE_LOW"]
    assert Report.objects.get().status == "submitted"


def test_form_values_sum_cells_and_include_live_automatic_figures(world):
    enter(world, "STAFF", "3", cell="MALE")
    enter(world, "STAFF", "4", cell="FEMALE")
    values = services.form_values(world.form, world.commune, FEB, live={"PORTAL_VISITS"})
    assert values["STAFF"] == 7 and values["STAFF.FEMALE"] == 4
    assert values["PORTAL_VISITS"] == 42
    assert "PORTAL_VISITS" not in services.form_values(world.form, world.commune, FEB)
