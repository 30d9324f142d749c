"""The review desk at any size: accessions counted per status by the database, and indexes for
the desk's lists.

The counts are kept by triggers on the accession table, in the transaction of each change: on
PostgreSQL one statement-level trigger per operation, so that a bulk load adds each status's
rows once; on SQLite, which has no statement-level triggers, one per row. Counts are changed in
the order of their status, so two transactions moving accessions in opposite directions wait
for each other instead of deadlocking.
"""

from django.conf import settings
from django.db import migrations, models


POSTGRESQL = [
    (
        """
        CREATE FUNCTION accession_count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO accession_statuscount (status, count)
                SELECT status, count(*) FROM new_rows GROUP BY status ORDER BY status
                ON CONFLICT (status) DO UPDATE SET count = accession_statuscount.count + EXCLUDED.count;
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO accession_statuscount (status, count)
                SELECT status, -count(*) FROM old_rows GROUP BY status ORDER BY status
                ON CONFLICT (status) DO UPDATE SET count = accession_statuscount.count + EXCLUDED.count;
            ELSE
                INSERT INTO accession_statuscount (status, count)
                SELECT status, sum(delta) FROM (
                    SELECT status, -1 AS delta FROM old_rows
                    UNION ALL SELECT status, 1 FROM new_rows
                ) AS moves GROUP BY status HAVING sum(delta) <> 0 ORDER BY status
                ON CONFLICT (status) DO UPDATE SET count = accession_statuscount.count + EXCLUDED.count;
            END IF;
            RETURN NULL;
        END $$
        """,
        "DROP FUNCTION accession_count_statuses()",
    ),
    (
        """
        CREATE TRIGGER accession_count_inserted AFTER INSERT ON accession_accession
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION accession_count_statuses()
        """,
        "DROP TRIGGER accession_count_inserted ON accession_accession",
    ),
    (
        """
        CREATE TRIGGER accession_count_deleted AFTER DELETE ON accession_accession
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION accession_count_statuses()
        """,
        "DROP TRIGGER accession_count_deleted ON accession_accession",
    ),
    (
        """
        CREATE TRIGGER accession_count_updated AFTER UPDATE ON accession_accession
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION accession_count_statuses()
        """,
        "DROP TRIGGER accession_count_updated ON accession_accession",
    ),
]

SQLITE = [
    (
        """
        CREATE TRIGGER accession_count_inserted AFTER INSERT ON accession_accession BEGIN
            INSERT INTO accession_statuscount (status, count) VALUES (NEW.status, 1)
            ON CONFLICT (status) DO UPDATE SET count = count + 1;
        END
        """,
        "DROP TRIGGER accession_count_inserted",
    ),
    (
        """
        CREATE TRIGGER accession_count_deleted AFTER DELETE ON accession_accession BEGIN
            UPDATE accession_statuscount SET count = count - 1 WHERE status = OLD.status;
        END
        """,
        "DROP TRIGGER accession_count_deleted",
    ),
    (
        """
        CREATE TRIGGER accession_count_updated AFTER UPDATE OF status ON accession_accession
        WHEN OLD.status IS NOT NEW.status BEGIN
            INSERT INTO accession_statuscount (status, count) VALUES (NEW.status, 0)
            ON CONFLICT (status) DO NOTHING;
            UPDATE accession_statuscount
            SET count = count + (CASE WHEN status = NEW.status THEN 1 ELSE -1 END)
            WHERE status IN (OLD.status, NEW.status);
        END
        """,
        "DROP TRIGGER accession_count_updated",
    ),
]


def _statements(schema_editor):
    return POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE


def keep_counts(apps, schema_editor):
    """Count what is there, then let the triggers keep the counts, in one transaction."""
    Accession = apps.get_model("accession", "Accession")
    StatusCount = apps.get_model("accession", "StatusCount")
    StatusCount.objects.bulk_create(
        StatusCount(status=status, count=count)
        for status, count in Accession.objects.order_by("status")
        .values_list("status")
        .annotate(count=models.Count("pk"))
    )
    for create, _drop in _statements(schema_editor):
        schema_editor.execute(create)


def stop_counting(apps, schema_editor):
    for _create, drop in reversed(_statements(schema_editor)):
        schema_editor.execute(drop)


class Migration(migrations.Migration):

    dependencies = [
        ('accession', '0008_registry_search_at_scale'),
        ('organizations', '0004_claims_to_represent_an_organization'),
        ('principles', '0002_language_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('submitted', 'submitted'), ('changes-requested', 'changes requested'), ('resubmitted', 'resubmitted'), ('approved', 'approved'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn'), ('suspended', 'suspended'), ('expelled', 'expelled'), ('superseded', 'superseded by a newer edition')], max_length=20, unique=True)),
                ('count', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name='accession',
            index=models.Index(condition=models.Q(('status__in', ['submitted', 'resubmitted'])), fields=['submitted_at'], name='accession_review_queue'),
        ),
        migrations.AddIndex(
            model_name='accession',
            index=models.Index(models.F('status'), models.OrderBy(models.F('decided_at'), descending=True), models.OrderBy(models.F('submitted_at'), descending=True), name='accession_by_status'),
        ),
        migrations.RunPython(keep_counts, stop_counting),
    ]
