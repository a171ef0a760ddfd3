"""``makemessages`` without fuzzy matching: a new string comes out with an empty English
translation instead of a guess borrowed from a similar one. The guesses were accepted unread
in the past ("满意" became "Manchu", "好" "Female"); an empty one fails the translation test
until someone writes it."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
