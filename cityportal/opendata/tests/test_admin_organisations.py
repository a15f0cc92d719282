"""A data editor publishes for the organisations they act for (contributions' Membership): the
statistics office's officer sees, edits and imports into its datasets only, a department's
officer theirs; another organisation's dataset is not found, by its address or a forged POST."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import querydict_from_html

from cityportal.contributions.models import Membership
from cityportal.core.models import Organisation
from cityportal.opendata.editors import DATA_EDITORS
from cityportal.opendata.models import Dataset, Observation, Resource

IMPORT = "/admin/opendata/import/"
TABLE = "Chỉ tiêu;Đơn vị tính;Địa bàn;Năm;Giá trị\nThu ngân sách;tỷ đồng;79;2024;480.000\n"


@pytest.fixture
def department(db) -> Organisation:
    return Organisation.objects.create(name="Sở Tài chính", slug="so-tai-chinh")


def data_editor(username: str, *organisations) -> "get_user_model()":
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", "pw")
    user.groups.add(Group.objects.get(name=DATA_EDITORS))
    for organisation in organisations:
        Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def statistics_officer(organisation):
    return data_editor("thong-ke", organisation)


@pytest.fixture
def finance_officer(department):
    return data_editor("tai-chinh", department)


@pytest.fixture
def population(organisation) -> Dataset:
    return Dataset.objects.create(
        name="dan-so", title="Dân số trung bình", organisation=organisation
    )


@pytest.fixture
def budget(department) -> Dataset:
    """Not yet public: the finance department's own."""
    dataset = Dataset.objects.create(
        name="thu-ngan-sach", title="Thu ngân sách", organisation=department, private=True
    )
    Resource.objects.create(dataset=dataset, name="Bảng số liệu", format="CSV")
    return dataset


def listed(client, url="/admin/datasets/") -> set[str]:
    return {dataset.title for dataset in client.get(url).context["object_list"]}


def test_each_editor_lists_only_their_organisations_datasets(
    client, statistics_officer, finance_officer, population, budget, organisation, department
):
    client.force_login(statistics_officer)
    assert listed(client) == {"Dân số trung bình"}
    assert listed(client, "/admin/datasets/results/?q=ngân sách") == set()
    # Another organisation's in the filter is no choice: nothing listed, not its datasets.
    assert listed(client, f"/admin/datasets/?organisation={department.pk}") == set()

    client.force_login(finance_officer)
    assert listed(client) == {"Thu ngân sách"}
    assert listed(client, "/admin/datasets/results/?q=ngân sách") == {"Thu ngân sách"}

    # One who serves both sees both, as a superuser sees all.
    client.force_login(data_editor("hai-co-quan", organisation, department))
    assert listed(client) == {"Dân số trung bình", "Thu ngân sách"}
    client.force_login(get_user_model().objects.create_superuser("qt", "qt@x.vn", "pw"))
    assert listed(client) == {"Dân số trung bình", "Thu ngân sách"}


def test_another_organisations_dataset_is_not_found_by_its_address_or_a_forged_post(
    client, statistics_officer, finance_officer, budget
):
    client.force_login(finance_officer)
    edit = f"/admin/datasets/edit/{budget.pk}/"
    own_form = querydict_from_html(client.get(edit).content.decode(), form_id="w-editor-form")
    own_form["title"] = "Đã bị sửa"
    own_form["private"] = ""

    client.force_login(statistics_officer)
    assert client.get(edit).status_code == 404
    assert client.post(edit, own_form).status_code == 404
    assert client.get(f"/admin/datasets/history/{budget.pk}/").status_code == 404
    assert client.get(f"/admin/datasets/usage/{budget.pk}/").status_code == 404
    assert client.get(f"/admin/datasets/copy/{budget.pk}/").status_code in (302, 403)
    budget.refresh_from_db()
    assert budget.title == "Thu ngân sách" and budget.private

    client.force_login(finance_officer)  # the same form, by its own organisation's officer
    assert client.post(edit, own_form).status_code == 302
    budget.refresh_from_db()
    assert budget.title == "Đã bị sửa" and not budget.private


