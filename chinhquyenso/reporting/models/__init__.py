from .metadata import (  # noqa: F401
    Category,
    CategoryCombo,
    CategoryOption,
    CategoryOptionCombo,
    DataElement,
    DataSet,
    DataSetElement,
    Indicator,
    IndicatorGroup,
    IndicatorTarget,
    ValidationRule,
)
from .units import DataSetAssignment, OrgUnit  # noqa: F401
from .values import DataValue, Report  # noqa: F401
