from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accession.review import imports
from accounts.models import User
from accounts.policy import is_coordinator


class Command(BaseCommand):
    help = (
        "Carry over earlier accessions from a CSV file (its columns are described on the review "
        "desk's import page). All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, UTF-8, comma- or semicolon-separated.")
        parser.add_argument(
            "--coordinator",
            required=True,
            help="E-mail address of the importing coordinator, recorded as the actor.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change."
        )

    def handle(self, *args, file, coordinator, dry_run, **options):
        user = User.objects.filter(email__iexact=coordinator).first()
        if user is None or not is_coordinator(user):
            raise CommandError("No coordinator has this e-mail address.")
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error.strerror}.") from error
        try:
            result = imports.carry_over(user, data, dry_run=dry_run)
        except imports.ImportFailed as error:
            raise CommandError(str(error)) from error
        if result.problems:
            for problem in result.problems:
                where = f"line {problem.line}" + (f", {problem.column}" if problem.column else "")
                self.stderr.write(f"{where}: {problem.message}")
            raise CommandError(f"{len(result.problems)} problem(s). Nothing was written.")
        # Line numbers, not names: this output may end up in a log.
        new = "would be imported" if dry_run else "imported"
        for row in result.rows:
            action = "already imported, unchanged" if row.existing else new
            self.stdout.write(f"line {row.line}: {row.kind}, {row.acceded:%Y-%m-%d}: {action}")
        summary = f"{len(result.new)} {new}, {len(result.existing)} unchanged."
        if dry_run:
            summary += " Dry run: nothing was written."
        self.stdout.write(self.style.SUCCESS(summary))
