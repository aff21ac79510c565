"""Queue today's deadline reminders (run daily from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from chinhquyenso.eoffice.tasks import deadline_reminders


class Command(BaseCommand):
    help = "Queue the deadline reminders of incoming-document assignments."

    def handle(self, *args, **options):
        result = deadline_reminders.enqueue()
        self.stdout.write(f"Queued reminder task {result.id}")
