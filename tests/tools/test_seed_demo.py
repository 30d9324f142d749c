import pytest
from django.core.management import call_command

from accession.models import Signatory, Tally
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_seeding_again_with_clear_replaces_the_demo_data_instead_of_failing(edition_1):
    call_command("seed_demo", signatories=30, verbosity=0)

    call_command("seed_demo", signatories=20, clear=True, verbosity=0)

    assert Organization.objects.count() == 2
    assert not Signatory.objects.filter(accessions__isnull=True).exists()
    assert Tally.true_counts() == {
        (row.kind, row.named): row.count for row in Tally.objects.all() if row.count
    }
