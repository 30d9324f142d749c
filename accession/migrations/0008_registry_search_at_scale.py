# ruff: noqa: S608 - the SQL here is built from constants only
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


# Words of the listed rows among `rows`, once per signatory, counted `sign`.
WORDS_OF = f"""
        SELECT DISTINCT id, unnest(string_to_array(search_text, ' ')) AS word, %s AS n
        FROM %s WHERE {LISTED}"""
# (trigger operation, transition tables it has): a trigger function may name only those.
CHANGES = [("insert", ["new_rows"]), ("update", ["new_rows", "old_rows"]), ("delete", ["old_rows"])]


def count(operation: str, tables: list[str]) -> str:
    """The trigger function counting the words a statement of `operation` adds and removes, in
    one statement in the order of the words: two publications at once lock the words they
    share in the same order and never deadlock."""
    delta = " UNION ALL ".join(
        WORDS_OF % (1 if table == "new_rows" else -1, table) for table in tables
    )
    removed = (
        "DELETE FROM accession_searchword WHERE signatories <= 0 AND word IN "
        "(SELECT unnest(string_to_array(search_text, ' ')) FROM old_rows);"
        if "old_rows" in tables
        else ""
    )
    return f"""
CREATE FUNCTION accession_searchword_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accession_searchword (word, signatories)
    SELECT word, sum(n)
    FROM ({delta}
    ) AS delta
    WHERE word <> ''
    GROUP BY word
    HAVING sum(n) <> 0
    ORDER BY word
    ON CONFLICT (word)
    DO UPDATE SET signatories = accession_searchword.signatories + excluded.signatories;
    {removed}
    RETURN NULL;
END $$;
"""


# Every word of listed signatories' search text, with how many of them have it: a typo is
# corrected against these few words (public.closest) rather than against a million names. Kept
# by the database in the statement that changes a signatory, so a word leaves the moment the
# last listed signatory having it is hidden, withdrawn or no longer named.
WORDS = """
CREATE TABLE accession_searchword (
    word text PRIMARY KEY,
    signatories integer NOT NULL
);
CREATE INDEX searchword_trigram ON accession_searchword USING gist (word gist_trgm_ops);

{functions}
CREATE FUNCTION accession_searchword_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE accession_searchword;
    RETURN NULL;
END $$;

CREATE TRIGGER searchword_insert AFTER INSERT ON accession_signatory
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION accession_searchword_insert();
CREATE TRIGGER searchword_update AFTER UPDATE ON accession_signatory
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION accession_searchword_update();
CREATE TRIGGER searchword_delete AFTER DELETE ON accession_signatory
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION accession_searchword_delete();
CREATE TRIGGER searchword_truncate AFTER TRUNCATE ON accession_signatory
    FOR EACH STATEMENT EXECUTE FUNCTION accession_searchword_clear();

INSERT INTO accession_searchword (word, signatories)
SELECT word, count(*)
FROM (
    SELECT DISTINCT id, unnest(string_to_array(search_text, ' ')) AS word
    FROM accession_signatory
    WHERE {listed}
) AS words
WHERE word <> ''
GROUP BY word;
""".format(listed=LISTED, functions="\n".join(count(*change) for change in CHANGES))
UNWORDS = """
DROP TRIGGER searchword_truncate ON accession_signatory;
DROP TRIGGER searchword_delete ON accession_signatory;
DROP TRIGGER searchword_update ON accession_signatory;
DROP TRIGGER searchword_insert ON accession_signatory;
DROP FUNCTION accession_searchword_clear();
DROP FUNCTION accession_searchword_delete();
DROP FUNCTION accession_searchword_update();
DROP FUNCTION accession_searchword_insert();
DROP TABLE accession_searchword;
"""


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
        PostgreSQLOnly(WORDS, UNWORDS),
    ]
