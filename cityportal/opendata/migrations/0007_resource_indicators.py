"""Each table's indicators, kept by Dataset.refresh_coverage(), so the sitemap dates an indicator
by its tables' uploads without finding those tables among a million observations."""

from django.db import migrations, models


def fill_indicators(apps, schema_editor):
    Resource = apps.get_model("opendata", "Resource")
    Observation = apps.get_model("opendata", "Observation")
    for resource in Resource.objects.all():
        given = Observation.objects.filter(resource=resource).values_list("indicator", flat=True)
        resource.indicators.set(given.distinct().order_by())


class Migration(migrations.Migration):
    dependencies = [("opendata", "0006_observation_folded_texts")]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="indicators",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                help_text="Kept by Dataset.refresh_coverage(): the sitemap dates indicators by "
                "their tables' uploads without reading every observation.",
                related_name="resources",
                to="opendata.indicator",
                verbose_name="chỉ tiêu có số liệu",
            ),
        ),
        migrations.RunPython(fill_indicators, migrations.RunPython.noop),
    ]
