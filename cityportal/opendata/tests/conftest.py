"""Fixtures for the data system: an organisation and a dataset factory over the loaded units
(the country, regions, the provinces before and after 2025, and the city's wards), and the
population dataset the page tests read, with the charts' SVG drawn in a page."""

import datetime
import re
import xml.etree.ElementTree as ET

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


# What the catalogue, dataset and indicator page tests read.
SVG = "{http://www.w3.org/2000/svg}"


POPULATION = "Dân số trung bình"


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]


@pytest.fixture
def population(make_dataset):
    """The city, Hà Nội and the country over three years; the last year provisional."""
    rows = []
    for year, values in {2021: (9166.8, 8330.8, 98504.4), 2022: (9389.7, 8435.7, 99474.4)}.items():
        for code, value in zip(("79", "01", "VN"), values, strict=True):
            rows.append((POPULATION, "nghìn người", code, year, value))
    rows.append((POPULATION, "nghìn người", "79", 2023, 9456.7))
    dataset = make_dataset(
        rows,
        name="dan-so-trung-binh",
        title="Dân số trung bình phân theo địa phương",
        description="Dân số trung bình hằng năm của Thành phố so với cả nước.",
        contact_name="Phòng Thống kê Dân số",
        contact_email="danso@example.invalid",
        theme="dan-so-lao-dong",
    )
    dataset.tags.add("dân số")
    Observation.objects.filter(period="2023").update(
        provisional=True, as_of=datetime.date(2024, 3, 31)
    )
    return dataset
