"""Attempt every exchange delivery whose retry time has come (cron, or --loop as a service)."""

import time

from django.core.management.base import BaseCommand

from chinhquyenso.exchange.services import deliver_due


class Command(BaseCommand):
    help = "Deliver queued and due edXML messages; with --loop, keep doing it every --interval s."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=10.0)
        parser.add_argument("--max-seconds", type=float, default=0, help="stop a loop after this")

    def handle(self, *args, loop=False, interval=10.0, max_seconds=0, **options):
        started = time.monotonic()
        while True:
            count = deliver_due()
            if count:
                self.stdout.write(f"{count} deliveries attempted")
            if not loop or (max_seconds and time.monotonic() - started > max_seconds):
                return
            time.sleep(interval)
