import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accession.services import anonymise_expired
from accounts.services import purge_transient

TASK_RESULT_DAYS = 7


class Command(BaseCommand):
    help = (
        "Anonymise rejected and withdrawn accessions older than RETENTION_DAYS and prune "
        "finished task results. Idempotent; run it daily."
    )

    def handle(self, *args, **options):
        anonymised = anonymise_expired()
        cutoff = timezone.now() - datetime.timedelta(days=TASK_RESULT_DAYS)
        pruned, _ = DBTaskResult.objects.filter(
            finished_at__isnull=False, finished_at__lt=cutoff
        ).delete()
        purge_transient()
        self.stdout.write(
            f"Anonymised {anonymised} closed accessions; pruned {pruned} finished task results."
        )
