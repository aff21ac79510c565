"""API endpoints about the caller."""

from ninja import Router, Schema

from chinhquyenso.core import permissions

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
