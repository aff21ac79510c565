"""Rendering GeoReport v2 answers as JSON or XML: the same Python structure either way, the XML
element names of the specification (a list's items take the singular of the list's name)."""

import orjson
from django.http import HttpResponse
from lxml import etree

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of each item in a list, by the list's element name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(etree.SubElement(element, key), child)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(etree.SubElement(element, item_name), child)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = etree.Element(root)
    _fill(element, data)
    return etree.tostring(element, xml_declaration=True, encoding="utf-8")


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """`root` names the XML document element; JSON is the bare list or object."""
    body = orjson.dumps(data) if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The specification's error list: [{"code": 400, "description": "…"}]."""
    body = [{"code": status, "description": description}]
    return render(fmt if fmt in FORMATS else "json", "errors", body, status)
