"""Rows written straight into a model's table, without a model instance per row: COPY on
PostgreSQL (psycopg 3), executemany elsewhere. The demo seeder writes a million signatories this
way in a few minutes and flat memory, where bulk_create needs a minute and half a gigabyte for
a tenth of that.

No signal is sent and no history row is written, as with bulk_create.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter


class Table:
    """One model's table, filled with `columns` given per row; every other column takes the
    value a new instance would be saved with (its default, `auto_now`, or `constants`)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], **constants: Any):
        meta = model._meta
        self.model = model
        self.fields: list[models.Field] = [meta.get_field(name) for name in columns]  # type: ignore[misc]
        given = {field.attname for field in self.fields}
        template = model(**constants)
        fixed = []
        for field in meta.concrete_fields:
            if field.attname in given:
                continue
            if field.primary_key or (
                field.unique and field.has_default() and callable(field.default)
            ):
                # The same id or random public id in every row would break uniqueness.
                raise ValueError(f"{field} needs a value per row")
            fixed.append(field)
        self.fixed_values = tuple(
            field.get_db_prep_save(field.pre_save(template, add=True), connection)
            for field in fixed
        )
        self.all_fields = [*self.fields, *fixed]
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        self.pk_column = str(meta.pk.column if meta.pk else "id")
        self.column_list = ", ".join(quote(str(field.column)) for field in self.all_fields)

    def reserve_ids(self, count: int) -> list[int]:
        """`count` primary keys nobody else will be given, for rows that refer to each other."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, self.pk_column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # Elsewhere (SQLite) the write lock held by the surrounding transaction keeps
            # these free.
            # Identifiers from the model's _meta, never from input.
            cursor.execute(f"SELECT COALESCE(MAX({self.pk_column}), 0) FROM {self.table}")  # noqa: S608
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    def write(self, rows: Iterable[tuple]) -> None:
        """Insert `rows`, each a tuple of the columns' Python values in the order given."""
        fixed = self.fixed_values
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {self.table} ({self.column_list}) FROM STDIN"
                # A thread sends while this one builds rows: the server's work overlaps ours.
                raw = cursor.cursor
                with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in rows:
                        copy.write_row(row + fixed)
                return
            fields = self.fields
            prepared = [
                tuple(
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(fields, row, strict=True)
                )
                + fixed
                for row in rows
            ]
            placeholders = ", ".join(["%s"] * len(self.all_fields))
            cursor.executemany(
                f"INSERT INTO {self.table} ({self.column_list}) VALUES ({placeholders})",  # noqa: S608
                prepared,
            )


@contextmanager
def loading(tables: Sequence[type[models.Model]], *, indexes: bool = True) -> Iterator[None]:
    """A large load into (or deletion from) `tables`, the way PostgreSQL's manual advises
    ("Populating a Database"): the foreign keys from and to them, and their indexes no
    constraint rests on, are dropped meanwhile and built again after, each in one pass instead
    of row by row. Every row is checked when they come back, so a bad row still fails. Must run
    inside a transaction, which holds the tables locked until it ends; elsewhere than
    PostgreSQL it changes nothing."""
    if connection.vendor != "postgresql" or not tables:
        yield
        return
    names = [model._meta.db_table for model in tables]
    # Rows written earlier in the transaction have their deferred checks pending, and a table
    # with pending checks cannot be altered: run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[])"
            " OR confrelid = ANY(%s::regclass[]))",
            [names, names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS"
            " (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [names if indexes else []],
        )
        dropped = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in dropped:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # An index build's memory; the default 64 MB spills a million rows to disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in dropped:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def quote(name: str) -> str:
    return connection.ops.quote_name(name)
