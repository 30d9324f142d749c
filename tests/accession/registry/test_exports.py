"""The CSV and JSON exports at scale: streamed in chunks from one transaction, a limited number at
once per web process so that downloads never take every thread from the pages."""

import codecs
import csv
import datetime
import gc
import io
import json

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from django.utils import timezone

from accession.models import Status
from accession.registry import public, views
from tests.factories import AccessionFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["open_data:csv", "open_data:json"]


def approved(count):
    moment = timezone.now()
    return [
        AccessionFactory(
            status=Status.APPROVED,
            approved_at=moment - datetime.timedelta(days=n),
            public_name=f"Person {n}",
        )
        for n in range(count)
    ]


def parsed(name, content):
    if name == "open_data:csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))[1:]
    return json.loads(content)


@pytest.fixture
def every_slot_free():
    yield
    gc.collect()
    assert views._export_slots.acquire(blocking=False), "an export kept its slot"
    views._export_slots.release()


# Chunks


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_sends_many_rows_per_chunk_not_one_write_per_row(client, edition_1, name):
    approved(8)

    chunks = list(client.get(reverse(name)).streaming_content)

    assert len(chunks) <= 2
    assert len(parsed(name, b"".join(chunks))) == 8


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_s_chunks_grow_from_the_first_chunk_size_to_the_chunk_size(
    client, edition_1, name, monkeypatch
):
    monkeypatch.setattr(views, "FIRST_CHUNK", 300)
    monkeypatch.setattr(views, "CHUNK", 1200)
    approved(30)

    chunks = list(client.get(reverse(name)).streaming_content)

    sizes = [len(chunk.decode()) for chunk in chunks]
    limits = [300, 600] + [1200] * len(chunks)
    assert len(chunks) > 3
    assert all(size >= limit for size, limit in zip(sizes[:-1], limits, strict=False))
    assert sizes[0] < 600
    assert len(parsed(name, b"".join(chunks))) == 30


def test_the_csv_in_chunks_keeps_one_byte_order_mark_at_the_start(client, edition_1, monkeypatch):
    monkeypatch.setattr(views, "FIRST_CHUNK", 300)
    approved(8)

    content = b"".join(client.get(reverse("open_data:csv")).streaming_content)

    assert content.startswith(codecs.BOM_UTF8)
    assert content.count(codecs.BOM_UTF8) == 1


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_lists_signatories_oldest_first(client, edition_1, name):
    accessions = approved(4)

    items = parsed(name, b"".join(client.get(reverse(name)).streaming_content))

    ids = [item[0] if name == "open_data:csv" else item["id"] for item in items]
    assert ids == [a.signatory.public_id for a in reversed(accessions)]


# One transaction, closed whatever happens


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_export_reads_a_few_rows_first_then_large_batches(client, edition_1, monkeypatch):
    approved(5)
    monkeypatch.setattr(views, "FIRST_ROWS", 2)
    monkeypatch.setattr(views, "BATCH", 3)
    sizes = []
    delegate = CursorWrapper.__getattr__

    def spied(cursor, name):
        found = delegate(cursor, name)
        if name != "fetchmany":
            return found
        return lambda size: sizes.append(size) or found(size)

    monkeypatch.setattr(CursorWrapper, "__getattr__", spied)

    items = parsed(
        "open_data:csv", b"".join(client.get(reverse("open_data:csv")).streaming_content)
    )

    assert (sizes, len(items)) == ([2, 3, 3], 5)


@postgresql_only
def test_an_export_s_rows_are_the_public_rows_field_for_field(edition_1):
    approved(3)
    ordered = public.listed_signatories().order_by("acceded_at", "public_id")

    assert list(views._ordered_rows(ordered)) == list(public.rows(ordered))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_reads_every_row_inside_one_transaction(client, edition_1, name, monkeypatch):
    # Outside one, Django's cursor is declared WITH HOLD and PostgreSQL builds the whole result
    # before sending the first row.
    approved(3)
    serialize = public.entry
    seen = []
    monkeypatch.setattr(
        public, "entry", lambda row: seen.append(connection.in_atomic_block) or serialize(row)
    )

    b"".join(client.get(reverse(name)).streaming_content)

    assert seen == [True, True, True]
    assert not connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_an_export_reads_without_jit_which_would_delay_its_first_row(
    client, edition_1, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's")
    approved(1)
    serialize = public.entry
    seen = []

    def entry(row):
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            seen.append(cursor.fetchone()[0])
        return serialize(row)

    monkeypatch.setattr(public, "entry", entry)

    b"".join(client.get(reverse("open_data:csv")).streaming_content)

    assert seen == ["off"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", EXPORTS)
def test_a_download_cut_off_midway_ends_its_transaction_and_frees_its_slot(
    client, edition_1, name, monkeypatch, every_slot_free
):
    monkeypatch.setattr(views, "FIRST_CHUNK", 300)
    approved(8)
    response = client.get(reverse(name))

    next(iter(response.streaming_content))
    assert connection.in_atomic_block
    response.close()

    assert not connection.in_atomic_block


# A limited number at once


def test_exports_beyond_the_limit_at_once_wait_with_retry_after(client, edition_1, every_slot_free):
    approved(1)
    downloading = [client.get(reverse("open_data:csv")) for _ in range(views.EXPORTS_AT_ONCE)]

    refused = client.get(reverse("open_data:json"))

    assert [response.status_code for response in downloading] == [200] * views.EXPORTS_AT_ONCE
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(views.RETRY_AFTER)
    assert refused.content.decode() == "Please wait a while before trying again."
    for response in downloading:
        response.close()


def test_the_pages_answer_while_every_export_slot_is_taken(client, edition_1, every_slot_free):
    approved(1)
    downloading = [client.get(reverse("open_data:csv")) for _ in range(views.EXPORTS_AT_ONCE)]

    assert client.get(reverse("registry:list")).status_code == 200
    for response in downloading:
        response.close()


def test_a_finished_download_frees_its_slot(client, edition_1, every_slot_free):
    approved(1)
    for _ in range(views.EXPORTS_AT_ONCE + 1):
        response = client.get(reverse("open_data:csv"))
        b"".join(response.streaming_content)

    assert client.get(reverse("open_data:csv")).status_code == 200


def test_an_export_never_read_frees_its_slot_once_dropped(client, edition_1, every_slot_free):
    approved(1)
    for _ in range(views.EXPORTS_AT_ONCE + 1):
        client.get(reverse("open_data:csv"))
        gc.collect()

    assert client.get(reverse("open_data:csv")).status_code == 200
