"""Permissions of the reporting information system, registered into the core table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

REPORTING_PERMISSIONS: dict[str, frozenset[str]] = {
    # Report forms, data elements, indicators and targets are kept by the provincial
    # reporting office (the system or an agency administrator).
    "reporting.manage_metadata": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    # Specialists and clerks of a reporting unit enter its figures and submit the report.
    "reporting.enter_data": frozenset({R.SPECIALIST, R.CLERK, R.HEAD_OF_DEPARTMENT, R.LEADER}),
    # The unit's head approves (Nghị định 09/2019: the report is signed by the head).
    "reporting.approve": frozenset({R.LEADER}),
    # Dashboards and analysis of the unit and everything below it.
    "reporting.view": frozenset(
        {
            R.LEADER,
            R.HEAD_OF_DEPARTMENT,
            R.SPECIALIST,
            R.CLERK,
            R.SYSTEM_ADMIN,
            R.AGENCY_ADMIN,
        }
    ),
}
