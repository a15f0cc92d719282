"""`/api/v1/contributions`: the admin's session, the desk's permissions, the project's schema."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cityportal.contributions.models import Attachment, Submission

S = Submission.Status
LIST = "/api/v1/contributions"


def numbers(response) -> set[str]:
    return {item["tracking_number"] for item in response.json()["items"]}


def test_permission_matrix(client, officers, make_submission, staff):
    ours = make_submission("so-tttt")
    theirs = make_submission("thu-duc", title="Bài của Thủ Đức")

    client.force_login(officers["so-tttt"])
    response = client.get(LIST)
    assert response.status_code == 200 and numbers(response) == {ours.tracking_number}
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(f"{LIST}/{ours.tracking_number}").status_code == 200
    # Another agency's submission is exactly as absent as one that does not exist.
    hidden = client.get(f"{LIST}/{theirs.tracking_number}")
    missing = client.get(f"{LIST}/DG-1999-99999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()

    client.force_login(officers["thu-duc"])
    assert numbers(client.get(LIST)) == {theirs.tracking_number}
    assert client.get(f"{LIST}/{ours.tracking_number}").status_code == 404

    client.force_login(staff["editor"])  # reviews every agency's work
    assert numbers(client.get(LIST)) == {ours.tracking_number, theirs.tracking_number}
    assert client.get(f"{LIST}/{theirs.tracking_number}").status_code == 200

    client.force_login(staff["reporter"])  # newsroom staff without the desk, as in the admin
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}/{ours.tracking_number}").status_code == 403

    client.logout()
    for url in (LIST, f"{LIST}/{ours.tracking_number}", f"{LIST}/DG-1999-99999"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert ours.title not in response.content.decode()


def test_list_fields_filter_and_pages(client, officers, agencies, make_submission, staff):
    first = make_submission("so-tttt", title="Bài thứ nhất")
    second = make_submission("so-tttt", title="Bài thứ hai", kind="event")
    second.move(S.IN_REVIEW, staff["editor"])
    client.force_login(officers["so-tttt"])

    data = client.get(LIST).json()
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Bài thứ hai", "Bài thứ nhất"]
    item = data["items"][0]
    assert item == {
        "tracking_number": second.tracking_number,
        "title": "Bài thứ hai",
        "kind": "event",
        "status": "in_review",
        "status_label": "Đang biên tập",
        "organisation": agencies["so-tttt"].name,
        "submitted_at": item["submitted_at"],
        "url": f"http://testserver/admin/contributions/{second.pk}/",
    }
    assert client.get(item["url"]).status_code == 200  # the admin page, same session

    assert numbers(client.get(LIST, {"status": "submitted"})) == {first.tracking_number}
    assert client.get(LIST, {"status": ""}).json()["count"] == 2  # the admin's "Tất cả"
    assert client.get(LIST, {"status": "accepted"}).json() == {"items": [], "count": 0}
    assert client.get(LIST, {"status": "lost"}).status_code == 422

    page = client.get(LIST, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and [i["title"] for i in page["items"]] == ["Bài thứ nhất"]
    assert client.get(LIST, {"limit": 0}).status_code == 422


def test_detail_has_content_history_and_attachments(client, officers, make_submission, staff):
    submission = make_submission("so-tttt", lead="Sapo", event_location="Hội trường")
    editor = staff["editor"]
    submission.move(S.IN_REVIEW, editor)
    submission.move(S.DECLINED, editor, "Trùng với bài đã đăng")
    attachment = Attachment.objects.create(
        submission=submission,
        file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 x"),
        original_name="quyết định.pdf",
        kind="pdf",
        size=10,
    )
    client.force_login(officers["so-tttt"])

    data = client.get(f"{LIST}/{submission.tracking_number}").json()
    assert data["status"] == "declined" and data["decline_reason"] == "Trùng với bài đã đăng"
    assert data["lead"] == "Sapo" and data["body"] == "<p>Nội dung bài.</p>"
    assert data["event_location"] == "Hội trường" and data["section"] is None
    assert [(h["from_status"], h["to_status"], h["note"]) for h in data["history"]] == [
        ("submitted", "in_review", ""),
        ("in_review", "declined", "Trùng với bài đã đăng"),
    ]
    url = f"http://testserver/admin/contributions/{submission.pk}/files/{attachment.pk}/"
    assert data["attachments"] == [
        {"name": "quyết định.pdf", "kind": "pdf", "size": 10, "caption": "", "url": url}
    ]
    assert client.get(url).status_code == 200


def test_photos_carry_the_agencys_captions(client, officers, make_submission):
    """One caption line per photo, in the order attached; files that are not photos have none,
    and a photo the agency gave no line gets an empty caption."""
    submission = make_submission("so-tttt", photo_captions="Toàn cảnh\n\n")
    for name, kind in [("a.jpg", "image"), ("qd.pdf", "pdf"), ("b.jpg", "image")]:
        Attachment.objects.create(
            submission=submission,
            file=SimpleUploadedFile(name, b"x"),
            original_name=name,
            kind=kind,
            size=1,
        )
    client.force_login(officers["so-tttt"])

    data = client.get(f"{LIST}/{submission.tracking_number}").json()
    assert [(a["name"], a["caption"]) for a in data["attachments"]] == [
        ("a.jpg", "Toàn cảnh"),
        ("qd.pdf", ""),
        ("b.jpg", ""),
    ]


def test_openapi_schema_lists_the_contributions_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/contributions"]["get"]
    detail = schema["paths"]["/api/v1/contributions/{tracking_number}"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"status", "limit", "offset"}
    assert {p["name"] for p in detail["parameters"]} == {"tracking_number"}
    # Both ask for the admin's session cookie.
    assert listing["security"] == detail["security"] == [{"SessionAuth": []}]
    assert schema["components"]["securitySchemes"]["SessionAuth"]["in"] == "cookie"
    item = schema["components"]["schemas"]["SubmissionOut"]["properties"]
    assert {"tracking_number", "title", "kind", "status", "organisation", "submitted_at"} <= set(
        item
    )
    assert "url" in item
    assert "history" in schema["components"]["schemas"]["SubmissionDetail"]["properties"]
    # The public endpoints stay public.
    assert "security" not in schema["paths"]["/api/v1/search"]["get"]
