"""Permissions of document exchange, registered into the core table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

EXCHANGE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Partners, the organisation directory and credentials: system administrators only.
    "exchange.manage_partners": frozenset({R.SYSTEM_ADMIN}),
    # The exchange log of an agency: its clerks and leaders; platform-wide for administrators.
    "exchange.view_log": frozenset({R.SYSTEM_ADMIN, R.CLERK, R.LEADER}),
    # Answering a recall request that could not be accepted automatically.
    "exchange.decide_recall": frozenset({R.CLERK}),
}
