"""API endpoints of the core registry: administrative units and agencies."""

from ninja import Router

router = Router(tags=["registry"])
