"""Template context shared by every page: the navigation of building blocks for this user."""

from .navigation import menu_for


def navigation(request):
    return {"nav_items": menu_for(getattr(request, "user", None))}
