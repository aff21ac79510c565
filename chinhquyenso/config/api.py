"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router from its api.py."""

from ninja import NinjaAPI

from chinhquyenso.core.api import router as core_router
from chinhquyenso.core.api_files import router as files_router
from chinhquyenso.identity.api import router as identity_router
from chinhquyenso.identity.api_auth import api_auth

api = NinjaAPI(
    title="Chính quyền số API",
    version="1.0.0",
    description="JSON API of the chinhquyenso platform. Authenticate with a personal access "
    "token: `Authorization: Bearer <token>` (create one at /identity/tokens/ or with "
    "`manage.py create_api_token USERNAME`).",
    urls_namespace="api",
    auth=api_auth,
)
api.add_router("/", identity_router)
api.add_router("/", core_router)
api.add_router("/files", files_router)
