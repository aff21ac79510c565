"""Permissions of the e-office, registered into the core permission table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

EOFFICE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Clerks register and present; leaders see everything that arrived at their agency.
    "eoffice.register_incoming": frozenset({R.CLERK}),
    "eoffice.view_all_incoming": frozenset({R.CLERK, R.LEADER}),
    "eoffice.assign_incoming": frozenset({R.LEADER}),
    "eoffice.reassign_incoming": frozenset({R.HEAD_OF_DEPARTMENT, R.LEADER}),
    # Copies (sao y, trích sao, sao lục; Điều 25–27) are made and numbered by the clerk.
    "eoffice.make_copy": frozenset({R.CLERK}),
}
