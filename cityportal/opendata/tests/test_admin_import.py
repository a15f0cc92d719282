"""The admin upload: a report and preview first, nothing written until the editor confirms."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cityportal.opendata.models import Dataset, Observation, ResourceVersion

URL = "/admin/opendata/import/"
GOOD = "Chỉ tiêu;Đơn vị tính;Địa bàn;Năm;Giá trị\nGRDP;tỷ đồng;79;2023;1.234,5\nGRDP;tỷ đồng;79;2024;1.300\n"


@pytest.fixture
def admin(client, db):
    user = get_user_model().objects.create_superuser("data", "data@example.invalid", "pw")
    client.force_login(user)
    return user


def upload(client, content: str, name="grdp.csv", **fields):
    data = {
        "file": SimpleUploadedFile(name, content.encode()),
        "title": "GRDP Thành phố",
        "organisation": fields.pop("organisation"),
        "themes": [],
        **fields,
    }
    return client.post(URL, data)


def test_preview_then_confirm(client, admin, organisation):
    response = upload(client, GOOD, organisation=organisation.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "hợp lệ" in html and "Xác nhận nhập 2 số liệu" in html
    assert "1234,5" in html  # the preview shows the parsed value, in Vietnamese notation
    assert "dạng bảng: mỗi dòng một số liệu" in html  # not the importer's word "tidy"
    assert not Observation.objects.exists() and not Dataset.objects.exists()

    token = response.context["form"].data["token"]
    response = client.post(
        URL,
        {
            "token": token,
            "title": "GRDP Thành phố",
            "organisation": organisation.pk,
            "confirm": "1",
        },
    )
    dataset = Dataset.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/datasets/edit/{dataset.pk}/"
    assert dataset.title == "GRDP Thành phố" and dataset.organisation == organisation
    assert Observation.objects.count() == 2
    assert ResourceVersion.objects.get().created_by == admin


def test_errors_are_listed_and_nothing_written(client, admin, organisation):
    bad = GOOD + "GRDP;tỷ đồng;Atlantis;2024;abc\n"
    response = upload(client, bad, organisation=organisation.pk)
    html = response.content.decode()
    assert "có 1 lỗi, chưa ghi gì" in html
    assert "dòng 4" not in html and "không phải là số" in html
    assert 'name="confirm"' not in html
    assert not Observation.objects.exists() and not Dataset.objects.exists()


def test_a_forged_token_is_refused(client, admin, organisation):
    response = client.post(
        URL,
        {
            "token": "../../settings.py",
            "title": "X",
            "organisation": organisation.pk,
            "confirm": "1",
        },
    )
    assert "hết hạn" in response.content.decode()
    assert not Dataset.objects.exists()


def test_new_dataset_needs_title_and_organisation(client, admin):
    response = client.post(URL, {"file": SimpleUploadedFile("a.csv", GOOD.encode())})
    assert response.context["form"].errors.keys() == {"title", "organisation"}


def test_only_data_editors_may_import(client, organisation):
    from django.contrib.auth.models import Group

    from cityportal.contributions.models import Membership
    from cityportal.opendata.editors import DATA_EDITORS

    user = get_user_model().objects.create_user("phong-thong-ke", password="pw")
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    user.groups.add(Group.objects.get(name=DATA_EDITORS))  # made after migrate
    Membership.objects.create(user=user, organisation=organisation)  # publishes for it
    response = client.get(URL)
    assert response.status_code == 200 and "Tệp số liệu" in response.content.decode()
    assert client.get("/admin/datasets/").status_code == 200


def test_an_oversized_upload_is_refused_before_reading(client, admin, organisation, settings):
    settings.OPENDATA_MAX_UPLOAD_BYTES = 1000
    big = "Chỉ tiêu;Địa bàn;Năm;Giá trị\n" + "GRDP;79;2023;1\n" * 200
    response = upload(client, big, organisation=organisation.pk)
    assert "vượt giới hạn" in response.content.decode()
    assert not Dataset.objects.exists()


def test_a_new_dataset_may_not_take_an_existing_address(client, admin, organisation, make_dataset):
    # Public, and named as the title below would be: the upload must not land in it.
    public = make_dataset(name="grdp-thanh-pho", title="GRDP (công khai)")
    response = upload(client, GOOD, organisation=organisation.pk, private="on")
    assert "Đã có bộ dữ liệu với địa chỉ /du-lieu/grdp-thanh-pho/" in response.content.decode()
    assert "plan" not in response.context
    assert not Observation.objects.filter(resource__dataset=public).exists()
    assert Dataset.objects.count() == 1


def workbook_with_a_cover_sheet() -> bytes:
    workbook = Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Số liệu do Cục Thống kê lập, cập nhật tháng 6/2025"])
    figures = workbook.create_sheet("Số liệu")
    figures.append(["Chỉ tiêu", "Địa bàn", "Năm", "Giá trị"])
    figures.append(["GRDP", "79", 2023, 1234.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_editor_picks_the_sheet_that_holds_the_figures(client, admin, organisation):
    data = {"title": "GRDP Thành phố", "organisation": organisation.pk}
    upload = SimpleUploadedFile("grdp.xlsx", workbook_with_a_cover_sheet())
    html = client.post(URL, {**data, "file": upload}).content.decode()
    assert "chưa ghi gì" in html
    assert "Đã đọc trang tính đầu tiên, &#x27;Ghi chú&#x27;; tệp còn có &#x27;Số liệu&#x27;" in html

    upload = SimpleUploadedFile("grdp.xlsx", workbook_with_a_cover_sheet())
    response = client.post(URL, {**data, "file": upload, "sheet": "Số liệu"})
    assert "Xác nhận nhập 1 số liệu" in response.content.decode()
    token = response.context["form"].data["token"]
    client.post(URL, {**data, "token": token, "sheet": "Số liệu", "confirm": "1"})
    assert Observation.objects.get().value == 1234.5


def confirm(client, response, **fields):
    token = response.context["form"].data["token"]
    return client.post(URL, {"token": token, "confirm": "1", **fields})


def test_a_source_given_for_an_existing_dataset_is_cited_by_the_new_figures(
    client, admin, organisation, make_dataset
):
    """The dataset's source is what its other tables cite: it stays, and the table uploaded
    into it cites the source the editor typed, as the dataset page and the API then show."""
    dataset = make_dataset([("GRDP", "tỷ đồng", "79", 2022, 1.1)], name="grdp")
    fields = {"dataset": dataset.pk, "source": "Báo cáo của Sở Tài chính", "resource": "Mới"}
    response = upload(client, GOOD, organisation=organisation.pk, **fields)
    assert "Nguồn “Báo cáo của Sở Tài chính” được ghi cho các số liệu của bảng này" in (
        response.content.decode()
    )
    confirm(client, response, organisation=organisation.pk, **fields)
    dataset.refresh_from_db()
    assert dataset.source == "Niên giám thống kê"
    cited = Observation.objects.filter(resource__dataset=dataset).order_by("period")
    assert [(o.period, o.source) for o in cited] == [
        ("2022", ""),
        ("2023", "Báo cáo của Sở Tài chính"),
        ("2024", "Báo cáo của Sở Tài chính"),
    ]
    assert "Báo cáo của Sở Tài chính" in client.get(dataset.get_absolute_url()).content.decode()


def test_an_existing_dataset_without_a_source_takes_the_one_given(
    client, admin, organisation, make_dataset
):
    dataset = make_dataset(name="grdp")
    Dataset.objects.filter(pk=dataset.pk).update(source="")
    fields = {"dataset": dataset.pk, "source": "Báo cáo của Sở Tài chính"}
    response = upload(client, GOOD, organisation=organisation.pk, **fields)
    assert "chưa ghi nguồn: sẽ ghi nguồn “Báo cáo của Sở Tài chính”" in response.content.decode()
    confirm(client, response, organisation=organisation.pk, **fields)
    dataset.refresh_from_db()
    assert dataset.source == "Báo cáo của Sở Tài chính"
    assert not Observation.objects.exclude(source="").exists()  # they cite the dataset's


def test_the_editor_chooses_the_decimal_mark_a_file_leaves_unclear(client, admin, organisation):
    """Under English headings "512.000" reads either way: refused, named, then read as the
    editor's "Dấu thập phân" says, in the preview and in what is written."""
    unclear = "indicator;area;period;value\nVisitors;79;2024;512.000\nVisitors;79;2025;1.234\n"
    html = upload(client, unclear, organisation=organisation.pk).content.decode()
    assert "<td>value</td><td>không rõ cách viết số: &#x27;512.000&#x27; có thể là 512000" in html
    assert "Hãy chọn “Dấu thập phân”" in html
    assert 'name="confirm"' not in html

    response = upload(client, unclear, organisation=organisation.pk, decimal_mark=",")
    assert "Xác nhận nhập 2 số liệu" in response.content.decode()
    client.post(
        URL,
        {
            "token": response.context["form"].data["token"],
            "title": "GRDP Thành phố",
            "organisation": organisation.pk,
            "decimal_mark": ",",
            "confirm": "1",
        },
    )
    assert sorted(Observation.objects.values_list("value", flat=True)) == [1234, 512000]
