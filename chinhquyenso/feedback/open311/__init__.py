"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the feedback services:
categories are "services", public reports are "service requests"."""
