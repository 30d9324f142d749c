from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of the database cache when one is configured (production); a no-op
    # for the in-memory cache of development and tests.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_coordinators_group")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
