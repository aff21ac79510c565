"""Importing administrative units before and after the 1 July 2025 reform from the CSV mapping.

The import is idempotent: a unit is identified by (GSO code, valid_from), so a second run finds
every unit and link already in place and changes nothing.
"""

import csv
import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import record
from ..choices import UnitKind, UnitLevel
from ..models import AdministrativeUnit, UnitSuccession
from ..permissions import require

DEFAULT_MAPPING_FILE = (
    Path(settings.BASE_DIR)
    / "data"
    / "admin-units"
    / "admin-units-2025-mapping-quang-ngai-kon-tum.csv"
)
REFORM_DATE = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DATE - datetime.timedelta(days=1)
COMMUNE_REFORM_BASIS = "Nghị quyết 1677/NQ-UBTVQH15"
PROVINCE_MERGER_BASIS = "Nghị quyết 202/2025/QH15"

COLUMNS = (
    "old_province_code",
    "old_province_name",
    "old_district_code",
    "old_district_name",
    "old_commune_code",
    "old_commune_name",
    "new_province_code",
    "new_commune_code",
    "new_commune_name",
)
# Longest prefix first: "Thị trấn" and "Thị xã" must not be read as something shorter.
DISTRICT_PREFIXES = (
    ("Thành phố", UnitKind.PROVINCIAL_CITY),
    ("Thị xã", UnitKind.TOWN),
    ("Huyện", UnitKind.DISTRICT),
)
COMMUNE_PREFIXES = (
    ("Thị trấn", UnitKind.TOWNSHIP),
    ("Đặc khu", UnitKind.SPECIAL_ZONE),
    ("Phường", UnitKind.WARD),
    ("Xã", UnitKind.COMMUNE),
)

UnitKey = tuple[str, datetime.date | None]


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    level: int
    parent_key: UnitKey | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def key(self) -> UnitKey:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: UnitKey
    successor: UnitKey
    legal_basis: str
    effective_date: datetime.date = REFORM_DATE


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_unchanged: int = 0
    changed_codes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created + self.units_updated + self.links_created + self.links_updated
        )

    def as_dict(self) -> dict:
        return {
            "units_created": self.units_created,
            "units_updated": self.units_updated,
            "units_unchanged": self.units_unchanged,
            "links_created": self.links_created,
            "links_updated": self.links_updated,
            "links_unchanged": self.links_unchanged,
        }


def kind_from_name(name: str, prefixes, line: int) -> tuple[str, str]:
    """The unit kind read from its name's prefix, and the name with the prefix spelled canonically.

    The source writes "Thị Trấn Châu Ổ" once; matching ignores case and the stored name uses the
    standard spelling "Thị trấn".
    """
    for prefix, kind in prefixes:
        if name.casefold().startswith(prefix.casefold() + " "):
            return kind, prefix + name[len(prefix) :]
    raise ValidationError(
        _("Line %(line)d: the name “%(name)s” does not start with a known unit kind.")
        % {"line": line, "name": name}
    )


class _Plan:
    """Units and links the file describes, keyed by (code, valid_from), checked for conflicts."""

    def __init__(self):
        self.units: dict[UnitKey, UnitSpec] = {}
        self.links: dict[tuple[UnitKey, UnitKey], SuccessionSpec] = {}

    def add_unit(self, spec: UnitSpec, line: int) -> None:
        known = self.units.get(spec.key)
        if known is not None and known != spec:
            raise ValidationError(
                _("Line %(line)d: unit %(code)s is described differently on an earlier line.")
                % {"line": line, "code": spec.code}
            )
        self.units[spec.key] = spec

    def add_link(self, spec: SuccessionSpec) -> None:
        self.links[(spec.predecessor, spec.successor)] = spec


def _plan_row(plan: _Plan, row: dict[str, str], line: int) -> None:
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for required in (
        "old_province_code",
        "old_district_code",
        "new_province_code",
        "new_commune_code",
    ):
        if not values[required]:
            raise ValidationError(
                _("Line %(line)d: column %(column)s is empty.") % {"line": line, "column": required}
            )
    old_province = values["old_province_code"]
    new_province = values["new_province_code"]
    continuing = old_province == new_province
    province_key = (old_province, None)
    plan.add_unit(
        UnitSpec(
            code=old_province,
            name=values["old_province_name"],
            kind=UnitKind.PROVINCE,
            level=UnitLevel.PROVINCE,
            parent_key=None,
            valid_from=None,
            valid_to=None if continuing else LAST_DAY_BEFORE_REFORM,
        ),
        line,
    )
    if not continuing:
        plan.add_link(SuccessionSpec(province_key, (new_province, None), PROVINCE_MERGER_BASIS))

    district_kind, district_name = kind_from_name(
        values["old_district_name"], DISTRICT_PREFIXES, line
    )
    district = UnitSpec(
        code=values["old_district_code"],
        name=district_name,
        kind=district_kind,
        level=UnitLevel.DISTRICT,
        parent_key=province_key,
        valid_from=None,
        valid_to=LAST_DAY_BEFORE_REFORM,
    )
    plan.add_unit(district, line)

    new_kind, new_name = kind_from_name(values["new_commune_name"], COMMUNE_PREFIXES, line)
    new_unit = UnitSpec(
        code=values["new_commune_code"],
        name=new_name,
        kind=new_kind,
        level=UnitLevel.COMMUNE,
        parent_key=(new_province, None),
        valid_from=REFORM_DATE,
        valid_to=None,
    )
    plan.add_unit(new_unit, line)

    # A district without a commune level (Huyện Lý Sơn) is one row with no old commune: the
    # district itself is the predecessor of the new unit (Đặc khu Lý Sơn).
    predecessor = district
    if values["old_commune_code"]:
        old_kind, old_name = kind_from_name(values["old_commune_name"], COMMUNE_PREFIXES, line)
        predecessor = UnitSpec(
            code=values["old_commune_code"],
            name=old_name,
            kind=old_kind,
            level=UnitLevel.COMMUNE,
            parent_key=district.key,
            valid_from=None,
            valid_to=LAST_DAY_BEFORE_REFORM,
        )
        plan.add_unit(predecessor, line)
    plan.add_link(SuccessionSpec(predecessor.key, new_unit.key, COMMUNE_REFORM_BASIS))


