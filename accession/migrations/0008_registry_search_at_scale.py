from django.db import migrations, models

# The registry's rule for a listed signatory (accession.models.LISTED), as SQL.
LISTED = "accession_id IS NOT NULL AND hidden_at IS NULL AND listing <> 'counted'"


class PostgreSQLOnly(migrations.RunSQL):
    """SQLite searches with a plain scan; only PostgreSQL gets the trigram index."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("accession", "0007_accession_recorded_on_behalf")]

    operations = [
        migrations.AddIndex(
            model_name="signatory",
            index=models.Index(
                condition=models.Q(
                    ("accession__isnull", False),
                    ("hidden_at__isnull", True),
                    models.Q(("listing", "counted"), _negated=True),
                ),
                fields=["listed_region", "kind"],
                name="signatory_region",
            ),
        ),
        # Walked in order of word-similarity distance (public.closest): the nearest names
        # first without reading every match. GIN (signatory_search) cannot order; it stays for
        # the substring matches and the exports. A longer signature than the default 12 bytes
        # keeps the inner pages from matching every query once they summarise many names.
        PostgreSQLOnly(
            "CREATE INDEX signatory_nearest ON accession_signatory "
            f"USING gist (search_text gist_trgm_ops (siglen = 256)) WHERE {LISTED}",
            "DROP INDEX signatory_nearest",
        ),
    ]
