"""Once after upgrading to a release that stores images without their metadata: the photos and
image attachments stored before it rewritten so (see selection.stored_photos)."""

from django.core.management.base import BaseCommand, CommandError

from selection import stored_photos


class Command(BaseCommand):
    help = (
        "Rewrite stored nomination photos, profile photos and image attachments that still carry "
        "EXIF, XMP, IPTC or comments (GPS position, camera, dates)."
    )

    def handle(self, *args, **options):
        done = stored_photos.clean_stored_photos()
        self.stdout.write(
            f"Rewritten without metadata: {done.nominations} nomination photos, "
            f"{done.profiles} profile photos, {done.attachments} image attachments."
        )
        if done.unreadable:
            # Not a failure: the portal shows a placeholder for them; a new upload replaces them.
            self.stderr.write(
                f"{len(done.unreadable)} stored files cannot be read (broken or missing) and "
                f"were left as they are; upload them anew: {', '.join(done.unreadable)}"
            )
        if done.failed:
            for line in done.failed:
                self.stderr.write(line)
            raise CommandError(f"{len(done.failed)} files could not be rewritten (listed above).")