def test_the_dataset_forms_offer_only_the_editors_organisations(
    client, statistics_officer, population, organisation, department
):
    client.force_login(statistics_officer)
    edit = f"/admin/datasets/edit/{population.pk}/"
    response = client.get(edit)
    assert list(response.context["form"].fields["organisation"].queryset) == [organisation]

    # Handing one's dataset to another organisation, by a forged choice: refused.
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["organisation"] = department.pk
    response = client.post(edit, data)
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    population.refresh_from_db()
    assert population.organisation == organisation

    # Nor a new dataset for another organisation.
    new = client.get("/admin/datasets/new/")
    assert list(new.context["form"].fields["organisation"].queryset) == [organisation]
    data = querydict_from_html(new.content.decode(), form_id="w-editor-form")
    data.update({"name": "chi-ngan-sach", "title": "Chi ngân sách", "organisation": department.pk})
    assert client.post("/admin/datasets/new/", data).status_code == 200
    assert not Dataset.objects.filter(name="chi-ngan-sach").exists()
    data["organisation"] = organisation.pk
    assert client.post("/admin/datasets/new/", data).status_code == 302
    assert Dataset.objects.get(name="chi-ngan-sach").organisation == organisation


def upload(client, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile("thu.csv", TABLE.encode()), **fields})


def test_the_import_offers_and_writes_into_the_editors_datasets_only(
    client, statistics_officer, population, budget, organisation, department
):
    client.force_login(statistics_officer)
    form = client.get(IMPORT).context["form"]
    assert list(form.fields["dataset"].queryset) == [population]
    assert list(form.fields["organisation"].queryset) == [organisation]

    # Into another organisation's dataset, or as a new dataset of another organisation.
    response = upload(client, dataset=budget.pk, resource="Bảng số liệu")
    assert "dataset" in response.context["form"].errors and "plan" not in response.context
    response = upload(client, title="Thu ngân sách 2024", organisation=department.pk)
    assert "organisation" in response.context["form"].errors and "plan" not in response.context

    # A preview of one's own, then its confirmation sent with the other's dataset.
    response = upload(client, dataset=population.pk, resource="Bảng số liệu")
    assert "Xác nhận nhập 1 số liệu" in response.content.decode()
    token = response.context["form"].data["token"]
    forged = {"token": token, "dataset": budget.pk, "resource": "Bảng số liệu", "confirm": "1"}
    response = client.post(IMPORT, forged)
    assert response.status_code == 200 and "dataset" in response.context["form"].errors
    assert not Observation.objects.exists()
    assert Dataset.objects.count() == 2

    response = client.post(IMPORT, {**forged, "dataset": population.pk})
    assert response.status_code == 302 and response.url == f"/admin/datasets/edit/{population.pk}/"
    assert Observation.objects.get().resource.dataset == population


def test_a_new_title_taken_by_another_organisation_is_named_as_such(
    client, statistics_officer, budget, organisation
):
    client.force_login(statistics_officer)
    response = upload(client, title="Thu ngân sách", organisation=organisation.pk)
    html = response.content.decode()
    assert "đã thuộc bộ dữ liệu của cơ quan khác" in html
    assert "hãy chọn bộ đó" not in html  # it is not among the editor's to choose
    assert not Observation.objects.exists()


def test_an_editor_no_organisation_has_taken_on_is_told_why(client, population, budget):
    client.force_login(data_editor("moi-vao"))
    response = client.get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "chưa được gắn với cơ quan nào" in html and "quản trị viên" in html
    assert 'name="file"' not in html
    assert listed(client) == set()
    new = client.get("/admin/datasets/new/").content.decode()
    assert "chưa được gắn với cơ quan nào" in new
    response = upload(client, dataset=population.pk, resource="Bảng số liệu")
    assert not Observation.objects.exists() and Dataset.objects.count() == 2


def test_a_private_dataset_shows_only_to_its_organisations_editors(
    client, statistics_officer, finance_officer, budget
):
    page = budget.get_absolute_url()
    download = budget.resources.get().download_url("csv")
    client.force_login(statistics_officer)
    assert client.get(page).status_code == 404
    assert client.get(download).status_code == 404

    client.force_login(finance_officer)
    assert client.get(page).status_code == 200
    assert client.get(download).status_code == 200
    # The APIs serve the public catalogue, whoever is signed in.
    assert client.get(f"/api/v1/datasets/{budget.name}").status_code == 404
    ckan = client.get("/api/3/action/package_show", {"id": budget.name})
    assert ckan.status_code == 404
    assert budget.name not in client.get("/api/3/action/package_list").content.decode()


def test_the_listing_reads_as_many_queries_for_twelve_datasets_as_for_three(
    client, statistics_officer, organisation
):
    """Each row shows its organisation, and its buttons depend on the editor's rights: neither
    may cost a query a row."""
    client.force_login(statistics_officer)

    def queries(rows: int) -> int:
        for i in range(Dataset.objects.count(), rows):
            Dataset.objects.create(name=f"bang-{i}", title=f"Bảng {i}", organisation=organisation)
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get("/admin/datasets/").context["object_list"]) == rows
        return len(captured)

    few = queries(3)
    assert queries(12) == few
