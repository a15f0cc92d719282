"""The DCAT-AP catalogue, read back with rdflib in each of its serialisations."""

import datetime

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.dcat import VCARD
from cityportal.opendata.models import Dataset, Resource

# Open, not rdflib's closed DCAT, which warns when pytest looks through the module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
EU = "http://publications.europa.eu/resource/authority/"
CONTENT_TYPES = {
    "jsonld": ("application/ld+json", "json-ld"),
    "ttl": ("text/turtle", "turtle"),
    "rdf": ("application/rdf+xml", "xml"),
}


@pytest.fixture
def catalogue(make_dataset):
    city = AdministrativeUnit.objects.get(code="79", valid_until=None)
    grdp = make_dataset(
        [
            ("Tổng sản phẩm trên địa bàn", "tỷ đồng", "79", year, 1000.0 + year)
            for year in (2019, 2021)
        ],
        name="grdp",
        title="Tổng sản phẩm trên địa bàn",
        description="GRDP theo giá hiện hành",
        frequency="QUARTERLY",
        contact_name="Phòng Tổng hợp",
        contact_email="tonghop@example.invalid",
        spatial=city,
    )
    grdp.tags.add("GRDP", "tăng trưởng")
    Resource.objects.create(dataset=grdp, name="Theo quý", format="XLSX", position=1)
    make_dataset(name="dan-so", theme="dan-so-lao-dong", license="cc-zero")
    make_dataset(name="noi-bo", private=True)
    return grdp


def read(client, fmt: str) -> Graph:
    response = client.get(f"/catalog.{fmt}")
    assert response.status_code == 200
    content_type, parser = CONTENT_TYPES[fmt]
    assert response["Content-Type"].startswith(content_type)
    assert "public" in response["Cache-Control"]
    return Graph().parse(data=response.content, format=parser)


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "rdf"])
def test_every_serialisation_describes_the_public_datasets(client, catalogue, fmt):
    graph = read(client, fmt)
    catalog = graph.value(predicate=RDF.type, object=DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.title)
    assert graph.value(catalog, FOAF.homepage) == URIRef("http://testserver/du-lieu/")
    assert (catalog, DCTERMS.language, URIRef(f"{EU}language/VIE")) in graph
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {str(graph.value(d, DCAT.landingPage)) for d in datasets} == {
        "http://testserver/du-lieu/grdp/",
        "http://testserver/du-lieu/dan-so/",
    }
    themes = {str(theme) for theme in graph.objects(None, DCAT.theme)}
    assert themes == {f"{EU}data-theme/ECON", f"{EU}data-theme/SOCI"}
    # Two tables in three formats, and one table in three.
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 9


def test_a_dataset_in_detail(client, catalogue):
    graph = read(client, "ttl")
    grdp = URIRef("http://testserver/du-lieu/grdp/#dataset")
    assert graph.value(grdp, DCTERMS.identifier) == Literal(str(catalogue.id))
    assert graph.value(grdp, DCTERMS.title) == Literal("Tổng sản phẩm trên địa bàn", lang="vi")
    publisher = graph.value(grdp, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(graph.value(publisher, FOAF.name)) == catalogue.organisation.name
    assert {str(k) for k in graph.objects(grdp, DCAT.keyword)} == {"GRDP", "tăng trưởng"}
    assert graph.value(grdp, DCTERMS.accrualPeriodicity) == URIRef(f"{EU}frequency/QUARTERLY")
    assert graph.value(grdp, DCTERMS.license) == URIRef(f"{EU}licence/CC_BY_4_0")
    period = graph.value(grdp, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(period, DCAT.startDate) == Literal(datetime.date(2019, 1, 1))  # xsd:date
    assert graph.value(period, DCAT.endDate).toPython() == datetime.date(2021, 12, 31)
    assert "/dia-ban/" in str(graph.value(grdp, DCTERMS.spatial))
    contact = graph.value(grdp, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:tonghop@example.invalid")

    quarterly = Resource.objects.get(dataset=catalogue, name="Theo quý")
    download = URIRef(f"http://testserver/du-lieu/tai-ve/{quarterly.id}.csv")
    distribution = graph.value(predicate=DCAT.downloadURL, object=download)
    assert (grdp, DCAT.distribution, distribution) in graph
    assert graph.value(distribution, DCAT.accessURL) == download
    assert graph.value(distribution, DCTERMS.format) == URIRef(f"{EU}file-type/CSV")
    media_type = graph.value(distribution, DCAT.mediaType)
    assert media_type == URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(distribution, DCTERMS.license) == URIRef(f"{EU}licence/CC_BY_4_0")

    dan_so = URIRef("http://testserver/du-lieu/dan-so/#dataset")
    assert graph.value(dan_so, DCTERMS.license) == URIRef(f"{EU}licence/CC0")


def test_coverage_and_contact_come_from_the_observations_and_the_publisher(
    client, catalogue, make_dataset, organisation
):
    organisation.email, organisation.website = "ctk@example.invalid", "https://thongke.example"
    organisation.save()
    make_dataset(
        [
            ("Dân số", "nghìn người", "79", 2021, 9000.0),
            ("Dân số", "nghìn người", "01", 2021, 8000.0),
        ],
        name="hai-thanh-pho",
    )
    graph = read(client, "jsonld")
    both = URIRef("http://testserver/du-lieu/hai-thanh-pho/#dataset")
    places = {str(graph.value(p, SKOS.prefLabel)) for p in graph.objects(both, DCTERMS.spatial)}
    assert places == set(
        AdministrativeUnit.objects.filter(code__in=["79", "01"], valid_until=None).values_list(
            "name", flat=True
        )
    )
    assert len(places) == 2
    contact = graph.value(both, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert str(graph.value(contact, VCARD.fn)) == organisation.name
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:ctk@example.invalid")
    assert graph.value(contact, VCARD.hasURL) == URIRef("https://thongke.example")
    # The dataset's own contact and coverage stay first.
    grdp = URIRef("http://testserver/du-lieu/grdp/#dataset")
    assert len(list(graph.objects(grdp, DCTERMS.spatial))) == 1
    own = graph.value(grdp, DCAT.contactPoint)
    assert graph.value(own, VCARD.hasEmail) == URIRef("mailto:tonghop@example.invalid")


def test_no_contact_point_without_a_way_to_reach_anyone(client, make_dataset):
    make_dataset(name="lang-le")
    graph = read(client, "ttl")
    assert not list(graph.objects(None, DCAT.contactPoint))


def test_a_licence_all_datasets_share_is_the_catalogues(client, catalogue):
    graph = read(client, "ttl")
    catalog = graph.value(predicate=RDF.type, object=DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.license) is None  # CC BY and CC0
    Dataset.objects.filter(name="dan-so").update(license=catalogue.license)
    graph = read(client, "ttl")
    assert graph.value(catalog, DCTERMS.license) == URIRef(f"{EU}licence/CC_BY_4_0")


def test_catalogue_queries_do_not_grow_with_datasets(
    client, catalogue, make_dataset, django_assert_max_num_queries
):
    for n in range(5):
        make_dataset(name=f"them-{n}").tags.add("thêm")
    with django_assert_max_num_queries(6):
        read(client, "jsonld")


def test_other_formats_are_404(client, db):
    assert client.get("/catalog.csv").status_code == 404
