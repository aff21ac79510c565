"""Plain data of an edXML message and of a status message, independent of the XML."""

import datetime
from dataclasses import dataclass, field


@dataclass
class Organization:
    organ_id: str
    organ_name: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass
class ResponseFor:
    organ_id: str
    code: str
    promulgation_date: datetime.date | None
    document_id: str


@dataclass
class SignerInfo:
    competence: str = ""
    position: str = ""
    full_name: str = ""


@dataclass
class TraceHeader:
    organ_id: str
    timestamp: datetime.datetime


@dataclass
class Attachment:
    content_id: str
    name: str
    content: bytes
    content_type: str = "application/octet-stream"
    description: str = ""


@dataclass
class Business:
    doc_type: int = 0  # codes.NEW / RECALL / UPDATE / REPLACE
    reason: str = ""
    document_id: str = ""  # the earlier document this one updates or replaces
    paper: bool = False


@dataclass
class Message:
    """One edXML document message (QCVN 102:2016, MessageHeader + Manifest + attachments)."""

    sender: Organization
    recipients: list[Organization]
    code_number: str
    code_notation: str
    promulgation_place: str
    promulgation_date: datetime.date
    document_type: int
    type_name: str
    subject: str
    content: str = ""
    signer: SignerInfo = field(default_factory=SignerInfo)
    due_date: datetime.date | None = None
    priority: int = 0
    sphere_of_promulgation: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    appendixes: list[str] = field(default_factory=list)
    response_for: list[ResponseFor] = field(default_factory=list)
    steering_type: int = 0
    to_places: list[str] = field(default_factory=list)
    trace: list[TraceHeader] = field(default_factory=list)
    business: Business = field(default_factory=Business)
    attachments: list[Attachment] = field(default_factory=list)
    document_id: str = ""  # computed by the builder when empty

    @property
    def code(self) -> str:
        return (
            f"{self.code_number}/{self.code_notation}" if self.code_number else self.code_notation
        )


@dataclass
class StaffInfo:
    department: str = ""
    staff: str = ""
    mobile: str = ""
    email: str = ""


@dataclass
class StatusMessage:
    """A status message about an earlier document (01 arrived … 16 recall refused)."""

    sender: Organization
    response_for: ResponseFor
    status_code: str
    timestamp: datetime.datetime
    description: str = ""
    staff: StaffInfo = field(default_factory=StaffInfo)
    recipient: Organization | None = None
    trace: list[TraceHeader] = field(default_factory=list)
