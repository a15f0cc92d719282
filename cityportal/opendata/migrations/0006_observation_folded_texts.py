"""Folded copies of each figure's breakdown, note and source, which datastore_search's `q` reads
instead of folding a table's distinct texts in Python and sending them back as an IN list."""

from django.db import migrations, models

from cityportal.core.text import fold

TEXTS = {"breakdown": "breakdown_folded", "note": "note_folded", "source": "source_folded"}


def fold_texts(apps, schema_editor):
    """Each distinct text folded once, into a temporary table the rows then look theirs up in:
    one pass over the observations per column (an UPDATE per distinct text scanned them all
    once per note, and a table may have thousands)."""
    Observation = apps.get_model("opendata", "Observation")
    table = schema_editor.quote_name(Observation._meta.db_table)
    texts = set()
    for field in TEXTS:
        texts.update(Observation.objects.values_list(field, flat=True).distinct().order_by())
    texts.discard("")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE opendata_fold (text TEXT PRIMARY KEY, folded TEXT)")
        cursor.executemany(
            "INSERT INTO opendata_fold (text, folded) VALUES (%s, %s)",
            [(text, fold(text)) for text in texts],
        )
        for field, folded in TEXTS.items():
            cursor.execute(
                f"UPDATE {table} SET {folded} = (SELECT folded FROM opendata_fold"
                f" WHERE opendata_fold.text = {table}.{field}) WHERE {field} <> ''"
            )
        cursor.execute("DROP TABLE opendata_fold")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0005_date_by_newest_version")]

    operations = [
        *(
            migrations.AddField(
                model_name="observation",
                name=folded,
                field=models.TextField(db_default="", default="", editable=False),
            )
            for folded in TEXTS.values()
        ),
        migrations.RunPython(fold_texts, migrations.RunPython.noop),
    ]
