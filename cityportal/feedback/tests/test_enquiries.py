"""Ideas and questions: the public form, the tracking code, due dates, routing and status,
the published Q&A and its figures."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.feedback.models import Enquiry
from cityportal.reports.kpis import REGISTRY

S = Enquiry.Status
pytestmark = pytest.mark.django_db


def send(client, **fields):
    data = {
        "kind": "question",
        "topic": "hanh-chinh",
        "title": "Thủ tục cấp phép xây dựng nhà ở",
        "body": "Xin hỏi hồ sơ cấp phép xây dựng nhà ở riêng lẻ gồm những gì?",
        "name": "Trần Thị Bình",
        "email": "binh@example.invalid",
        "consent": "on",
        **fields,
    }
    return client.post("/gop-y/", data, REMOTE_ADDR="203.0.113.9", follow=True)


def test_a_question_gets_a_tracking_code_and_a_due_date(client):
    ward = AdministrativeUnit.objects.local().current().filter(level="ward").first()
    response = send(client, place=ward.pk)
    enquiry = Enquiry.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and enquiry.tracking_code in html
    assert len(enquiry.tracking_code) == 8 and enquiry.status == S.RECEIVED
    assert enquiry.due_date == timezone.localdate() + datetime.timedelta(days=15)
    assert enquiry.place == ward
    idea = send(client, kind="idea", email="y@example.invalid")
    assert idea.status_code == 200
    assert Enquiry.objects.get(kind="idea").due_date == timezone.localdate() + datetime.timedelta(
        days=30
    )


def test_the_code_lands_on_its_status_page_and_a_resent_form_files_nothing_new(client):
    """Post/redirect/get: a reload of the page with the code only reads it; the same question
    sent again from the same address (Back and send, a second tap) is the same enquiry."""
    first = send(client)
    enquiry = Enquiry.objects.get()
    status_url = f"/gop-y/theo-doi/?ma={enquiry.tracking_code}&moi=1"
    assert first.redirect_chain == [(status_url, 302)]
    html = first.content.decode()
    assert f"mã tra cứu {enquiry.tracking_code}" in html and "Cảm ơn bạn" in html
    assert client.get(status_url).status_code == 200
    again = send(client)
    assert again.redirect_chain == [(status_url, 302)]
    assert Enquiry.objects.count() == 1
    send(client, title="Thủ tục cấp phép sửa chữa nhà ở")  # another question is another one
    assert Enquiry.objects.count() == 2
    # Followed later by its code alone, the page does not thank again.
    assert (
        "Cảm ơn bạn"
        not in client.get(f"/gop-y/theo-doi/?ma={enquiry.tracking_code}").content.decode()
    )


@pytest.mark.parametrize("typed", ["{code}", " {lower} ", "{a}-{b}", "{a} {b}", "{a}.{b}"])
def test_a_code_is_found_however_it_is_typed(client, typed):
    send(client)
    code = Enquiry.objects.get().tracking_code
    asked = typed.format(code=code, lower=code.lower(), a=code[:4], b=code[4:])
    response = client.get("/gop-y/theo-doi/", {"ma": asked})
    assert response.status_code == 200 and code in response.content.decode()


def test_missing_fields_are_explained_and_nothing_is_saved(client):
    response = send(client, title="", email="", consent="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập tiêu đề." in html and "Vui lòng nhập email." in html
    assert "Cần đồng ý với việc xử lý dữ liệu cá nhân" in html
    assert "hồ sơ cấp phép" in html  # the text typed is kept
    assert not Enquiry.objects.exists()


def test_a_wrong_answer_is_said_at_the_top_and_the_field_takes_the_focus(client):
    """The page comes back at its top: a phone user must see at once what to fix."""
    response = send(client, consent="", phone="090-abc", topic="")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text().startswith("Lỗi")
    summary = soup.select_one(".form-errors[role=alert]")
    assert summary.find_previous(class_="field") is None  # above the fields, not after them
    links = {a["href"]: a.find_parent("li").get_text() for a in summary.select("a")}
    assert set(links) == {"#id_topic", "#id_phone", "#id_consent"}
    assert "Vui lòng chọn lĩnh vực" in links["#id_topic"]  # a list is chosen, not typed
    assert "chỉ gồm chữ số" in links["#id_phone"]
    assert links["#id_consent"].startswith("Đồng ý xử lý dữ liệu cá nhân: Cần đồng ý")
    assert soup.select("[autofocus]") == [summary]  # the list of what to fix has the focus
    assert summary["tabindex"] == "-1"
    phone = soup.select_one("#id_phone")
    assert phone["type"] == "tel"  # the number keyboard on a phone
    raw = re.search(r'<input[^>]*name="phone"[^>]*>', response.content.decode()).group()
    assert 'type="text"' not in raw  # browsers read the first of two type attributes
    # Read out with the field: its hint and its error, by the ids Django points to.
    hint, error = (soup.find(id=name) for name in phone["aria-describedby"].split())
    assert "không hiển thị công khai" in hint.get_text() and "chữ số" in error.get_text()


def test_the_consent_says_what_an_enquiry_shares_and_with_whom(client):
    html = client.get("/gop-y/").content.decode()
    assert "chuyển tới cơ quan có thẩm quyền" in html and "số điện thoại và tệp đính kèm" in html
    assert "Họ tên được hiển thị cùng câu trả lời công khai" in html
    assert "hiển thị bình luận" not in html  # the comment form's wording, not this one's


def test_the_honeypot_keeps_the_enquiry_for_a_person_and_counts_it_nowhere(client):
    send(client, website="http://spam.example")
    assert Enquiry.objects.get().status == S.SUSPECT
    # Neither "handled" on the public Q&A page nor "received" in the quarterly report.
    assert Enquiry.objects.counts() == {"handled": 0, "in_progress": 0, "overdue": 0}
    received = REGISTRY["feedback_received"].compute
    today = timezone.localdate()
    assert received(today, today).value == 0
    send(client, email="that@example.invalid")
    assert received(today, today).value == 1


def test_following_by_code_shows_status_and_never_personal_data(client):
    send(client)
    enquiry = Enquiry.objects.get()
    agency = Organisation.objects.create(slug="so-xd", name="Sở Xây dựng")
    enquiry.agency, enquiry.status = agency, S.ASSIGNED
    enquiry.save()
    html = client.get("/gop-y/theo-doi/", {"ma": enquiry.tracking_code.lower()}).content.decode()
    assert "Đã chuyển cơ quan trả lời" in html and "Sở Xây dựng" in html
    assert "binh@example.invalid" not in html and "Trần Thị Bình" not in html
    missing = client.get("/gop-y/theo-doi/", {"ma": "ZZZZZZZZ"})
    assert missing.status_code == 404 and "Không tìm thấy mã" in missing.content.decode()


def test_an_address_guessing_codes_is_refused_even_the_right_one(client, settings):
    """The code alone opens an enquiry's title, status and answer: an address that asked for
    too many codes that do not exist gets no more answers for a while, right code or wrong; a
    citizen elsewhere is not affected."""
    settings.FEEDBACK_LOOKUP_MISSES_PER_IP = (3, 3600)
    send(client)
    code = Enquiry.objects.get().tracking_code
    guesser = {"REMOTE_ADDR": "198.51.100.7"}
    for guess in ("AAAAAAAA", "AAAAAAAB", "AAAAAAAC"):
        assert client.get("/gop-y/theo-doi/", {"ma": guess}, **guesser).status_code == 404
    refused = client.get("/gop-y/theo-doi/", {"ma": code}, **guesser)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "thử lại sau" in html and "Thủ tục cấp phép xây dựng" not in html
    elsewhere = client.get("/gop-y/theo-doi/", {"ma": code}, REMOTE_ADDR="203.0.113.50")
    assert (
        elsewhere.status_code == 200 and "Thủ tục cấp phép xây dựng" in elsewhere.content.decode()
    )


def test_the_code_holder_reads_the_answer_before_it_is_published(client):
    """The page said "Đã có trả lời" and nothing more: a citizen whose answer mail was lost,
    filtered as spam or never sent (the mail server down) could not read it anywhere."""
    send(client)
    enquiry = Enquiry.objects.get()
    enquiry.agency = Organisation.objects.create(slug="so-xd", name="Sở Xây dựng")
    enquiry.answer, enquiry.status = "Hồ sơ gồm đơn đề nghị\nvà bản vẽ thiết kế.", S.ANSWERED
    enquiry.save()
    soup = BeautifulSoup(
        client.get("/gop-y/theo-doi/", {"ma": enquiry.tracking_code}).content, "html.parser"
    )
    section = soup.find("section", attrs={"aria-labelledby": "tra-loi"})
    assert section.h2.get_text() == "Trả lời của Sở Xây dựng"
    assert "Hồ sơ gồm đơn đề nghị" in section.get_text() and section.find("br")


def test_published_answers_are_searchable_without_diacritics_with_figures(client):
    agency = Organisation.objects.create(slug="so-xd", name="Sở Xây dựng")
    today = timezone.localdate()
    answered = Enquiry.objects.create(
        kind="question",
        topic="do-thi",
        title="Thủ tục cấp phép xây dựng",
        body="Hồ sơ gồm những gì?",
        name="Bình",
        email="binh@example.invalid",
        agency=agency,
        answer="Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế.",
        status=S.PUBLISHED,
    )
    Enquiry.objects.create(
        kind="idea",
        topic="giao-thong",
        title="Thêm làn xe đạp",
        body="…",
        name="An",
        email="an@example.invalid",
        due_date=today - datetime.timedelta(days=1),  # overdue, still open
    )
    Enquiry.objects.create(
        kind="question",
        topic="khac",
        title="Chưa trả lời",
        body="…",
        name="C",
        email="c@example.invalid",
    )
    page = client.get("/hoi-dap/", {"q": "thu tuc cap phep"}).content.decode()
    assert "Thủ tục cấp phép xây dựng" in page and "Thêm làn xe đạp" not in page
    assert "Đã xử lý <strong>1</strong>" in page and "đang xử lý <strong>2</strong>" in page
    assert "quá hạn <strong>1</strong>" in page
    detail = client.get(answered.get_absolute_url()).content.decode()
    assert "bản vẽ thiết kế" in detail and "Sở Xây dựng" in detail
    assert "binh@example.invalid" not in detail
    unpublished = Enquiry.objects.get(title="Chưa trả lời")
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    assert Enquiry.objects.overdue().count() == 1


def test_published_answers_are_in_the_sitemap_and_nothing_else_sent_is(client):
    """The sitemap listed pages and datasets but none of the agencies' published answers, the
    pages that answer what citizens ask a search engine; the questions not yet answered, or
    answered but not published, stay out."""
    when = timezone.now() - datetime.timedelta(days=3)
    fields = {"kind": "question", "topic": "do-thi", "body": "…", "email": "b@example.invalid"}
    published = Enquiry.objects.create(
        title="Xin phép sửa nhà", name="Bình", answer="Không cần.", status=S.PUBLISHED, **fields
    )
    Enquiry.objects.filter(pk=published.pk).update(answered_at=when)
    answered = Enquiry.objects.create(
        title="Chưa công bố", name="An", answer="…", status=S.ANSWERED, **fields
    )
    received = Enquiry.objects.create(title="Mới nhận", name="C", **fields)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = dict(
        re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", response.content.decode())
    )
    url = f"http://testserver{published.get_absolute_url()}"
    assert locs[url] == f"{timezone.localtime(when):%Y-%m-%d}"
    for hidden in (answered, received):
        assert not any(hidden.tracking_code in loc for loc in locs)
    assert client.get(published.get_absolute_url()).status_code == 200


def test_the_answers_index_is_in_the_sitemap_dated_by_its_newest_published_answer(client):
    """/hoi-dap/ is a Django view, so the sitemap (Wagtail pages, datasets, answers) left it
    out; an answer not yet published, however recent, does not date it."""
    fields = {"kind": "question", "topic": "do-thi", "body": "…", "email": "b@example.invalid"}
    now = timezone.now()
    for days, status in [(20, S.PUBLISHED), (6, S.PUBLISHED), (1, S.ANSWERED)]:
        enquiry = Enquiry.objects.create(
            title=f"Câu hỏi {days}", name="Bình", answer="…", status=status, **fields
        )
        Enquiry.objects.filter(pk=enquiry.pk).update(
            answered_at=now - datetime.timedelta(days=days)
        )

    body = client.get("/sitemap.xml").content.decode()
    locs = dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", body))
    newest = timezone.localtime(now - datetime.timedelta(days=6))
    assert locs["http://testserver/hoi-dap/"] == f"{newest:%Y-%m-%d}"
    assert client.get("/hoi-dap/").status_code == 200


def test_rate_limit_answers_429(client, settings):
    settings.FEEDBACK_RATE_PER_IP = (1, 600)
    assert send(client).status_code == 200
    limited = send(client, email="z@example.invalid", title="Lần hai")
    assert limited.status_code == 429 and "Lần hai" in limited.content.decode()
    assert Enquiry.objects.count() == 1


def test_published_answers_are_in_the_site_search(django_capture_on_commit_callbacks):
    from cityportal.search import engine

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = Enquiry.objects.create(
            kind="question",
            topic="giao-thong",
            title="Giờ hoạt động của tuyến buýt điện",
            body="Tuyến chạy đến mấy giờ?",
            name="An",
            email="an@example.invalid",
            answer="Tuyến hoạt động từ 5 giờ đến 22 giờ.",
            status=S.PUBLISHED,
        )
    hits = engine.search("gio hoat dong tuyen buyt dien", limit=5).hits
    assert hits and hits[0].document.url == enquiry.get_absolute_url()
    assert hits[0].document.kind == "question"


def test_a_persons_enquiries_are_exported_and_erased(client):
    from cityportal.feedback.privacy import erase_person, export_person

    send(client, email="Binh@Example.invalid", phone="0909123456")
    send(client, email="other@example.invalid", title="Của người khác")
    exported = export_person("binh@example.invalid")
    assert [e["phone"] for e in exported["enquiries"]] == ["0909123456"]
    assert erase_person("binh@example.invalid", by="test") == 1
    mine = Enquiry.objects.exclude(email="other@example.invalid").get()
    assert mine.name == "Người dùng đã xóa" and not mine.phone and not mine.ip_address
    assert "binh" not in mine.email.lower()
    assert export_person("binh@example.invalid")["enquiries"] == []
    assert Enquiry.objects.filter(email="other@example.invalid").exists()


def test_the_desk_routes_answers_and_publishes(
    client, staff, smtp, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("desk", "desk@example.invalid", "pw")
    client.force_login(admin)
    enquiry = Enquiry.objects.create(
        kind="question",
        topic="do-thi",
        title="Hỏi về quy hoạch",
        body="…",
        name="A",
        email="a@example.invalid",
    )
    agency = Organisation.objects.create(slug="so-qhkt", name="Sở Quy hoạch - Kiến trúc")
    edit = f"/admin/enquiries/edit/{enquiry.pk}/"
    base = {"due_date": enquiry.due_date.isoformat(), "answer": ""}
    client.post(edit, {**base, "status": "received", "agency": agency.pk})
    enquiry.refresh_from_db()
    assert enquiry.status == S.ASSIGNED and enquiry.agency == agency  # routing moves it on
    refused = client.post(edit, {**base, "status": "published", "agency": agency.pk})
    assert refused.status_code == 200 and "Cần nội dung trả lời" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit,
            {**base, "status": "published", "agency": agency.pk, "answer": "Đã có quy hoạch."},
        )
    enquiry.refresh_from_db()
    assert enquiry.status == S.PUBLISHED and enquiry.answered_at is not None
    assert enquiry.answered_by == admin  # who answered is on record
    assert client.get(enquiry.get_absolute_url()).status_code == 200
    # The citizen is told once, through the SMTP server, with the answer and its page.
    [(recipients, text)] = smtp.messages
    assert recipients == ["a@example.invalid"]
    assert "Đã có trả lời" in text and "Đã có quy hoạch." in text
    assert enquiry.get_absolute_url() in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit,
            {**base, "status": "published", "agency": agency.pk, "answer": "Đã có quy hoạch!"},
        )
    assert len(smtp.messages) == 1


def test_the_choices_say_what_to_choose(client):
    html = client.get("/gop-y/").text
    assert "— Chọn loại —" in html and "— Chọn lĩnh vực —" in html
    assert "— Không gắn với phường, xã nào —" in html and "---------" not in html


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_the_editors_run_the_desk_and_a_reporter_does_not(client, staff, role):
    enquiry = Enquiry.objects.create(
        kind="idea", topic="do-thi", title="Thêm cây xanh", body="…", name="A", email="a@x.invalid"
    )
    agency = Organisation.objects.create(slug="so-xd", name="Sở Xây dựng")
    edit = f"/admin/enquiries/edit/{enquiry.pk}/"
    client.force_login(staff["reporter"])
    assert client.get("/admin/enquiries/").status_code == 302  # to the dashboard: refused
    client.force_login(staff[role])
    assert client.get("/admin/enquiries/").status_code == 200
    form = " ".join(BeautifulSoup(client.get(edit).content, "html.parser").get_text().split())
    # Sent without a ward, not answered yet: said in words, not Python's None.
    for label in ["Địa bàn", "Người trả lời", "Lần đầu chuyển sang đã trả lời"]:
        assert f"{label} Không có" in form
    assert "None" not in form
    answer = {"due_date": enquiry.due_date.isoformat(), "agency": agency.pk}
    client.post(edit, {**answer, "status": "published", "answer": "Sẽ trồng thêm."})
    enquiry.refresh_from_db()
    assert enquiry.status == S.PUBLISHED and enquiry.answered_by == staff[role]


def test_the_desk_edit_header_shows_no_none(client, staff):
    """Wagtail's header rendered the status button's error badge as "None" (it counts the form's
    errors but is drawn without the form)."""
    enquiry = Enquiry.objects.create(
        kind="question", topic="do-thi", title="Hỏi về vỉa hè", body="…", name="A", email="a@x.vn"
    )
    client.force_login(staff["editor"])
    page = BeautifulSoup(client.get(f"/admin/enquiries/edit/{enquiry.pk}/").content, "html.parser")
    header = page.find("header")
    assert "Hỏi về vỉa hè" in header.get_text()
    assert "None" not in header.get_text()
    badge = header.find(attrs={"data-side-panel-toggle-counter": True})
    assert badge.get_text(strip=True) == "0" and badge.has_attr("hidden")


def answer_at_the_desk(client, enquiry, text: str):
    """The desk records `text` as the enquiry's answer, as a superuser in the admin."""
    from django.contrib.auth import get_user_model

    desk = get_user_model().objects.create_superuser("desk", "d@example.invalid", "pw")
    client.force_login(desk)
    data = {"due_date": enquiry.due_date.isoformat(), "status": "answered", "answer": text}
    return client.post(f"/admin/enquiries/edit/{enquiry.pk}/", data)


