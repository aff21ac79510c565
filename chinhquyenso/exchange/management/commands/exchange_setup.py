"""Prepare this instance for document exchange: instance key and the gateway account."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.core.models import Agency
from chinhquyenso.exchange.keys import instance_key
from chinhquyenso.exchange.services import ensure_gateway


class Command(BaseCommand):
    help = (
        "Create the instance's exchange key (if missing) and the gateway account, clerk over the "
        "given agency and those below it, acting as the given system administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin", required=True, help="username of a system administrator")
        parser.add_argument(
            "--agency", required=True, help="electronic identifier, e.g. 000.00.00.H48"
        )

    def handle(self, *args, admin, agency, **options):
        actor = get_user_model().objects.filter(username=admin).first()
        root = Agency.objects.filter(electronic_id=agency).first()
        if actor is None or root is None:
            raise CommandError("Unknown administrator or agency.")
        user = ensure_gateway(actor, root)
        key = instance_key()
        self.stdout.write(f"Gateway account: {user.username}")
        self.stdout.write(f"Instance certificate SHA-256: {key.fingerprint}")
