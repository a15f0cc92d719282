"""Editors' requests for content: asking one agency or several, each told at once, and the
listing and scorecard that say who answered and who is late."""

import datetime

from django.utils import timezone


def test_editor_asks_an_agency_and_reads_the_scorecard(client, staff, agencies, make_submission):
    import datetime

    from django.utils import timezone

    from cityportal.contributions.models import ContentRequest

    client.force_login(staff["editor"])
    due = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        "/admin/content_requests/new/",
        {
            "organisation": agencies["thu-duc"].pk,
            "title": "Số liệu kinh tế - xã hội tháng 10",
            "description": "",
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    request = ContentRequest.objects.get()
    assert request.organisation == agencies["thu-duc"]
    assert request.created_by == staff["editor"]  # the overdue reminder goes back to them
    make_submission("so-tttt")
    page = client.get("/admin/reports/contributions/").content.decode()
    assert "Sở Thông tin và Truyền thông" in page and "UBND Thành phố Thủ Đức" in page
    rows = {
        name: cells
        for name, *cells in [
            [c.strip() for c in row.split("</td><td>")] for row in page.split("<tr><td>")[1:]
        ]
    }
    assert rows["Sở Thông tin và Truyền thông"][0] == "1"  # one submission this quarter
    assert rows["UBND Thành phố Thủ Đức"][-1].startswith("1")  # one overdue request


def test_editor_asks_several_agencies_at_once(client, staff, agencies):
    """The request form took one agency: asking every ward for the same figures meant filling it
    in once per ward."""
    from cityportal.contributions.models import ContentRequest

    client.force_login(staff["editor"])
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        "/admin/content_requests/new/",
        {
            "organisation": [agencies["thu-duc"].pk, agencies["so-tttt"].pk],
            "title": "Tin hoạt động tháng 12",
            "description": "Kèm ảnh",
            "due_date": due.isoformat(),
        },
        follow=True,
    )
    asked = ContentRequest.objects.order_by("organisation__name")
    assert [r.organisation for r in asked] == [agencies["so-tttt"], agencies["thu-duc"]]
    assert {(r.title, r.description, r.due_date, r.created_by) for r in asked} == {
        ("Tin hoạt động tháng 12", "Kèm ảnh", due, staff["editor"])
    }
    assert "tới 2 cơ quan" in response.content.decode()
    from bs4 import BeautifulSoup

    copy = BeautifulSoup(
        client.get(f"/admin/content_requests/copy/{asked[0].pk}/").content, "html.parser"
    )
    checked = [box["value"] for box in copy.select("input[name=organisation][checked]")]
    assert checked == [str(agencies["so-tttt"].pk)]  # a copy asks the same agency again


def test_the_requests_listing_says_who_answered_and_who_is_late(
    client, staff, agencies, make_submission
):
    """The listing showed title, agency and due date only: nothing said which agencies had
    answered and which were late."""
    from bs4 import BeautifulSoup

    from cityportal.contributions.models import ContentRequest

    today = timezone.localdate()
    late = ContentRequest.objects.create(
        organisation=agencies["thu-duc"],
        title="Số liệu quý III",
        due_date=today - datetime.timedelta(days=3),
    )
    answered = ContentRequest.objects.create(
        organisation=agencies["so-tttt"],
        title="Tin chuyển đổi số",
        due_date=today - datetime.timedelta(days=1),
    )
    make_submission("so-tttt", request=answered)
    ContentRequest.objects.create(
        organisation=agencies["so-tttt"],
        title="Tin tháng 12",
        due_date=today + datetime.timedelta(days=5),
    )
    client.force_login(staff["editor"])
    page = BeautifulSoup(client.get("/admin/content_requests/").content, "html.parser")
    rows = {
        cells[0].split(" Sửa")[0]: cells[-1]
        for cells in [
            [td.get_text(" ", strip=True) for td in row.select("td")]
            for row in page.select("table.listing tbody tr")
        ]
    }
    assert "Quá hạn 3 ngày" in rows[late.title]
    assert f"Đã gửi {today:%d/%m/%Y}" in rows[answered.title]
    assert "Chưa gửi" in rows["Tin tháng 12"]


def test_each_agency_asked_hears_of_the_request_at_once(
    client, staff, agencies, officers, smtp, django_capture_on_commit_callbacks
):
    """Agencies heard of a request first from the reminder days before it was due (or not at
    all, if it was due sooner): a ward that does not watch its dashboard missed it."""
    from cityportal.contributions.models import ContentRequest

    client.force_login(staff["editor"])
    due = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/content_requests/new/",
            {
                "organisation": [agencies["thu-duc"].pk, agencies["so-tttt"].pk],
                "title": "Tin hoạt động tháng 12",
                "description": "Kèm ảnh",
                "due_date": due.isoformat(),
            },
        )
    mails = {tuple(to): text for to, text in smtp.messages}
    assert set(mails) == {("thu-duc@example.invalid",), ("so-tttt@example.invalid",)}
    asked = ContentRequest.objects.get(organisation=agencies["thu-duc"])
    text = mails[("thu-duc@example.invalid",)]
    assert text.strip().startswith(
        f"Đề nghị cung cấp tin: Tin hoạt động tháng 12 (hạn {due:%d/%m/%Y})"
    )
    assert "Kèm ảnh" in text and f"/admin/contributions/new/?request={asked.pk}" in text


def test_a_due_date_is_read_day_first_and_picked_from_a_calendar(client, staff, agencies):
    """The due date was a bare text box read the American way: "05/12/2026", as the listing
    itself writes 5 December, was saved as 12 May (overdue at once, the agency reminded) and
    "25/12/2026" refused."""
    from cityportal.contributions.models import ContentRequest

    client.force_login(staff["editor"])
    form = client.get("/admin/content_requests/new/").content.decode()
    assert 'initDateChooser("id_due_date"' in form  # Wagtail's calendar
    response = client.post(
        "/admin/content_requests/new/",
        {
            "organisation": agencies["thu-duc"].pk,
            "title": "Số liệu quý IV",
            "due_date": "05/12/2026",
        },
    )
    assert response.status_code == 302
    request = ContentRequest.objects.get()
    assert request.due_date == datetime.date(2026, 12, 5)

    edit = f"/admin/content_requests/edit/{request.pk}/"
    assert 'value="05/12/2026"' in client.get(edit).content.decode()
    data = {
        "organisation": agencies["thu-duc"].pk,
        "title": request.title,
        "due_date": "25/12/2026",
    }
    assert client.post(edit, data).status_code == 302
    request.refresh_from_db()
    assert request.due_date == datetime.date(2026, 12, 25)
