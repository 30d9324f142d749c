from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """SQLite searches with a plain scan; only PostgreSQL gets the trigram index."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("accession", "0001_initial")]

    operations = [
        TrigramExtension(),
        PostgreSQLOnly(
            "CREATE INDEX registry_search ON accession_accession "
            "USING gin (search_text gin_trgm_ops) "
            "WHERE status = 'approved' AND hidden_at IS NULL AND listing <> 'counted'",
            "DROP INDEX registry_search",
        ),
    ]
