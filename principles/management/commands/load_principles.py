from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from principles.loader import EditionFileError, load_editions


class Command(BaseCommand):
    help = (
        "Load every edition of the Principles from fixtures/ (or the given files and folders). "
        "Idempotent; refuses, writing nothing, to change the text of a published edition."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Edition files or folders (default: fixtures/)."
        )

    def handle(self, *args, paths, **options):
        try:
            changes = load_editions(paths or [settings.BASE_DIR / "fixtures"])
        except EditionFileError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        if not changes:
            self.stdout.write("Nothing changed: the editions in the database match the files.")
        for change in changes:
            self.stdout.write(self.style.SUCCESS(change[0].upper() + change[1:]))
