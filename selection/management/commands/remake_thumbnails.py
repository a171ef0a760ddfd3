"""Once after upgrading: the thumbnails of profiles published before thumbnails had a fixed size
(one file, of the photo's shape) cut anew to 360 × 480 with a 720 × 960 twin for dense screens."""

from django.core.management.base import BaseCommand

from selection import gallery


class Command(BaseCommand):
    help = "Cut both thumbnails of every published profile anew from its photo."

    def handle(self, *args, **options):
        made = gallery.remake_thumbnails()
        self.stdout.write(f"{made} published profiles have new thumbnails.")
