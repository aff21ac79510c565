"""manage.py create_api_token USERNAME [--name NAME] [--days N]: print a new personal token."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chinhquyenso.identity import tokens


class Command(BaseCommand):
    help = "Create a personal access token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Validity in days.")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user with the username “%(name)s”.") % {"name": username})
        try:
            token, clear = tokens.issue_token(user, name, tokens.expiry_after_days(days))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(_("This account is disabled; no token was created.")) from exc
        self.stdout.write(clear)
