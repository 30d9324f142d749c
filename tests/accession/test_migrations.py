"""The signatories migration on data as it stood before it, on the database it runs on."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("accession", "0002_registry_search"),
    ("organizations", "0001_initial"),
    ("principles", "0001_initial"),
    ("accounts", "0003_cache_table"),
]
NOW = timezone.now()
LONG_AGO = NOW - datetime.timedelta(days=900)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def accession(apps, user, edition, **fields):
    return apps.get_model("accession", "Accession").objects.create(
        kind="individual",
        user=user,
        edition=edition,
        edition_fingerprint=edition.fingerprint,
        legal_name="Legal Name",
        public_name=fields.pop("public_name", "Public Name"),
        region="brest",
        accepts_principles=True,
        acts_peacefully=True,
        consents_to_processing=True,
        **fields,
    )


@pytest.fixture
def old_data(transactional_db):
    """Accessions as the first schema held them: the listing and the hiding on each one."""
    apps = migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Edition = apps.get_model("principles", "Edition")
    editions = [
        Edition.objects.create(
            number=number,
            language="en",
            status=status,
            title="Principles",
            introduction="Introduction",
            fingerprint=str(number) * 64,
        )
        for number, status in ((1, "superseded"), (2, "current"))
    ]
    counted, named, withdrawn = (User.objects.create(email=f"{n}@example.org") for n in "abc")
    # Approved as counted on edition 1, with a reaffirmation pending that asks for the full name.
    accession(apps, counted, editions[0], status="approved", approved_at=NOW, listing="counted")
    accession(apps, counted, editions[1], status="submitted", listing="full-name")
    # Listed by name: its permalink and badge are out in the world.
    listed = accession(
        apps,
        named,
        editions[1],
        status="approved",
        approved_at=NOW,
        listing="full-name",
        public_name="Listed Person",
    )
    # Approved long ago, withdrawn recently.
    gone = accession(
        apps,
        withdrawn,
        editions[1],
        status="withdrawn",
        approved_at=LONG_AGO,
        decided_at=LONG_AGO,
        listing="full-name",
    )
    yield {"counted": counted.pk, "listed": listed.public_id, "gone": gone.pk}
    migrate(latest())


@pytest.fixture
def migrated(old_data):
    return migrate(latest()), old_data


def test_a_reaffirmation_pending_does_not_name_someone_who_chose_to_be_counted(migrated):
    apps, old = migrated
    signatory = apps.get_model("accession", "Signatory").objects.get(user_id=old["counted"])

    assert signatory.listing == "counted"
    assert signatory.listed_name == ""


def test_a_listed_signatory_keeps_its_published_permalink(migrated):
    apps, old = migrated
    Signatory = apps.get_model("accession", "Signatory")

    signatory = Signatory.objects.get(public_id=old["listed"])

    assert signatory.listed_name == "Listed Person"


def test_a_withdrawal_closes_when_it_was_made_not_when_it_was_once_approved(migrated):
    apps, old = migrated
    gone = apps.get_model("accession", "Accession").objects.get(pk=old["gone"])

    assert gone.closed_at > LONG_AGO + datetime.timedelta(days=1)


def test_the_tally_counts_the_migrated_signatories(migrated):
    apps, _old = migrated
    Tally = apps.get_model("accession", "Tally")

    counts = {(t.kind, t.named): t.count for t in Tally.objects.all() if t.count}

    assert counts == {("individual", True): 1, ("individual", False): 1}
