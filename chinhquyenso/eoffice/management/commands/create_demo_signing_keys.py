"""`manage.py create_demo_signing_keys`: a throwaway CA and keys for the demo leader and office.

Runs after `load_demo_data` (it needs the users `admin` and `lanhdao`). The CA is kept under
VAR_DIR/demo-ca and its certificate written into the trust roots, so demo signatures verify as
valid. Idempotent: an owner that already has an active key keeps it. Never use these keys for real.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.eoffice.demo_signing import DemoAuthority, seal_png, signature_png
from chinhquyenso.eoffice.services import signing

DEMO_PASSPHRASE = "Demo-KySo-2025"
TRUST_ROOT_FILE = "chinhquyenso-demo-ca.pem"


def demo_authority() -> DemoAuthority:
    """The demo CA, created once and reused so earlier demo signatures keep verifying."""
    directory = Path(settings.VAR_DIR) / "demo-ca"
    certificate_path, key_path = directory / "ca.pem", directory / "ca-key.pem"
    if certificate_path.exists() and key_path.exists():
        authority = DemoAuthority.load(certificate_path.read_bytes(), key_path.read_bytes())
    else:
        authority = DemoAuthority.create()
        directory.mkdir(parents=True, exist_ok=True)
        key_path.touch(mode=0o600)
        key_path.write_bytes(authority.key_pem)
        certificate_path.write_bytes(authority.certificate_pem)
    roots = Path(settings.SIGNATURE_TRUST_ROOTS_DIR)
    roots.mkdir(parents=True, exist_ok=True)
    (roots / TRUST_ROOT_FILE).write_bytes(authority.certificate_pem)
    return authority


class Command(BaseCommand):
    help = "Create a demo CA (not for real use) and signing keys for lanhdao and his office."

    def handle(self, *args, **options):
        users = get_user_model().objects.select_related("agency")
        admin = users.filter(username="admin").first()
        leader = users.filter(username="lanhdao").first()
        if admin is None or leader is None or leader.agency is None:
            raise CommandError("Run `manage.py load_demo_data` first (users admin and lanhdao).")
        authority = demo_authority()
        agency = leader.agency
        if signing.active_credential(user=leader) is None:
            name = str(leader)
            signing.add_credential(
                admin,
                user=leader,
                label=f"{name} (DEMO)",
                pkcs12_bytes=authority.issue_pkcs12(name, agency.name, DEMO_PASSPHRASE),
                passphrase=DEMO_PASSPHRASE,
                image_upload=SimpleUploadedFile("chu-ky-lanhdao.png", signature_png(name)),
            )
            self.stdout.write(f"Signing key created for {leader.username}.")
        if signing.active_credential(agency=agency) is None:
            signing.add_credential(
                admin,
                agency=agency,
                label=f"{agency.name} (DEMO)",
                pkcs12_bytes=authority.issue_pkcs12(agency.name, agency.name, DEMO_PASSPHRASE),
                passphrase=DEMO_PASSPHRASE,
                image_upload=SimpleUploadedFile("con-dau.png", seal_png(agency.name)),
            )
            self.stdout.write(f"Signing key created for {agency.name}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo signing keys ready; their password is {DEMO_PASSPHRASE} "
                "(demo CA only, never for real documents)."
            )
        )
