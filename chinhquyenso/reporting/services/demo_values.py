"""Plausible figures for the reporting demo, one seeded generator per unit: a commune keeps its
size, and its shares (online dossiers, fibre, digital signatures…) climb month after month from
its own starting point. Every "part ≤ whole" rule of the forms holds by construction."""

import decimal
import hashlib
import random

from ..models import OrgUnit
from ..periods import Period

D = decimal.Decimal


def rng(*key) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


class Profile:
    """What does not change for a commune: its size and where its shares start."""

    def __init__(self, unit: OrgUnit):
        r = rng("profile", unit.code)
        ward = "phường" in unit.name.lower()
        self.households = r.randint(6000, 16000) if ward else r.randint(2200, 9000)
        self.online = r.uniform(0.30, 0.50) + (0.08 if ward else 0)
        self.fibre = r.uniform(0.78, 0.9) + (0.06 if ward else 0)
        self.signature = r.uniform(0.25, 0.40)
        self.smartphone = r.uniform(0.74, 0.84)
        self.account = r.uniform(0.68, 0.80)
        self.skills = r.uniform(0.40, 0.52)
        self.remote = not ward and r.random() < 0.12


def _share(start: float, step: float, months: int, noise: float, r: random.Random) -> float:
    return max(0.0, min(0.98, start + step * months + r.uniform(-noise, noise)))


def monthly(unit: OrgUnit, profile: Profile, period: Period, months: int) -> list[tuple]:
    """(element, cell or None, number) of the monthly form; `months` since January of the
    first demo year."""
    r = rng("month", unit.code, period.id)
    seasonal = 0.85 if period.index in (1, 2) else 1.1 if period.index in (8, 12) else 1.0
    commune_level = round(profile.households / 28 * seasonal * r.uniform(0.85, 1.15))
    province_level = round(commune_level * r.uniform(0.22, 0.38))
    share = _share(profile.online, 0.016, months, 0.04, r)
    online_commune = round(commune_level * share)
    online_province = round(province_level * min(0.98, share + 0.1))
    return [
        ("TTHC_TIEP_NHAN", "THEO_THAM_QUYEN_TINH", province_level),
        ("TTHC_TIEP_NHAN", "THEO_THAM_QUYEN_XA", commune_level),
        ("TTHC_TRUC_TUYEN", "THEO_THAM_QUYEN_TINH", online_province),
        ("TTHC_TRUC_TUYEN", "THEO_THAM_QUYEN_XA", online_commune),
        ("CBCC_BOI_DUONG", None, r.randint(0, 14)),
        ("SU_CO_ATTT", None, 1 if r.random() < 0.05 else 0),
    ]


def six_monthly(unit: OrgUnit, profile: Profile, period: Period, halves: int) -> list[tuple]:
    """The entered elements of the six-monthly form of the resolution (stocks at the end of the
    half-year); `halves` since the first half of the first demo year."""
    r = rng("half", unit.code, period.id)
    households = round(profile.households * (1 + 0.006 * halves))
    adults = round(households * 3.05)
    working = round(adults * 0.71)
    inspections = r.randint(2, 9)
    fibre = _share(profile.fibre, 0.025, halves, 0.01, r)
    smartphone = _share(profile.smartphone, 0.02, halves, 0.01, r)
    account = _share(profile.account, 0.025, halves, 0.01, r)
    signature = _share(profile.signature, 0.05, halves, 0.01, r)
    skills = _share(profile.skills, 0.04, halves, 0.01, r)
    return [
        ("HOUSEHOLDS", None, households),
        ("HOUSEHOLDS_FIBRE", None, round(households * fibre)),
        ("COMMUNE_FIBRE", None, not (profile.remote and halves < 2)),
        ("ADULTS", None, adults),
        ("ADULTS_SMARTPHONE", None, round(adults * smartphone)),
        ("ADULTS_PAYMENT_ACCOUNT", None, round(adults * account)),
        ("ADULTS_DIGITAL_SIGNATURE", None, round(adults * signature)),
        ("WORKING_AGE", None, working),
        ("WORKING_AGE_DIGITAL_SKILLS", None, round(working * skills)),
        ("INSPECTIONS", None, inspections),
        ("INSPECTIONS_ONLINE", None, round(inspections * _share(0.4, 0.06, halves, 0.1, r))),
    ]


def yearly(year: int) -> list[tuple]:
    """The province's entered elements of the yearly form (its own figures, not summed)."""
    r = rng("year", year)
    regimes = 118 + r.randint(0, 6)
    inspections = r.randint(120, 160)
    sme = r.randint(5400, 6200)
    return [
        ("DATA_SHARED", None, True),
        ("REPORT_REGIMES", None, regimes),
        ("REPORT_REGIMES_CONNECTED", None, round(regimes * r.uniform(0.86, 0.93))),
        ("INSPECTIONS", None, inspections),
        ("INSPECTIONS_ONLINE", None, round(inspections * r.uniform(0.48, 0.56))),
        ("DATA_DRIVEN_LEADERSHIP", None, True),
        ("DIGITAL_ECONOMY_GRDP", None, D(str(round(r.uniform(12.0, 14.0), 1)))),
        ("DIGITAL_ECONOMY_SECTOR_MIN", None, D(str(round(r.uniform(5.5, 7.5), 1)))),
        ("LABOUR_PRODUCTIVITY_GROWTH", None, D(str(round(r.uniform(5.5, 6.8), 1)))),
        ("SME", None, sme),
        ("SME_DIGITAL", None, round(sme * r.uniform(0.6, 0.7))),
        ("NO_MOBILE_DEAD_ZONES", None, False),
        ("MOBILE_UNIVERSAL", None, True),
        ("FIBRE_5G_UNIVERSAL", None, False),
    ]


def fate(unit: OrgUnit, data_set_code: str, period: Period, recent: bool) -> tuple[str, int]:
    """What happened to a unit's report: ("on_time" | "late" | "missing", days before (−) or
    after (+) the due date it was sent). The latest period has more reports still missing."""
    r = rng("fate", unit.code, data_set_code, period.id)
    draw = r.random()
    missing = 0.25 if recent else 0.03
    if draw < missing:
        return "missing", 0
    if draw < missing + 0.09:
        return "late", r.randint(1, 12)
    return "on_time", -r.randint(0, 6)
