"""makemessages that also extracts strings marked with the lazy aliases used in the code."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Some modules import gettext_lazy as _l, _lazy or L; xgettext only extracts the names it is
    # given, so without these their labels never reached the catalogue and stayed English.
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_l",
        "--keyword=_lazy",
        "--keyword=L",
    ]
