"""`manage.py verify_audit`: walk the hash-chained audit log; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chinhquyenso.core.audit import verify_chain
from chinhquyenso.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log hash chain; exit code 1 names the first broken event."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(
                _("Audit chain broken at event %(id)s: %(reason)s")
                % {"id": broken.event_id, "reason": broken.reason},
                returncode=1,
            )
        count = AuditEvent.objects.count()
        self.stdout.write(_("Audit chain intact: %(count)s events") % {"count": count})
