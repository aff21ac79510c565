"""`manage.py load_feedback_categories`: create or update the feedback categories (Open311
services) from data/feedback/categories.yaml. Every entry is checked before anything is written;
a second run changes nothing."""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency
from chinhquyenso.feedback.models import Category

DEFAULT_PATH = Path(settings.BASE_DIR) / "data" / "feedback" / "categories.yaml"
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
FIELDS = ("name", "group", "description", "keywords", "handling_days", "by_place", "agency",
          "order")  # fmt: skip


def read_categories(path: Path) -> list[dict]:
    """The categories of the file as Category field values, or CommandError saying what to fix."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    entries = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CommandError(f"{path}: expected a non-empty list under `categories:`.")
    agencies = {
        a.electronic_id: a
        for a in Agency.objects.filter(valid_to=None, electronic_id__in=[
            str(e.get("agency", "")) for e in entries if isinstance(e, dict)
        ])
    }  # fmt: skip
    rows, seen = [], set()
    for position, entry in enumerate(entries, start=1):
        where = f"{path.name}, category {position}"
        if not isinstance(entry, dict):
            raise CommandError(f"{where}: expected a mapping of fields.")
        code = str(entry.get("code", "")).strip()
        where = f"{path.name}, category {code or position}"
        if not CODE.fullmatch(code):
            raise CommandError(f"{where}: the code must be upper-case letters, digits and hyphens.")
        if code in seen:
            raise CommandError(f"{where}: the code appears twice.")
        seen.add(code)
        name = str(entry.get("name") or "").strip()
        if not name:
            raise CommandError(f"{where}: give the category a name.")
        days = entry.get("handling_days", 10)
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
            raise CommandError(f"{where}: handling_days must be a whole number from 1 to 60.")
        by_place = entry.get("by_place", True)
        if not isinstance(by_place, bool):
            raise CommandError(f"{where}: by_place must be true or false.")
        agency = agencies.get(str(entry.get("agency", "")).strip())
        if agency is None:
            raise CommandError(
                f"{where}: no agency in operation has the electronic identifier "
                f"“{entry.get('agency', '')}”; create it first (e.g. `manage.py load_demo_data`)."
            )
        rows.append({
            "code": code,
            "name": name[:200],
            "group": str(entry.get("group") or "").strip()[:100],
            "description": str(entry.get("description") or "").strip(),
            "keywords": str(entry.get("keywords") or "").strip()[:300],
            "handling_days": days,
            "by_place": by_place,
            "agency": agency,
            "order": position,
        })  # fmt: skip
    return rows


def load_categories(path: Path) -> dict[str, list[str]]:
    """Create the missing categories and update the changed ones; returns the codes of each."""
    rows = read_categories(path)
    done: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    with transaction.atomic():
        existing = {c.code: c for c in Category.objects.filter(code__in=[r["code"] for r in rows])}
        for row in rows:
            category = existing.get(row["code"])
            if category is None:
                Category.objects.create(**row)
                done["created"].append(row["code"])
                continue
            changed = [f for f in FIELDS if getattr(category, f) != row[f]]
            if not changed:
                done["unchanged"].append(row["code"])
                continue
            for name in changed:
                setattr(category, name, row[name])
            category.save(update_fields=changed)
            done["updated"].append(row["code"])
        if done["created"] or done["updated"]:
            core.audit_record(
                "feedback.categories.load", object_type="feedback.category",
                object_repr=path.name, after={k: done[k] for k in ("created", "updated")},
            )  # fmt: skip
    return done


class Command(BaseCommand):
    help = (
        "Create or update the feedback categories from data/feedback/categories.yaml "
        "(the receiving agencies must exist); running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PATH), help="the YAML file to load")

    def handle(self, *args, **options):
        done = load_categories(Path(options["file"]))
        self.stdout.write(
            f"Feedback categories: {len(done['created'])} created, {len(done['updated'])} "
            f"updated, {len(done['unchanged'])} unchanged."
        )
