"""Remind dossier keepers 30 days before a closed dossier is due at the archive (run daily)."""

from django.core.management.base import BaseCommand

from chinhquyenso.eoffice.services import send_dossier_handover_reminders


class Command(BaseCommand):
    help = "Notify keepers of closed work dossiers due for hand-over within 30 days (once each)."

    def handle(self, *args, **options):
        sent = send_dossier_handover_reminders()
        self.stdout.write(f"Sent {sent} hand-over reminders")
