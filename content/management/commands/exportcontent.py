from pathlib import Path

from django.core.management.base import BaseCommand

from content.services import content_pack_export


class Command(BaseCommand):
    help = "Write the content in the database as a canonical content pack."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        written = content_pack_export(path=Path(path))
        self.stdout.write(f"Wrote {len(written)} files to {path}")
