"""Enumerations of the core registry, labelled in the user's language (Vietnamese first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CENTRAL_CITY = "central_city", _("Centrally-run city")
    DISTRICT = "district", _("District")
    URBAN_DISTRICT = "urban_district", _("Urban district")
    TOWN = "town", _("District-level town")
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    SPECIAL_ZONE = "special_zone", _("Special zone")


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Party agency")
    STATE = "state", _("State agency")
    FRONT = "front", _("Fatherland Front")
    SOCIOPOLITICAL = "sociopolitical", _("Socio-political organisation")


class UserKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    CITIZEN = "citizen", _("Citizen")
    BUSINESS = "business", _("Business")


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    CLERK = "clerk", _("Clerk")
    LEADER = "leader", _("Leader")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Head of department")
    SPECIALIST = "specialist", _("Specialist")
    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop-shop officer")
    CITIZEN = "citizen", _("Citizen")


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Declared day off")
    WORKING_DAY = "working_day", _("Make-up working day")
