"""Queue today's reminders of citizen reports due or overdue (run daily from cron or a timer)."""

from django.core.management.base import BaseCommand

from chinhquyenso.feedback.tasks import due_reminders


class Command(BaseCommand):
    help = "Queue the reminders of accepted citizen reports due on the next working day or overdue."

    def handle(self, *args, **options):
        result = due_reminders.enqueue()
        self.stdout.write(f"Queued reminder task {result.id}")
