"""A select of administrative units names each ward's district ("Phường 1, Quận 3"): the
admin forms that offer one load the districts with the wards, not one query per ward."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityportal.core.models import AdministrativeUnit

# Forms with a select of units: an article's places, a dataset's spatial coverage, an
# organisation's unit, a unit's parent and successors.
FORMS = [
    "/admin/pages/add/news/articlepage/{section}/",
    "/admin/datasets/new/",
    "/admin/organisations/new/",
    "/admin/administrative_units/new/",
]


@pytest.mark.parametrize("url", FORMS)
def test_a_form_with_a_select_of_units_loads_them_in_a_few_queries(client, section, url):
    assert AdministrativeUnit.objects.filter(level="ward").count() > 100
    client.force_login(get_user_model().objects.create_superuser("chief", "c@x.vn", "pw"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.format(section=section.pk))
    assert response.status_code == 200
    assert len(queries) < 60, f"{len(queries)} queries"


def test_a_ward_in_the_select_still_names_its_district(client, section):
    ward = AdministrativeUnit.objects.filter(level="ward", parent__level="district").first()
    assert ward.parent.name in str(ward)
    client.force_login(get_user_model().objects.create_superuser("chief", "c@x.vn", "pw"))
    response = client.get(f"/admin/pages/add/news/articlepage/{section.pk}/")
    assert f">{ward}<" in response.content.decode()
