"""Tell officers about overdue one-stop-shop steps and dossiers (run daily from cron or a timer)."""

from django.core.management.base import BaseCommand

from chinhquyenso.services.services import send_overdue_dossier_alerts


class Command(BaseCommand):
    help = "Notify officers of overdue dossier steps and dossiers past their appointment date."

    def handle(self, *args, **options):
        sent = send_overdue_dossier_alerts()
        self.stdout.write(f"Sent {sent} overdue alerts")
