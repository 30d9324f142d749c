import pytest
from django.core.management import call_command

from accession.models import Signatory, Status, Tally
from organizations.models import Organization
from tests.factories import AccessionFactory, OrganizationAccessionFactory

pytestmark = pytest.mark.django_db


def test_seeding_again_with_clear_replaces_the_demo_data_instead_of_failing(edition_1):
    call_command("seed_demo", signatories=30, verbosity=0)

    call_command("seed_demo", signatories=20, clear=True, verbosity=0)

    assert Organization.objects.count() == 2
    assert not Signatory.objects.filter(accessions__isnull=True).exists()
    assert Tally.true_counts() == {
        (row.kind, row.named): row.count for row in Tally.objects.all() if row.count
    }


def test_bulk_seeded_signatories_carry_exactly_what_derive_sets_from_their_approved_accession(
    edition_1,
):
    call_command("seed_demo", signatories=120, verbosity=0)

    signatories = Signatory.objects.select_related("organization").prefetch_related("accessions")
    assert signatories.count() == 120
    for seeded in signatories:
        expected = Signatory(
            kind=seeded.kind,
            listing=seeded.listing,
            hidden_at=seeded.hidden_at,
            organization=seeded.organization,
        )
        (accession,) = seeded.accessions.all()
        expected.derive(accession if accession.status == Status.APPROVED else None)
        assert [
            seeded.accession_id,
            seeded.listed_name,
            seeded.listed_region,
            seeded.search_text,
            seeded.acceded_at,
        ] == [
            expected.accession_id,
            expected.listed_name,
            expected.listed_region,
            expected.search_text,
            expected.acceded_at,
        ]


def test_clearing_the_demo_data_keeps_everyone_elses_accounts_and_signatures(edition_1):
    person = AccessionFactory(status=Status.APPROVED)
    organization = OrganizationAccessionFactory(status=Status.APPROVED)
    call_command("seed_demo", signatories=30, verbosity=0)

    call_command("seed_demo", signatories=0, clear=True, verbosity=0)

    assert set(Signatory.objects.all()) == {person.signatory, organization.signatory}
    assert Organization.objects.get() == organization.organization
    assert Tally.true_counts() == {("individual", True): 1, ("organization", True): 1}
