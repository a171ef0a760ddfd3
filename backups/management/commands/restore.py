import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, fetch, restore_backup
from config.storage import STORE_ERRORS


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from an archive made by `backup`, then check"
        " them against its manifest. Refuses a database that has data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive's path (or its name, with --from-storage)")
        parser.add_argument(
            "--from-storage", metavar="ALIAS", help="read the archive from this storage"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace a database that has data, and its files"
        )
        parser.add_argument(
            "--files-only",
            action="store_true",
            help="restore the stored files only (the database recovered from WAL, for instance)",
        )

    def handle(self, *args, archive, from_storage, force, files_only, **options):
        try:
            with tempfile.TemporaryDirectory() as work:
                path = Path(archive)
                if from_storage:
                    path = fetch(from_storage, archive, Path(work) / Path(archive).name)
                manifest = restore_backup(
                    path, force=force, files_only=files_only, progress=self.stdout.write
                )
        except (BackupError, *STORE_ERRORS) as error:
            # A wrong bucket or key is a line for the operator, not a traceback.
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}. If this code is newer than"
                " the backup, run `manage.py migrate` next."
            )
        )
