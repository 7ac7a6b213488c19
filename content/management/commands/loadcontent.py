from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.services import PackError, content_pack_load

CORE_PACK = Path(settings.BASE_DIR) / "content" / "packs" / "core"


class Command(BaseCommand):
    help = "Load a content pack (a folder of YAML files); atomic and idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CORE_PACK))
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, path: str, dry_run: bool, **options):
        pack = Path(path)
        if not pack.exists():
            raise CommandError(f"{pack}: no such file or folder")
        try:
            result = content_pack_load(path=pack, dry_run=dry_run)
        except PackError as exc:
            raise CommandError(f"Invalid content pack, nothing was loaded. {exc}") from exc
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{result}")
        for kind, (created, updated, unchanged) in sorted(result.by_kind.items()):
            self.stdout.write(
                f"  {kind}: {created} created, {updated} updated, {unchanged} unchanged"
            )
