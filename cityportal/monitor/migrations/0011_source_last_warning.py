"""A source's warnings get their own field: they were written to last_error, so a feed polled
fine read "lỗi: …" and was listed among the failing sources."""

from django.db import migrations, models
from django.db.models import F


def move_warnings(apps, schema_editor):
    # Only a failure counts in consecutive_errors and a success resets it: a message kept with
    # no failure counted is what a successful poll said, a warning.
    Source = apps.get_model("monitor", "Source")
    kept = Source.objects.filter(consecutive_errors=0).exclude(last_error="")
    kept.update(last_warning=F("last_error"), last_error="")


def restore_warnings(apps, schema_editor):
    Source = apps.get_model("monitor", "Source")
    warned = Source.objects.filter(last_error="").exclude(last_warning="")
    warned.update(last_error=F("last_warning"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0010_upload_keys_keyed"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="last_warning",
            field=models.TextField(blank=True, editable=False, verbose_name="cảnh báo gần nhất"),
        ),
        migrations.RunPython(move_warnings, restore_warnings),
    ]
