"""Permissions of online public services, registered into the core table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

SERVICES_PERMISSIONS: dict[str, frozenset[str]] = {
    # The catalogue is kept by the province's procedure-control office (system/agency admins).
    "services.manage_catalogue": frozenset({R.SYSTEM_ADMIN, R.AGENCY_ADMIN}),
    # Citizens and businesses apply for themselves.
    "services.apply": frozenset({R.CITIZEN}),
    # The one-stop shop receives, checks, accepts or refuses, returns results.
    "services.receive": frozenset({R.ONE_STOP_OFFICER}),
    # Processing departments and leaders handle the steps; leaders approve and sign.
    "services.process": frozenset(
        {R.SPECIALIST, R.HEAD_OF_DEPARTMENT, R.LEADER, R.ONE_STOP_OFFICER}
    ),
    "services.approve": frozenset({R.LEADER}),
    "services.view_indicators": frozenset(
        {R.LEADER, R.SYSTEM_ADMIN, R.AGENCY_ADMIN, R.ONE_STOP_OFFICER}
    ),
}
