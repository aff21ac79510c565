"""Permissions of the assistance app, registered into the core permission table at start-up."""

from chinhquyenso.core.choices import Role

R = Role

ASSIST_PERMISSIONS: dict[str, frozenset[str]] = {
    # Officials who receive or handle documents may have a scan read; the job is theirs to watch.
    "assist.request_ocr": frozenset(
        {
            R.SYSTEM_ADMIN,
            R.AGENCY_ADMIN,
            R.CLERK,
            R.LEADER,
            R.HEAD_OF_DEPARTMENT,
            R.SPECIALIST,
            R.ONE_STOP_OFFICER,
        }
    ),
    # Watching anyone's OCR jobs (support and operations).
    "assist.view_all_ocr": frozenset({R.SYSTEM_ADMIN}),
}
