"""The catalogue in DCAT-AP, for harvesters: `/catalog.jsonld`, `/catalog.ttl`, `/catalog.rdf`."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .models import Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# The EU vocabularies DCAT-AP asks for (publications.europa.eu/resource/authority/…).
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
EU_LICENCES = {
    Dataset.License.CC_BY: "CC_BY_4_0",
    Dataset.License.CC0: "CC0",
    Dataset.License.ODC_BY: "ODC_BY",
}
MEDIA_TYPES = {
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JSON": "application/json",
}
# URL suffix: rdflib's serializer and the response's content type.
SERIALISATIONS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
}
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "rdfs": RDFS,
    "xsd": XSD,
}


def frequency_uri(frequency: str) -> str:
    """Dataset.Frequency's values are the EU frequency vocabulary's codes."""
    return f"{EU}frequency/{frequency}"


def catalog(request, fmt: str) -> HttpResponse:
    if fmt not in SERIALISATIONS:
        raise Http404("Định dạng không hỗ trợ")
    serializer, content_type = SERIALISATIONS[fmt]
    graph = catalog_graph(request)
    options = {"context": {p: str(ns) for p, ns in PREFIXES.items()}} if fmt == "jsonld" else {}
    response = HttpResponse(
        graph.serialize(format=serializer, **options), content_type=f"{content_type}; charset=utf-8"
    )
    # Set here, not by the page cache: datasets change without publishing a page.
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


def catalog_graph(request) -> Graph:
    """The catalogue and every public dataset with its distributions, in a handful of queries."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    home = request.build_absolute_uri(reverse("opendata:catalogue"))
    catalog = URIRef(f"{home}#catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Dữ liệu mở Thành phố Hồ Chí Minh", lang="vi")))
    description = "Số liệu thống kê, kinh tế - xã hội do các cơ quan của Thành phố công bố."
    graph.add((catalog, DCTERMS.description, Literal(description, lang="vi")))
    graph.add((catalog, DCTERMS.publisher, _agent(graph, settings.WAGTAIL_SITE_NAME)))
    graph.add((catalog, FOAF.homepage, URIRef(home)))
    graph.add((catalog, DCTERMS.language, URIRef(f"{EU}language/VIE")))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")))
    datasets = list(Dataset.objects.catalogued().prefetch_related("units"))
    for dataset in datasets:
        graph.add((catalog, DCAT.dataset, _add_dataset(graph, request, dataset)))
    # A licence every dataset shares is the catalogue's too (DCAT-AP's catalogue dct:license).
    licences = {EU_LICENCES.get(dataset.license) for dataset in datasets}
    if len(licences) == 1 and None not in licences:
        graph.add((catalog, DCTERMS.license, URIRef(f"{EU}licence/{licences.pop()}")))
    return graph


def _agent(graph: Graph, name: str) -> BNode:
    agent = BNode()
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(name, lang="vi")))
    return agent


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _add_dataset(graph: Graph, request, dataset: Dataset) -> URIRef:
    page = request.build_absolute_uri(dataset.get_absolute_url())
    node = URIRef(f"{page}#dataset")
    licence = EU_LICENCES.get(dataset.license)
    add = graph.add
    add((node, RDF.type, DCAT.Dataset))
    add((node, DCTERMS.identifier, Literal(str(dataset.id))))
    add((node, DCTERMS.title, Literal(dataset.title, lang="vi")))
    add((node, DCTERMS.description, Literal(dataset.description or dataset.title, lang="vi")))
    add((node, DCTERMS.publisher, _agent(graph, dataset.organisation.name)))
    add((node, DCTERMS.language, URIRef(f"{EU}language/VIE")))
    add((node, DCAT.landingPage, URIRef(page)))
    add((node, DCTERMS.issued, Literal(dataset.created_at)))
    add((node, DCTERMS.modified, Literal(dataset.modified_at)))
    add((node, DCTERMS.accrualPeriodicity, URIRef(frequency_uri(dataset.frequency))))
    if licence:
        add((node, DCTERMS.license, URIRef(f"{EU}licence/{licence}")))
    for theme in dataset.themes.all():
        add((node, DCAT.theme, URIRef(f"{EU}data-theme/{theme.eu_code}")))
    for tag in dataset.tag_names:
        add((node, DCAT.keyword, Literal(tag, lang="vi")))
    if dataset.source:
        # Provenance, not dct:source: the source is a publication's name, not a dataset.
        provenance = BNode()
        add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
        add((provenance, RDFS.label, Literal(dataset.source, lang="vi")))
        add((node, DCTERMS.provenance, provenance))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            add((period, DCAT.startDate, _date(dataset.temporal_start)))
        if dataset.temporal_end:
            add((period, DCAT.endDate, _date(dataset.temporal_end)))
        add((node, DCTERMS.temporal, period))
    # The coverage an editor set, else every place the observations are about.
    for unit in [dataset.spatial] if dataset.spatial else dataset.units.all():
        place = URIRef(request.build_absolute_uri(unit.get_absolute_url()))
        add((place, RDF.type, DCTERMS.Location))
        add((place, SKOS.prefLabel, Literal(unit.name, lang="vi")))
        add((node, DCTERMS.spatial, place))
    _add_contact_point(graph, node, dataset)
    for resource in dataset.resources.all():
        _add_distributions(graph, request, node, resource, licence)
    return node


def _add_contact_point(graph: Graph, node: URIRef, dataset: Dataset) -> None:
    """The dataset's own contact, completed by its publisher's address and website; none when
    there is no way to reach either."""
    organisation = dataset.organisation
    email = dataset.contact_email or organisation.email
    if not (dataset.contact_name or email or organisation.website):
        return
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Kind if dataset.contact_name else VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(dataset.contact_name or organisation.name)))
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    if organisation.website:
        graph.add((contact, VCARD.hasURL, URIRef(organisation.website)))
    graph.add((node, DCAT.contactPoint, contact))


def _add_distributions(graph: Graph, request, dataset: URIRef, resource, licence) -> None:
    """Every table downloads in each format, so each format is a distribution."""
    add = graph.add
    for fmt, media_type in MEDIA_TYPES.items():
        url = URIRef(request.build_absolute_uri(resource.download_url(fmt.lower())))
        node = URIRef(f"{url}#distribution")
        add((dataset, DCAT.distribution, node))
        add((node, RDF.type, DCAT.Distribution))
        add((node, DCTERMS.title, Literal(f"{resource.name} ({fmt})", lang="vi")))
        if resource.description:
            add((node, DCTERMS.description, Literal(resource.description, lang="vi")))
        add((node, DCAT.accessURL, url))
        add((node, DCAT.downloadURL, url))
        add((node, DCTERMS.format, URIRef(f"{EU}file-type/{fmt}")))
        add((node, DCAT.mediaType, URIRef(f"{IANA}{media_type}")))
        add((node, DCTERMS.modified, Literal(resource.modified_at)))
        if licence:
            add((node, DCTERMS.license, URIRef(f"{EU}licence/{licence}")))
