"""Upload keys hashed the raw author id without a key: anyone with a database dump could test
whether a known id wrote a post. The raw id cannot be recovered to rebuild them in the new form,
so each is wrapped in a keyed hash, which uploads still accept as "stored already"."""

from django.db import migrations

from cityportal.core.pseudonyms import pseudonym

# As cityportal.monitor.sources.uploads.LEGACY_KEY_PURPOSE (kept here: migrations are history).
PURPOSE = "monitor.upload_key"
BATCH = 2000


def wrap_keys(apps, schema_editor):
    Item = apps.get_model("monitor", "Item")
    # Only uploads set an author, and only a post with one carried its raw id in the key.
    legacy = Item.objects.exclude(author_hash="").order_by("pk")
    last = 0
    while batch := list(legacy.filter(pk__gt=last).only("pk", "key")[:BATCH]):
        for item in batch:
            item.key = pseudonym(PURPOSE, item.key)
        Item.objects.bulk_update(batch, ["key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("monitor", "0009_alert_acknowledged_by")]

    operations = [migrations.RunPython(wrap_keys, migrations.RunPython.noop, elidable=True)]
