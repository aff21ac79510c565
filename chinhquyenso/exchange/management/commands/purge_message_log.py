"""Drop stored messages older than EXCHANGE_LOG_RETENTION_DAYS; hashes and the chain stay."""

from django.core.management.base import BaseCommand

from chinhquyenso.exchange.services import purge_payloads


class Command(BaseCommand):
    help = "Remove message bodies past the retention period from the exchange log."

    def handle(self, *args, **options):
        count = purge_payloads()
        self.stdout.write(f"{count} stored messages removed; their hashes remain in the log.")
