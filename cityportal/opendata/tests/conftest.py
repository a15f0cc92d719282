"""Fixtures for the data system: an organisation and a dataset factory over the loaded units
(the country, regions, the provinces before and after 2025, and the city's wards)."""

import pytest

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.core.text import slugify_vi
from cityportal.opendata.models import (
    Dataset,
    Indicator,
    Observation,
    Period,
    Resource,
    Theme,
    period_bounds,
)


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.get_or_create(
        slug="cuc-thong-ke",
        defaults={"name": "Cục Thống kê Thành phố Hồ Chí Minh", "kind": "statistics"},
    )[0]


def unit(code: str, before_reform: bool = False) -> AdministrativeUnit:
    """A unit by statistics-office code: "79" is today's city, ("79", True) the city before 2025."""
    units = AdministrativeUnit.objects.filter(code=code)
    return units.filter(valid_until__isnull=not before_reform).get()


@pytest.fixture
def make_dataset(organisation):
    """make_dataset(rows=[(indicator, measure, unit_code, year, value, breakdown), ...], **fields)
    creates a public dataset with one CSV resource holding those yearly observations."""
    counter = {"n": 0}

    def make(rows=(), name=None, title=None, theme="kinh-te", **fields):
        counter["n"] += 1
        n = counter["n"]
        dataset = Dataset.objects.create(
            name=name or f"bo-du-lieu-{n}",
            title=title or f"Bộ dữ liệu thử {n}",
            organisation=organisation,
            source="Niên giám thống kê",
            **fields,
        )
        dataset.themes.add(Theme.objects.get(slug=theme))
        resource = Resource.objects.create(dataset=dataset, name="Bảng số liệu", format="CSV")
        indicators = {}
        observations = []
        for indicator_name, measure, code, year, value, *rest in rows:
            if indicator_name not in indicators:
                indicators[indicator_name] = Indicator.objects.get_or_create(
                    code=slugify_vi(f"{indicator_name} {measure}"),
                    defaults={"name": indicator_name, "measure": measure},
                )[0]
            label, start, end = period_bounds(Period.YEAR, year)
            observations.append(
                Observation(
                    resource=resource,
                    indicator=indicators[indicator_name],
                    unit=unit(code),
                    period=label,
                    period_type=Period.YEAR,
                    period_start=start,
                    period_end=end,
                    breakdown=rest[0] if rest else "",
                    value=value,
                )
            )
        Observation.objects.bulk_create(observations)
        dataset.refresh_coverage()
        return dataset

    return make


@pytest.fixture
def meta(organisation):
    """What an import of tables says of the dataset: only its organisation."""
    from cityportal.opendata.importers.batch import DatasetMeta

    return DatasetMeta(organisation=organisation)
