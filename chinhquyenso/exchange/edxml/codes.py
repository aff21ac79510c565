"""Code lists of QCVN 102:2016: status codes, business types, priorities and the configurable lists.

SteeringType and DocumentType/Type are described differently by the sources (the standard, the
national hub's guide, LGSP vendors); their labels come from settings (docs/exchange.md).
"""

from django.conf import settings

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"
DSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"

DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"

# Status codes (Phụ lục of QCVN 102 / the national hub's guide).
ARRIVED = "01"
REFUSED = "02"
REGISTERED = "03"
WAITING_ASSIGNMENT = "04"
IN_PROGRESS = "05"
DONE = "06"
RECALL_REQUEST = "13"
RECALL_ACCEPTED = "15"
RECALL_REFUSED = "16"

STATUS_LABELS = {
    ARRIVED: "Đã đến",
    REFUSED: "Từ chối tiếp nhận",
    REGISTERED: "Đã tiếp nhận",
    WAITING_ASSIGNMENT: "Chờ phân công",
    IN_PROGRESS: "Đang xử lý",
    DONE: "Hoàn thành",
    RECALL_REQUEST: "Thu hồi",
    RECALL_ACCEPTED: "Đồng ý thu hồi",
    RECALL_REFUSED: "Từ chối thu hồi",
}
STATUS_CODES = frozenset(STATUS_LABELS)

# Business types (BussinessDocType; the standard spells "Bussiness").
NEW = 0
RECALL = 1
UPDATE = 2
REPLACE = 3
BUSINESS_TYPES = {NEW: "new", RECALL: "recall", UPDATE: "update", REPLACE: "replace"}

# Priority 0–4: thường, khẩn, thượng khẩn, hỏa tốc, hỏa tốc hẹn giờ.
PRIORITIES = range(0, 5)

DEFAULT_STEERING_TYPES = {
    0: "Văn bản thông thường",
    1: "Văn bản chỉ đạo, điều hành",
    2: "Văn bản báo cáo",
}
DEFAULT_DOCUMENT_TYPE_CODES = {
    1: "Văn bản hành chính",
    2: "Văn bản quy phạm pháp luật",
}


def steering_types() -> dict[int, str]:
    return dict(getattr(settings, "EXCHANGE_STEERING_TYPES", None) or DEFAULT_STEERING_TYPES)


def document_type_codes() -> dict[int, str]:
    configured = getattr(settings, "EXCHANGE_DOCUMENT_TYPE_CODES", None)
    return dict(configured or DEFAULT_DOCUMENT_TYPE_CODES)
