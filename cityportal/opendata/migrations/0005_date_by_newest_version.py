"""Tables and datasets dated by their newest version: before, a re-import left modified_at as it
was, so DCAT, CKAN and the sitemap showed the date of the last metadata edit. The import now
dates them; this brings the tables and datasets imported before up to the same rule."""

from django.db import migrations
from django.db.models import Max


def date_by_newest_version(apps, schema_editor):
    Dataset = apps.get_model("opendata", "Dataset")
    Resource = apps.get_model("opendata", "Resource")
    # .update(), not save(): modified_at is auto_now, and only later dates are written.
    for resource in Resource.objects.annotate(newest=Max("versions__created_at")):
        if resource.newest and resource.newest > resource.modified_at:
            Resource.objects.filter(pk=resource.pk).update(modified_at=resource.newest)
    for dataset in Dataset.objects.annotate(newest=Max("resources__versions__created_at")):
        if dataset.newest and dataset.newest > dataset.modified_at:
            Dataset.objects.filter(pk=dataset.pk).update(modified_at=dataset.newest)


class Migration(migrations.Migration):
    dependencies = [("opendata", "0004_dataset_units")]

    operations = [migrations.RunPython(date_by_newest_version, migrations.RunPython.noop)]
