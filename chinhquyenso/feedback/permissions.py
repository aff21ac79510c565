"""Permissions of the citizen feedback channel, registered into the core table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

FEEDBACK_PERMISSIONS: dict[str, frozenset[str]] = {
    # The categories (Open311 "services") are kept by the province's administrators.
    "feedback.manage_categories": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    # Citizens and businesses report for themselves.
    "feedback.report": frozenset({R.CITIZEN}),
    # The receiving agency's officers accept, route, transfer, refuse (and record phone-in reports).
    "feedback.receive": frozenset({R.ONE_STOP_OFFICER, R.LEADER, R.CLERK}),
    # The agency's people who handle a report and answer it.
    "feedback.handle": frozenset(
        {R.SPECIALIST, R.HEAD_OF_DEPARTMENT, R.LEADER, R.ONE_STOP_OFFICER}
    ),
    "feedback.view_statistics": frozenset({R.LEADER, R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
}
