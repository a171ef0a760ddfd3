from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, create_backup
from config.storage import STORE_ERRORS


class Command(BaseCommand):
    help = (
        "Write one archive of the portal: the database dump, every stored file of every storage"
        " but the static files, and a manifest of checksums (no settings, no secrets)."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", type=Path, help="write the archive to this path")
        target.add_argument(
            "--to-storage", metavar="ALIAS", help="write it under backups/ in this storage"
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="with --to-storage: keep only the newest N"
        )

    def handle(self, *args, output, to_storage, keep, **options):
        if keep and not to_storage:
            raise CommandError("--keep goes with --to-storage")
        try:
            summary = create_backup(
                output=output, to_storage=to_storage or "", keep=keep, progress=self.stdout.write
            )
        except (BackupError, *STORE_ERRORS) as error:
            # A wrong bucket or key is a line for the operator, not a traceback.
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {summary.archive} ({summary.files} files,"
                f" {summary.bytes} bytes of files, sha256 {summary.sha256})"
            )
        )