def read_mapping(path: Path) -> _Plan:
    plan = _Plan()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(
                _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        for line, row in enumerate(reader, start=2):
            _plan_row(plan, row, line)
    for spec in plan.units.values():
        if spec.parent_key is not None and spec.parent_key not in plan.units:
            raise ValidationError(
                _("Unit %(code)s names a parent %(parent)s that the file does not describe.")
                % {"code": spec.code, "parent": spec.parent_key[0]}
            )
    return plan


def _apply_units(plan: _Plan, result: ImportResult) -> dict[UnitKey, AdministrativeUnit]:
    codes = {code for code, _start in plan.units}
    stored = {
        (unit.code, unit.valid_from): unit
        for unit in AdministrativeUnit.objects.filter(code__in=codes)
    }
    # Parents first: levels run province (1) → district (2) → commune (3).
    for spec in sorted(plan.units.values(), key=lambda s: (s.level, s.code, str(s.valid_from))):
        wanted = {
            "name": spec.name,
            "kind": spec.kind,
            "level": spec.level,
            "parent_id": stored[spec.parent_key].pk if spec.parent_key else None,
            "valid_to": spec.valid_to,
        }
        unit = stored.get(spec.key)
        if unit is None:
            unit = AdministrativeUnit(code=spec.code, valid_from=spec.valid_from, **wanted)
            unit.save()
            stored[spec.key] = unit
            result.units_created += 1
            continue
        changes = {name: value for name, value in wanted.items() if getattr(unit, name) != value}
        if not changes:
            result.units_unchanged += 1
            continue
        for name, value in changes.items():
            setattr(unit, name, value)
        unit.save()
        result.units_updated += 1
        result.changed_codes.append(spec.code)
    return stored


def _apply_links(
    plan: _Plan, units: dict[UnitKey, AdministrativeUnit], result: ImportResult
) -> None:
    predecessor_ids = {units[pred].pk for pred, _succ in plan.links}
    stored = {
        (link.predecessor_id, link.successor_id): link
        for link in UnitSuccession.objects.filter(predecessor_id__in=predecessor_ids)
    }
    for (pred_key, succ_key), spec in sorted(plan.links.items(), key=lambda item: str(item[0])):
        pair = (units[pred_key].pk, units[succ_key].pk)
        link = stored.get(pair)
        if link is None:
            UnitSuccession.objects.create(
                predecessor_id=pair[0],
                successor_id=pair[1],
                effective_date=spec.effective_date,
                legal_basis=spec.legal_basis,
            )
            result.links_created += 1
        elif (link.effective_date, link.legal_basis) != (spec.effective_date, spec.legal_basis):
            link.effective_date = spec.effective_date
            link.legal_basis = spec.legal_basis
            link.save(update_fields=["effective_date", "legal_basis"])
            result.links_updated += 1
        else:
            result.links_unchanged += 1


def import_admin_units(path: Path | str | None = None, *, user=None) -> ImportResult:
    """Create or update units and succession links from the mapping file.

    `user=None` means the system (the management command); a user needs `core.manage_units`.
    One audit event summarises a run that changed something; a run that changes nothing writes
    nothing, so running the import twice leaves the database as the first run left it.
    """
    if user is not None:
        require(user, "core.manage_units")
    path = Path(path) if path else DEFAULT_MAPPING_FILE
    if not path.is_file():
        raise ValidationError(_("The file %(path)s does not exist.") % {"path": path})
    plan = read_mapping(path)
    result = ImportResult()
    with transaction.atomic():
        units = _apply_units(plan, result)
        _apply_links(plan, units, result)
        if result.changed:
            record(
                "core.units.import",
                actor=user,
                object_type=AdministrativeUnit._meta.label_lower,
                object_repr=path.name,
                after={
                    **result.as_dict(),
                    "source": path.name,
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "updated_codes": sorted(set(result.changed_codes)),
                },
            )
    return result
