"""The door of the online-public-services app: every write goes through these modules."""

from .notifications import notify_applicant  # noqa: F401
