"""The door of the reporting app: every write goes through these modules."""

from .entry import (  # noqa: F401
    BatchResult,
    RowError,
    SaveResult,
    Strategy,
    ValuesRefused,
    save_value,
    save_values,
)
from .entry_state import EntryState, State, entry_state, report_dates, report_for  # noqa: F401
from .entry_values import parse_value  # noqa: F401
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
from .metadata_combos import cells_of, save_category, save_category_combo  # noqa: F401
from .metadata_expressions import (  # noqa: F401
    ExpressionCheck,
    check_expression,
    require_valid_expression,
)
from .metadata_forms import (  # noqa: F401
    create_data_element,
    delete_rule,
    parse_rows,
    rows_text,
    save_form,
    save_rule,
    update_data_element,
)
from .metadata_indicators import delete_target, save_indicator_checked, save_target  # noqa: F401
from .metadata_units import (  # noqa: F401
    assign_to_units,
    create_org_unit,
    unassign_units,
    unit_tree,
    update_org_unit,
)
from .report_drafts import create_report_draft  # noqa: F401
from .units import (  # noqa: F401
    can,
    descendants,
    require_unit,
    save_org_unit,
    sync_from_agencies,
    units_with_perm,
)
from .validation import Violation, form_values, run_rules  # noqa: F401
from .workflow import approve, freeze_automatic, reopen, return_report, submit  # noqa: F401
from .workflow_completeness import (  # noqa: F401
    Completeness,
    completeness,
    expected_units,
    my_reports,
)
from .workflow_reminders import send_reporting_reminders  # noqa: F401
