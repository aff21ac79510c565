"""Template helpers for the page shell: the active navigation entry and the province name."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def nav_active(item_url: str, path: str) -> bool:
    """The entry whose URL is the current path or its prefix; home matches only itself."""
    if not item_url or not path:
        return False
    if item_url == "/":
        return path == "/"
    return path == item_url or path.startswith(item_url)


@register.simple_tag
def province_name() -> str:
    return getattr(settings, "PROVINCE_NAME", "Quảng Ngãi")
