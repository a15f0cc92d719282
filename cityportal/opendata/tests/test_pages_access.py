"""How the catalogue, dataset and indicator pages are served: cacheable and cookie-free for
anonymous readers, a private dataset hidden from them, and each page in a bounded number of
queries."""

import datetime
import re

from django.contrib.auth import get_user_model

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.models import (
    Indicator,
    Observation,
    Resource,
)


def test_anonymous_pages_and_downloads_set_no_cookie_and_are_cacheable(client, population):
    resource = population.resources.get()
    code = Indicator.objects.get().code
    for url in [
        "/du-lieu/",
        "/du-lieu/?q=dan+so",
        "/du-lieu/dan-so-trung-binh/",
        f"/chi-tieu/{code}/",
        resource.download_url("csv"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url
        assert re.search(r"max-age=\d+", response["Cache-Control"]), url
        assert "cookie" not in response.get("Vary", "").lower(), url


def test_private_dataset_is_not_found_for_anonymous_readers(client, population):
    population.private = True
    population.save()
    resource = population.resources.get()
    assert client.get("/du-lieu/dan-so-trung-binh/").status_code == 404
    assert client.get(resource.download_url("csv")).status_code == 404
    # Its only indicator is not public either: neither its name nor its description shows.
    assert client.get(Indicator.objects.get().get_absolute_url()).status_code == 404
    assert "Dân số trung bình phân theo" not in client.get("/du-lieu/").content.decode()

    admin = get_user_model().objects.create_superuser("quan-tri", "qt@example.invalid", "pw")
    client.force_login(admin)
    response = client.get("/du-lieu/dan-so-trung-binh/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
    assert client.get(Indicator.objects.get().get_absolute_url()).context["chart"] is None


def test_unknown_dataset_and_indicator_are_not_found(client, db):
    assert client.get("/du-lieu/khong-co/").status_code == 404
    assert client.get("/chi-tieu/khong-co/").status_code == 404


def _grow(dataset, indicators: int, resources: int = 1):
    """More indicators, units and resources on `dataset`: none of them may cost a query."""
    provinces = list(AdministrativeUnit.objects.filter(level="province", valid_until=None)[:8])
    for r in range(resources):
        resource = Resource.objects.create(dataset=dataset, name=f"Bảng {r}", format="CSV")
        for i in range(indicators):
            indicator = Indicator.objects.create(code=f"ct-{r}-{i}", name=f"Chỉ tiêu {r} {i}")
            Observation.objects.bulk_create(
                Observation(
                    resource=resource,
                    indicator=indicator,
                    unit=province,
                    period=str(year),
                    period_type="Y",
                    period_start=datetime.date(year, 1, 1),
                    period_end=datetime.date(year, 12, 31),
                    value=year + n,
                )
                for n, province in enumerate(provinces)
                for year in (2022, 2023)
            )


def test_pages_take_a_bounded_number_of_queries(
    client, population, make_dataset, django_assert_max_num_queries
):
    for n in range(25):
        make_dataset([(f"Chỉ tiêu {n}", "%", "79", 2023, n)], title=f"Bộ {n}")
    _grow(population, indicators=8, resources=3)
    code = Indicator.objects.filter(code__startswith="ct-").first().code
    for url in [
        "/du-lieu/",
        "/du-lieu/?q=bo&theme=kinh-te&unit=thanh-pho-ho-chi-minh&format=CSV",
        "/du-lieu/dan-so-trung-binh/",
        f"/chi-tieu/{code}/",
        f"/chi-tieu/{code}/?unit=thanh-pho-ha-noi&unit=thanh-pho-ho-chi-minh",
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url
