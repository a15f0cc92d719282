"""The catalogue's actions: datasets as CKAN packages, organisations, themes as groups,
resources."""

import uuid

from django.db.models import Count, Q

from cityportal.core.models import Organisation

from ..dcat import MEDIA_TYPES, frequency_uri
from ..models import Dataset, Resource
from .protocol import SEARCH_ROWS_MAX, flag, integer, not_found, register, required, timestamp


def _organization(organisation: Organisation) -> dict:
    return {
        "id": str(organisation.pk),
        "name": organisation.slug,
        "title": organisation.name,
        "display_name": organisation.name,
        "description": organisation.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
    }


def _resource(request, resource: Resource, position: int) -> dict:
    fmt = resource.format
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "format": fmt,
        "mimetype": MEDIA_TYPES[fmt],
        "url": request.build_absolute_uri(resource.download_url(fmt.lower())),
        "created": timestamp(resource.created_at),
        "last_modified": timestamp(resource.modified_at),
        "position": position,
        "state": "active",
        "datastore_active": True,  # every resource's observations answer datastore_search
    }


def _extras(request, dataset: Dataset) -> list[dict]:
    """What CKAN's core schema has no field for, under ckanext-dcat's key names."""
    extras = {
        "frequency": frequency_uri(dataset.frequency),
        "temporal_start": dataset.temporal_start and dataset.temporal_start.isoformat(),
        "temporal_end": dataset.temporal_end and dataset.temporal_end.isoformat(),
        "source": dataset.source,
    }
    if dataset.spatial:
        extras["spatial_text"] = dataset.spatial.name
        extras["spatial_uri"] = request.build_absolute_uri(dataset.spatial.get_absolute_url())
    return [{"key": key, "value": value} for key, value in extras.items() if value]


def package(request, dataset: Dataset) -> dict:
    tags = dataset.tag_names
    resources = [_resource(request, r, i) for i, r in enumerate(dataset.resources.all())]
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.description,
        "url": request.build_absolute_uri(dataset.get_absolute_url()),
        "type": "dataset",
        "state": "active",
        "private": dataset.private,
        "license_id": dataset.license,
        "license_title": dataset.get_license_display(),
        "license_url": dataset.license_url,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "owner_org": str(dataset.organisation_id),
        "organization": _organization(dataset.organisation),
        "groups": [
            {"id": str(t.pk), "name": t.slug, "title": t.name, "display_name": t.name}
            for t in dataset.themes.all()
        ],
        "tags": [{"name": tag, "display_name": tag, "state": "active"} for tag in tags],
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": _extras(request, dataset),
        "metadata_created": timestamp(dataset.created_at),
        "metadata_modified": timestamp(dataset.modified_at),
    }


def _find(queryset, value: str, name_field: str, pk_type: type):
    """CKAN accepts an object's id or its name wherever it asks for `id`."""
    wanted = Q(**{name_field: value})
    try:
        wanted |= Q(pk=pk_type(value))
    except ValueError:
        pass
    return queryset.filter(wanted).first()


@register
def package_list(request, data: dict) -> list[str]:
    """Names of the public datasets, in order; `limit` and `offset` page through them."""
    offset = integer(data, "offset", 0)
    limit = integer(data, "limit", None)
    names = Dataset.objects.public().order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit] if limit is not None else names[offset:])


@register
def package_show(request, data: dict) -> dict:
    """One public dataset by `id`: its UUID or its name."""
    dataset = _find(Dataset.objects.catalogued(), required(data, "id"), "name", uuid.UUID)
    if dataset is None:
        raise not_found("bộ dữ liệu")
    return package(request, dataset)


def _publishers():
    return Organisation.objects.annotate(
        package_count=Count("datasets", filter=Q(datasets__private=False))
    ).filter(package_count__gt=0)


@register
def organization_list(request, data: dict) -> list:
    """Organisations publishing public datasets: names, or whole records with `all_fields`."""
    if not flag(data, "all_fields"):
        return [organisation.slug for organisation in _publishers()]
    return [_organization(o) | {"package_count": o.package_count} for o in _publishers()]


@register
def organization_show(request, data: dict) -> dict:
    """One organisation by id or name; its public datasets with `include_datasets`."""
    organisation = _find(_publishers(), required(data, "id"), "slug", int)
    if organisation is None:
        raise not_found("tổ chức")
    result = _organization(organisation) | {"package_count": organisation.package_count}
    if flag(data, "include_datasets"):
        datasets = Dataset.objects.catalogued().filter(organisation=organisation)[:SEARCH_ROWS_MAX]
        result["packages"] = [package(request, dataset) for dataset in datasets]
    return result


def public_resource(value: str) -> Resource:
    try:
        found = Resource.objects.select_related("dataset")
        return found.get(pk=uuid.UUID(value), dataset__private=False)
    except (ValueError, Resource.DoesNotExist):
        raise not_found(f'Resource "{value}" was not found.') from None


@register
def resource_show(request, data: dict) -> dict:
    """One resource (a table of a public dataset) by `id`."""
    resource = public_resource(required(data, "id"))
    siblings = Resource.objects.filter(dataset_id=resource.dataset_id).values_list("pk", flat=True)
    position = list(siblings).index(resource.pk)
    return _resource(request, resource, position)
