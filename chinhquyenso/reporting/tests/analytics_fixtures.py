"""A small reporting world for the analytics tests: a province with a district (two communes)
and a commune directly under it, elements of every aggregation type, values made with the ORM."""

import dataclasses
import decimal

import pytest

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.reporting import services
from chinhquyenso.reporting.choices import AggregationType, ValueType
from chinhquyenso.reporting.models import (
    Category,
    CategoryCombo,
    CategoryOption,
    CategoryOptionCombo,
    DataElement,
    DataValue,
    OrgUnit,
)
from chinhquyenso.reporting.periods import Period

D = decimal.Decimal


@dataclasses.dataclass
class World:
    province: OrgUnit
    district: OrgUnit
    commune_a: OrgUnit
    commune_b: OrgUnit
    commune_c: OrgUnit


def element(code, aggregation=AggregationType.SUM, value_type=ValueType.NUMBER, **kw):
    return services.save_data_element(
        services.ElementData(
            code=code,
            name=kw.pop("name", code),
            aggregation=aggregation,
            value_type=value_type,
            **kw,
        )
    )


def sex_combo() -> CategoryCombo:
    category = Category.objects.create(code="SEX", name="Giới tính")
    female = CategoryOption.objects.create(category=category, code="F", name="Nữ", sort_order=1)
    male = CategoryOption.objects.create(category=category, code="M", name="Nam", sort_order=2)
    combo = CategoryCombo.objects.create(code="SEX", name="Giới tính")
    combo.categories.add(category)
    for order, option in enumerate((female, male)):
        cell = CategoryOptionCombo.objects.create(
            combo=combo, code=f"SEX_{option.code}", name=option.name, sort_order=order
        )
        cell.options.add(option)
    return combo


def put(element_code, unit, period, number, cell="default", **kw) -> DataValue:
    """Store a value as the entry service would (text and number), without its checks."""
    element = DataElement.objects.get(code=element_code)
    period = Period.parse(period)
    text = "true" if number is True else "false" if number is False else str(number)
    number = D(1) if number is True else D(0) if number is False else D(str(number))
    value, _created = DataValue.objects.update_or_create(
        element=element,
        org_unit=unit,
        period=period.id,
        option_combo=CategoryOptionCombo.objects.get(code=cell),
        defaults={"period_start": period.start, "value": text, "number": number, **kw},
    )
    return value


@pytest.fixture
def tree(db) -> World:
    services.default_option_combo()
    province = services.save_org_unit(code="P", name="Tỉnh Quảng Ngãi", level=UnitLevel.PROVINCE)
    district = services.save_org_unit(
        code="D", name="Huyện Sơn Tịnh", level=UnitLevel.DISTRICT, parent=province
    )
    commune_a = services.save_org_unit(
        code="CA", name="Xã Tịnh Ấn", level=UnitLevel.COMMUNE, parent=district
    )
    commune_b = services.save_org_unit(
        code="CB", name="Xã Tịnh Bắc", level=UnitLevel.COMMUNE, parent=district
    )
    commune_c = services.save_org_unit(
        code="CC", name="Phường Cẩm Thành", level=UnitLevel.COMMUNE, parent=province
    )
    return World(province, district, commune_a, commune_b, commune_c)
