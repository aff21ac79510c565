"""Verify the exchange message log: hashes, links, stored messages and instance signatures."""

from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.exchange.models import MessageLogEntry
from chinhquyenso.exchange.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash-chained, signed message log of document exchange."

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Message log broken at entry #{problem.entry_id}: {problem.reason}")
        count = MessageLogEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Message log intact: {count} entries verified."))
