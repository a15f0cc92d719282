"""Agencies answer the enquiries routed to them in the admin: a member sees their agency's
enquiries and only those, writes the answer, marks it answered (the citizen hears once, through
the real SMTP server); the desk still publishes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from cityportal.contributions.models import Membership
from cityportal.core.models import Organisation
from cityportal.feedback.models import Enquiry, EnquiryAttachment
from cityportal.news.newsroom import CONTRIBUTOR

S = Enquiry.Status
LIST = "/admin/feedback/agency-enquiries/"


@pytest.fixture
def agencies(db):
    return {
        "gtvt": Organisation.objects.create(slug="so-gtvt", name="Sở Giao thông vận tải"),
        "tnmt": Organisation.objects.create(slug="so-tnmt", name="Sở Tài nguyên và Môi trường"),
    }


@pytest.fixture
def members(agencies):
    """members["gtvt"] answers for transport, members["tnmt"] for the environment."""
    group = Group.objects.get(name=CONTRIBUTOR)
    found = {}
    for key, agency in agencies.items():
        user = get_user_model().objects.create_user(
            f"cb-{key}", f"{key}@example.invalid", "pw", first_name=f"Cán bộ {key}"
        )
        user.groups.add(group)
        Membership.objects.create(user=user, organisation=agency)
        found[key] = user
    return found


@pytest.fixture
def routed(agencies, private_storage):
    def make(key, title, **fields):
        return Enquiry.objects.create(
            kind="question",
            topic="giao-thong",
            title=title,
            body=f"Nội dung: {title}",
            name="Phạm Thị Dung",
            email=f"dung-{key}@example.invalid",
            agency=agencies[key] if key else None,
            status=S.ASSIGNED if key else S.RECEIVED,
            **fields,
        )

    found = {
        "gtvt": make("gtvt", "Giờ chạy tuyến buýt điện D4"),
        "tnmt": make("tnmt", "Ô nhiễm kênh Tàu Hủ"),
        "none": make(None, "Chưa phân công"),
    }
    EnquiryAttachment.objects.create(
        enquiry=found["tnmt"],
        file=SimpleUploadedFile("anh-kenh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        original_name="anh-kenh.jpg",
        content_type="image/jpeg",
        size=24,
    )
    return found


def test_a_member_sees_only_the_enquiries_routed_to_their_agency(client, members, routed):
    client.force_login(members["gtvt"])
    home = client.get("/admin/").content.decode()
    assert LIST in home  # their menu item
    listing = client.get(LIST).content.decode()
    assert "Giờ chạy tuyến buýt điện D4" in listing
    assert "Ô nhiễm kênh Tàu Hủ" not in listing and "Chưa phân công" not in listing
    mine = client.get(f"{LIST}{routed['gtvt'].pk}/")
    assert (
        mine.status_code == 200 and "Nội dung: Giờ chạy tuyến buýt điện D4" in mine.content.decode()
    )
    # Another agency's enquiry, its file, and the desk's own pages are out of reach.
    assert client.get(f"{LIST}{routed['tnmt'].pk}/").status_code == 404
    assert client.post(f"{LIST}{routed['tnmt'].pk}/", {"answer": "x"}).status_code == 404
    photo = routed["tnmt"].attachments.get()
    download = f"/admin/feedback/enquiries/{routed['tnmt'].pk}/files/{photo.pk}/"
    assert client.get(download).status_code == 404
    desk_page = client.get(f"/admin/enquiries/edit/{routed['tnmt'].pk}/")
    assert desk_page.status_code == 302 and desk_page.url == "/admin/"
    routed["tnmt"].refresh_from_db()
    assert routed["tnmt"].answer == ""


def test_the_agency_downloads_its_own_files(client, members, routed):
    client.force_login(members["tnmt"])
    page = client.get(f"{LIST}{routed['tnmt'].pk}/").content.decode()
    photo = routed["tnmt"].attachments.get()
    download = f"/admin/feedback/enquiries/{routed['tnmt'].pk}/files/{photo.pk}/"
    assert download in page
    served = client.get(download)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8\xff")


def test_someone_in_no_agency_is_refused(client, staff, routed):
    client.force_login(staff["reporter"])
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    for url in (LIST, f"{LIST}{routed['gtvt'].pk}/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused.url == "/admin/"
    assert LIST not in client.get("/admin/").content.decode()


def test_the_agency_answers_the_citizen_hears_once_and_the_desk_publishes(
    client, members, routed, smtp, django_capture_on_commit_callbacks
):
    enquiry, url = routed["gtvt"], f"{LIST}{routed['gtvt'].pk}/"
    client.force_login(members["gtvt"])
    empty = client.post(url, {"answer": "  ", "action": "answered"})
    assert "Vui lòng nhập nội dung trả lời." in empty.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": "Bản nháp", "action": "draft"})
    enquiry.refresh_from_db()
    assert enquiry.answer == "Bản nháp" and enquiry.status == S.ASSIGNED
    assert enquiry.answered_at is None and smtp.messages == []

    answer = "Tuyến D4 chạy từ 5 giờ đến 21 giờ hằng ngày."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": answer, "action": "answered"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == S.ANSWERED and enquiry.answer == answer
    assert enquiry.answered_by == members["gtvt"] and enquiry.answered_at is not None
    [(recipients, text)] = smtp.messages
    assert recipients == ["dung-gtvt@example.invalid"]
    assert answer in text and "Sở Giao thông vận tải" in text and enquiry.tracking_code in text

    # A correction, then the desk publishes: no second e-mail, and the first answer is on record.
    answered_at = enquiry.answered_at
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"answer": answer + " Thứ Bảy đến 22 giờ.", "action": "answered"})
    desk = get_user_model().objects.create_superuser("desk", "desk@example.invalid", "pw")
    client.force_login(desk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/enquiries/edit/{enquiry.pk}/",
            {
                "status": "published",
                "agency": enquiry.agency_id,
                "due_date": enquiry.due_date.isoformat(),
                "answer": answer + " Thứ Bảy đến 22 giờ.",
            },
        )
    enquiry.refresh_from_db()
    assert enquiry.status == S.PUBLISHED and "Thứ Bảy" in enquiry.answer
    assert enquiry.answered_at == answered_at and enquiry.answered_by == members["gtvt"]
    assert len(smtp.messages) == 1
    assert client.get(enquiry.get_absolute_url()).status_code == 200

    # Published: the agency can read it, no longer change it.
    client.force_login(members["gtvt"])
    refused = client.post(url, {"answer": "Sửa sau khi công bố", "action": "answered"})
    assert refused.status_code == 302 and refused.url == "/admin/"
    enquiry.refresh_from_db()
    assert enquiry.answer == answer + " Thứ Bảy đến 22 giờ."
    assert "không sửa được nữa" in client.get(url).content.decode()


def test_the_desk_listing_reads_agencies_with_the_enquiries(client, db):
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cityportal.core.models import Organisation
    from cityportal.feedback.models import Enquiry

    desk = get_user_model().objects.create_superuser("desk-n1", "n1@example.invalid", "pw")
    client.force_login(desk)

    def add(n):
        agency = Organisation.objects.create(name=f"Sở số {n}", slug=f"so-{n}")
        Enquiry.objects.create(
            kind=Enquiry.Kind.QUESTION,
            topic=Enquiry.Topic.URBAN,
            title=f"Câu hỏi {n}",
            body="Xin hỏi về giấy phép xây dựng",
            name="Người hỏi",
            email=f"hoi{n}@example.invalid",
            agency=agency,
            due_date=datetime.date(2026, 12, 20),
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/enquiries/").status_code == 200
        return len(captured)

    add(0)
    add(1)
    few = queries()
    for n in range(2, 10):
        add(n)
    assert queries() == few  # not one more query per row's agency
