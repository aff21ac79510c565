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
    # Outgoing documents (Điều 14–19): anyone in an agency drafts; heads review, leaders approve and
    # sign, clerks number and issue; leaders or clerks recall.
    "eoffice.draft_outgoing": frozenset({R.SPECIALIST, R.HEAD_OF_DEPARTMENT, R.LEADER, R.CLERK}),
    "eoffice.review_outgoing": frozenset({R.HEAD_OF_DEPARTMENT}),
    "eoffice.approve_outgoing": frozenset({R.LEADER}),
    "eoffice.issue_outgoing": frozenset({R.CLERK}),
    "eoffice.recall_outgoing": frozenset({R.CLERK, R.LEADER}),
    "eoffice.view_all_outgoing": frozenset({R.CLERK, R.LEADER}),
    # Work dossiers (Điều 28–31): every official keeps dossiers, the head of the agency approves the
    # file plan; the KPI is read by leaders and clerks of their agencies, platform-wide by admins.
    "eoffice.manage_dossiers": frozenset({R.CLERK, R.LEADER, R.HEAD_OF_DEPARTMENT, R.SPECIALIST}),
    "eoffice.approve_fileplan": frozenset({R.LEADER}),
    "eoffice.view_kpi": frozenset({R.LEADER, R.CLERK, R.SYSTEM_ADMIN}),
}
