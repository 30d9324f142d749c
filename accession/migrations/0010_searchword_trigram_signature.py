"""The words' trigram index (migration 0008) with the signature length of the names' own.

With the default 12-byte signature the inner pages of the index summarise so many words that
they match every query: finding the listed word nearest a typo (public.corrected) walked most of
the index, some 10 ms among 60,000 words. 256 bytes, as signatory_nearest has, make it a tenth
of a millisecond. SQLite has no such index.
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """SQLite searches with a plain scan; only PostgreSQL has the trigram indexes."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def index(signature: str) -> str:
    # IF EXISTS: a database may have had the index rebuilt by hand already.
    return (
        "DROP INDEX IF EXISTS searchword_trigram;"
        f"CREATE INDEX searchword_trigram ON accession_searchword USING gist (word {signature});"
    )


class Migration(migrations.Migration):
    dependencies = [("accession", "0009_status_counts_and_review_indexes")]

    operations = [
        PostgreSQLOnly(index("gist_trgm_ops (siglen = 256)"), index("gist_trgm_ops")),
    ]
