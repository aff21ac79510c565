"""API endpoints about the caller: who am I, and my personal access tokens."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from chinhquyenso.core import permissions

from . import tokens

router = Router(tags=["identity"])


class RoleOut(Schema):
    role: str
    agency_id: int | None
    department_id: int | None
    include_descendants: bool


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    agency_id: int | None
    agency: str | None
    department: str | None
    roles: list[RoleOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    is_active: bool


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(Schema):
    name: str
    days: int | None = None


class TokenErrorOut(Schema):
    detail: str


@router.get("/me", response=MeOut, summary="The caller: username, agency and roles")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "full_name": str(user),
        "kind": user.kind,
        "agency_id": user.agency_id,
        "agency": user.agency.name if user.agency_id else None,
        "department": user.department.name if user.department_id else None,
        "roles": [
            {
                "role": a.role,
                "agency_id": a.agency_id,
                "department_id": a.department_id,
                "include_descendants": a.include_descendants,
            }
            for a in permissions.roles_of(user)
        ],
    }


@router.get("/tokens", response=list[TokenOut], summary="The caller's personal access tokens")
def list_tokens(request):
    return list(tokens.tokens_of(request.user))


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, 422: TokenErrorOut},
    summary="Create a personal access token; the clear token is in this answer only",
)
def create_token(request, payload: TokenIn):
    try:
        expires_at = tokens.expiry_after_days(payload.days)
        token, clear = tokens.issue_token(request.user, payload.name, expires_at)
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    token.token = clear
    return Status(201, token)


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 404: TokenErrorOut},
    summary="Revoke one of the caller's tokens",
)
def revoke_token(request, token_id: int):
    if not tokens.revoke_token(request.user, token_id):
        raise HttpError(404, _("No such active token."))
    return Status(204, None)
