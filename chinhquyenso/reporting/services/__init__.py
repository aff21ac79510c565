"""The door of the reporting app: every write goes through these modules."""

from .metadata import (  # noqa: F401
    ElementData,
    IndicatorData,
    assign_data_set,
    default_option_combo,
    save_data_element,
    save_data_set,
    save_indicator,
    save_validation_rule,
    set_target,
)
from .units import (  # noqa: F401
    can,
    descendants,
    require_unit,
    save_org_unit,
    sync_from_agencies,
    units_with_perm,
)
