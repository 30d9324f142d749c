import datetime
import logging

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accession.concerns.services import anonymise_closed
from accession.models import StatusCount, Tally
from accession.registry.public import reconcile_search_words
from privacy.services import anonymise_expired, forget_closed_claims, purge_transient

TASK_RESULT_DAYS = 7
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Anonymise rejected and withdrawn accessions closed more than RETENTION_DAYS ago, delete "
        "requests to represent an organization refused or withdrawn as long ago, anonymise "
        "concerns closed as long ago, prune finished task results, expired sessions, cache entries "
        "and unsent mail, and reconcile the registry's tally and search words and the review "
        "desk's counts. Idempotent; run it daily."
    )

    def handle(self, *args, **options):
        anonymised = anonymise_expired()
        forgotten = forget_closed_claims()
        concerns = anonymise_closed()
        cutoff = timezone.now() - datetime.timedelta(days=TASK_RESULT_DAYS)
        pruned, _ = DBTaskResult.objects.filter(
            finished_at__isnull=False, finished_at__lt=cutoff
        ).delete()
        purge_transient()
        # The tally is kept by one writer under locks; should anything ever slip past it, the
        # daily recount repairs it and says so.
        for (kind, named), (kept, true) in Tally.reconcile().items():
            logger.warning(
                "tally drift repaired: %s %s was %d, is %d",
                kind,
                "named" if named else "counted",
                kept,
                true,
            )
        for status, (kept, true) in StatusCount.reconcile().items():
            logger.warning("status count drift repaired: %s was %d, is %d", status, kept, true)
        # The words are parts of people's names: how many, never which.
        if words := reconcile_search_words():
            logger.warning("search words drift repaired: %d words", words)
        self.stdout.write(
            f"Anonymised {anonymised} closed accessions; deleted {forgotten} closed requests to "
            f"represent an organization; anonymised {concerns} closed concerns; pruned {pruned} "
            "finished task results."
        )
