"""Readers type "saigon" as one word: the city's synonym group gains it (if editors kept the
group; their own changes to it stay)."""

from django.db import migrations


def add_saigon(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for group in SynonymGroup.objects.filter(terms__contains="Sài Gòn"):
        if "saigon" not in group.terms.lower():
            group.terms = f"{group.terms.rstrip()}, Saigon"
            group.save(update_fields=["terms"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_sweep")]

    operations = [migrations.RunPython(add_saigon, migrations.RunPython.noop)]
