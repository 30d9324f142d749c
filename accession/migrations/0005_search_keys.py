from django.db import migrations

from common.search import fold


def add_search_keys(apps, schema_editor):
    """Listed signatories' search text gains each name's key in any script."""
    Signatory = apps.get_model("accession", "Signatory")
    for signatory in Signatory.objects.exclude(listed_name="").select_related("organization"):
        names = [signatory.listed_name]
        organization = signatory.organization
        if organization is not None:
            names += [
                name
                for name in (organization.name_be, organization.name_ru, organization.name_latin)
                if name
            ]
        signatory.search_text = " ".join([*names, *map(fold, names)]).casefold()
        signatory.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("accession", "0004_edition_number")]

    operations = [migrations.RunPython(add_search_keys, migrations.RunPython.noop)]
