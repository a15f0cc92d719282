"""The data editors' listing of datasets reads in Vietnamese."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from cityportal.opendata.models import Dataset


def test_the_datasets_listing_shows_whether_private_without_english(client, organisation):
    """The "chưa công khai" column printed Python's True and False."""
    Dataset.objects.create(name="grdp", title="GRDP", organisation=organisation, private=False)
    Dataset.objects.create(name="dan-so", title="Dân số", organisation=organisation, private=True)
    client.force_login(get_user_model().objects.create_superuser("data", "d@x.vn", "pw"))
    page = BeautifulSoup(client.get("/admin/datasets/").content, "html.parser")
    for hidden in page.select(".w-sr-only, script, template"):
        hidden.decompose()
    cells = [td.get_text(" ", strip=True) for td in page.select("main tbody td")]
    assert cells and not {"True", "False"} & set(cells)


def test_the_tick_and_cross_are_read_out_in_vietnamese(client, organisation):
    """Wagtail's boolean cell titles its icon "True" or "False": a screen reader read English."""
    Dataset.objects.create(name="grdp", title="GRDP", organisation=organisation, private=False)
    Dataset.objects.create(name="dan-so", title="Dân số", organisation=organisation, private=True)
    client.force_login(get_user_model().objects.create_superuser("data", "d@x.vn", "pw"))
    page = BeautifulSoup(client.get("/admin/datasets/").content, "html.parser")
    read_out = {" ".join(s.get_text().split()) for s in page.select("main tbody td .w-sr-only")}
    assert read_out == {"có", "không"}
