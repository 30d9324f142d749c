from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The table of kept pages (CACHES["pages"]) when it is a database cache, as in production
    # without PAGE_CACHE_URL; createcachetable leaves existing tables alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_public_version")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
