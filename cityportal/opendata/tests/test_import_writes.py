"""What an import writes: all of its tables or none, a new file as a new version of its table,
dated everywhere the dataset is published, and no dataset read when a dry run needs none."""

import datetime

import pytest
from django.utils import timezone
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from cityportal.opendata.ckan.protocol import timestamp
from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Dataset, Observation, Resource, ResourceVersion

from .importing import assert_nothing_written, run


def test_all_or_nothing_across_files_unless_keep_going(meta):
    good = ("tot.csv", b"indicator;area;period;value\nA;79;2020;1\n")
    bad = ("xau.csv", b"indicator;area;period;value\nA;79;2020;x1\n")
    outcome = run([good, bad], meta, options=Options())
    assert len(outcome.rejected) == 1 and not outcome.imported
    assert_nothing_written()
    outcome = run([good, bad], meta, options=Options(), keep_going=True)
    assert [p.name for p in outcome.imported] == ["tot.csv"]
    assert Observation.objects.count() == 1


def test_reimport_is_idempotent_and_a_new_file_becomes_a_version(meta):
    first = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2\n"
    second = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2.5\nA;79;2022;3\n"
    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    outcome = run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    assert len(outcome.unchanged) == 1 and Observation.objects.count() == 2
    run([("a.csv", second)], meta, options=Options(), resource_name="Bảng A")
    assert Observation.objects.count() == 3  # replaced, never counted twice
    assert Observation.objects.get(period="2021").value == 2.5
    versions = ResourceVersion.objects.order_by("created_at", "pk")
    assert [v.rows for v in versions] == [2, 3]
    assert versions[0].file.read() == first  # the earlier file stays downloadable


def test_a_new_version_dates_its_table_and_dataset_everywhere(client, meta):
    """New figures are a change: the dataset page, CKAN, DCAT and the sitemap say when they came.
    An unchanged file or a refused import dates nothing."""
    first = b"indicator;area;period;value\nA;79;2020;1\n"
    second = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2\n"
    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    dataset = Dataset.objects.get()
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Dataset.objects.update(modified_at=month_ago)
    Resource.objects.update(modified_at=month_ago)

    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")  # unchanged
    bad = ("b.csv", b"indicator;area;period;value\nA;79;2020;x\n")
    outcome = run([("a.csv", second), bad], meta, options=Options(), resource_name="Bảng A")
    assert outcome.rejected and not outcome.imported
    assert Dataset.objects.get().modified_at == month_ago
    assert Resource.objects.get().modified_at == month_ago

    run([("a.csv", second)], meta, options=Options(), resource_name="Bảng A")
    uploaded = ResourceVersion.objects.order_by("-created_at").first().created_at
    assert uploaded > month_ago
    assert Dataset.objects.get().modified_at == uploaded
    assert Resource.objects.get().modified_at == uploaded

    package = client.get("/api/3/action/package_show", {"id": dataset.name}).json()["result"]
    assert package["metadata_modified"] == timestamp(uploaded)
    assert package["resources"][0]["last_modified"] == timestamp(uploaded)
    graph = Graph().parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    node = URIRef(f"http://testserver{dataset.get_absolute_url()}#dataset")
    assert graph.value(node, DCTERMS.modified).toPython() == uploaded
    sitemap = client.get("/sitemap.xml").content.decode()
    today = f"{timezone.localtime(uploaded):%Y-%m-%d}"
    assert f"{dataset.get_absolute_url()}</loc><lastmod>{today}</lastmod>" in sitemap
    page = client.get(dataset.get_absolute_url()).content.decode()
    assert f'<time datetime="{timezone.localtime(uploaded).isoformat()}">' in page


def test_tables_imported_again_before_the_fix_are_dated_by_their_newest_version(meta):
    """Migration 0005: what was re-imported while imports dated nothing gets its newest
    version's date; a later metadata edit keeps its own."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cityportal.opendata.migrations.0005_date_by_newest_version")
    run([("a.csv", b"indicator;area;period;value\nA;79;2020;1\n")], meta, options=Options())
    uploaded = ResourceVersion.objects.get().created_at
    month_ago = uploaded - datetime.timedelta(days=30)
    Dataset.objects.update(modified_at=month_ago)
    Resource.objects.update(modified_at=month_ago)

    migration.date_by_newest_version(apps, None)
    assert Dataset.objects.get().modified_at == uploaded
    assert Resource.objects.get().modified_at == uploaded

    edited = uploaded + datetime.timedelta(days=1)
    Dataset.objects.update(modified_at=edited)
    migration.date_by_newest_version(apps, None)
    assert Dataset.objects.get().modified_at == edited


def test_a_failed_write_leaves_no_rows_and_no_stored_files(organisation, settings, tmp_path):
    from cityportal.core.models import Organisation
    from cityportal.opendata.importers.plan import Target, apply

    settings.MEDIA_ROOT = tmp_path
    plan = plan_file("a.csv", b"indicator;area;period;value\nA;79;2020;1\n", Options())
    good = Target(Dataset(name="a", title="A", organisation=organisation), "Bảng A")
    broken = Target(Dataset(name="b", title="B", organisation=Organisation(name="?")), "Bảng B")
    with pytest.raises(ValueError):
        apply([(plan, good), (plan, broken)])
    assert_nothing_written()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_checking_tables_without_a_source_reads_no_dataset(meta, django_assert_num_queries):
    """Only a source given needs the destination dataset looked up (_cite_source): a dry run
    of three tables without one reads the units once and nothing per table."""
    files = [(f"bang-{n}.csv", b"indicator;area;period;value\nA;79;2020;1\n") for n in range(3)]
    with django_assert_num_queries(1) as captured:
        outcome = run(files, meta, options=Options(), dry_run=True)
    assert all(plan.ok for plan in outcome.plans)
    assert "opendata_dataset" not in " ".join(q["sql"] for q in captured.captured_queries)
