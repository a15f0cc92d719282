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


# The SQL as it stood when this migration was written (a migration must not change when the
# backend modules do; later schema changes get migrations of their own).
SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5(title, lead, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_head_fts USING fts5(title, lead, title_x, lead_x, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_title_fts USING fts5(title, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_title_vocab USING fts5vocab(search_title_fts, 'row')",
]
SQLITE_DROP = [
    'DROP TABLE IF EXISTS search_title_vocab',
    'DROP TABLE IF EXISTS search_title_fts',
    'DROP TABLE IF EXISTS search_head_fts',
    'DROP TABLE IF EXISTS search_document_fts',
]
POSTGRES_SCHEMA = [
    'CREATE EXTENSION IF NOT EXISTS unaccent',
    "DO $$ BEGIN\n        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cityportal_vi') THEN\n            CREATE TEXT SEARCH CONFIGURATION cityportal_vi (COPY = simple);\n        END IF;\n    END $$",
    'ALTER TEXT SEARCH CONFIGURATION cityportal_vi ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple',
    'ALTER TABLE search_document ADD COLUMN IF NOT EXISTS vector tsvector, ADD COLUMN IF NOT EXISTS vector_head tsvector, ADD COLUMN IF NOT EXISTS vector_exact tsvector',
    'CREATE INDEX IF NOT EXISTS search_document_vector ON search_document USING gin (vector)',
    'CREATE INDEX IF NOT EXISTS search_document_vector_head ON search_document USING gin (vector_head)',
]
POSTGRES_DROP = [
    'DROP INDEX IF EXISTS search_document_vector_head',
    'DROP INDEX IF EXISTS search_document_vector',
    'ALTER TABLE search_document DROP COLUMN IF EXISTS vector, DROP COLUMN IF EXISTS vector_head, DROP COLUMN IF EXISTS vector_exact',
    'DROP TEXT SEARCH CONFIGURATION IF EXISTS cityportal_vi',
]


def _statements(connection, sqlite_statements, postgres_statements):
    return postgres_statements if connection.vendor == "postgresql" else sqlite_statements


def create_index(apps, schema_editor):
    for statement in _statements(schema_editor.connection, SQLITE_SCHEMA, POSTGRES_SCHEMA):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    for statement in _statements(schema_editor.connection, SQLITE_DROP, POSTGRES_DROP):
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
