"""The database's own full-text index beside `search_document`: FTS5 tables on SQLite; the
`unaccent` extension, the `cityportal_vi` text-search configuration and tsvector columns with
GIN indexes on PostgreSQL. Then the synonym and abbreviation table editors start from."""

from django.db import migrations

SYNONYMS = [
    ("TP.HCM, TPHCM, TP HCM, HCM, Thành phố Hồ Chí Minh, Sài Gòn", "Tên thành phố"),
    ("UBND, Ủy ban nhân dân", ""),
    ("HĐND, Hội đồng nhân dân", ""),
    ("MTTQ, Mặt trận Tổ quốc", ""),
    ("BCH, Ban Chấp hành", ""),
    ("THPT, trung học phổ thông", ""),
    ("THCS, trung học cơ sở", ""),
    ("CSGT, cảnh sát giao thông", ""),
    ("BHXH, bảo hiểm xã hội", ""),
    ("BHYT, bảo hiểm y tế", ""),
    ("GDP, tổng sản phẩm trong nước", ""),
    ("GRDP, tổng sản phẩm trên địa bàn", ""),
    ("FDI, đầu tư trực tiếp nước ngoài", ""),
    ("DN, doanh nghiệp", ""),
    ("CNTT, công nghệ thông tin", ""),
    ("ATGT, an toàn giao thông", ""),
    ("PCCC, phòng cháy chữa cháy", ""),
    ("Covid, Covid-19, nCoV, SARS-CoV-2", ""),
    ("Thủ Đức, TP Thủ Đức, Thành phố Thủ Đức", ""),
]


def backend_module(connection):
    if connection.vendor == "postgresql":
        from cityportal.search.backends import postgres as module
    else:
        from cityportal.search.backends import sqlite as module
    return module


def create_index(apps, schema_editor):
    for statement in backend_module(schema_editor.connection).SCHEMA:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    for statement in backend_module(schema_editor.connection).DROP:
        schema_editor.execute(statement)


def add_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms, note in SYNONYMS:
        SynonymGroup.objects.create(terms=terms, note=note)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
    ]