def test_a_line_break_in_a_title_neither_injects_a_header_nor_stops_the_answer(
    client, smtp, django_capture_on_commit_callbacks
):
    """The title heads the answer's e-mail: a line break posted in it (no browser types one in
    that box; a script does) was kept, and the desk's answer then failed with a server error
    (Django refuses a header with a newline) and the citizen never heard."""

    send(client, title="Xin hỏi\r\nBcc: ke-gian@example.invalid")
    assert Enquiry.objects.get().title == "Xin hỏi Bcc: ke-gian@example.invalid"
    # One saved before the form kept titles to one line is answered all the same.
    old = Enquiry.objects.create(
        kind="question",
        topic="khac",
        title="Câu hỏi cũ\nBcc: ke-gian@example.invalid",
        body="…",
        name="A",
        email="a@example.invalid",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert answer_at_the_desk(client, old, "Đã trả lời.").status_code == 302
    [(recipients, text)] = smtp.messages
    assert recipients == ["a@example.invalid"]
    assert text.splitlines()[0].strip() == (
        f"[{old.tracking_code}] Đã có trả lời: Câu hỏi cũ Bcc: ke-gian@example.invalid"
    )


def test_a_mail_server_that_is_down_does_not_fail_the_answer(
    client, smtp_down, django_capture_on_commit_callbacks, caplog
):
    """With SMTP unreachable, recording an answer answered 500 after it was saved."""

    enquiry = Enquiry.objects.create(
        kind="question", topic="khac", title="Hỏi", body="…", name="A", email="a@example.invalid"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert answer_at_the_desk(client, enquiry, "Đã xong.").status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.answer) == ("answered", "Đã xong.")
    assert "could not reach the mail server" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_second_tap_sent_while_the_first_is_in_flight_saves_nothing():
    """The "sent twice" check reads saved rows: a twin sent before the first had committed
    passed it and saved a copy (two tracking codes, two entries in the desk's figures)."""
    import threading
    import time

    from django.test import Client

    from cityportal.core import throttle

    twin = "\x00".join(
        (
            "binh@example.invalid",
            "Thủ tục cấp phép xây dựng nhà ở",
            "Xin hỏi hồ sơ cấp phép xây dựng nhà ở riêng lẻ gồm những gì?",
        )
    )
    answers = []
    with throttle.first_of_twins("enquiry", twin) as first:  # the first tap, still saving
        assert first
        second = threading.Thread(target=lambda: answers.append(send(Client())))
        second.start()
        time.sleep(0.5)  # the twin reaches the check before the first has saved
        Enquiry.objects.create(  # what the first tap saves
            kind="question",
            topic="hanh-chinh",
            title="Thủ tục cấp phép xây dựng nhà ở",
            body="Xin hỏi hồ sơ cấp phép xây dựng nhà ở riêng lẻ gồm những gì?",
            name="Trần Thị Bình",
            email="binh@example.invalid",
        )
    second.join(timeout=30)
    [enquiry] = Enquiry.objects.all()
    assert answers[0].status_code == 200 and enquiry.tracking_code in answers[0].content.decode()
