"""An agency's press officer sends a news item with a PDF; an editor reviews and accepts it, lands
in the page editor on the draft article, and the officer sees the decision."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cityportal.contributions.models import Membership, Submission
from cityportal.core.models import Organisation
from cityportal.core.places import load_hcmc_units
from cityportal.news.models import ArticlePage
from cityportal.news.newsroom import CONTRIBUTOR, EDITOR, setup_newsroom

pytestmark = pytest.mark.browser

TITLE = "Thủ Đức khai trương trung tâm hành chính công"
PASSWORD = "pw-Secret-123"


def small_pdf() -> bytes:
    """A real one-page PDF, with its cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def site(live_server, transactional_db):
    # A transactional test starts from an empty database: places, sections, groups, workflow.
    load_hcmc_units()
    setup_newsroom()
    User = get_user_model()
    agency = Organisation.objects.create(
        slug="tp-thu-duc", name="UBND Thành phố Thủ Đức", kind="local"
    )
    officer = User.objects.create_user(
        "cb-thuduc", "cb@thuduc.example.invalid", PASSWORD, first_name="Lan", last_name="Nguyễn"
    )
    officer.groups.add(Group.objects.get(name=CONTRIBUTOR))
    Membership.objects.create(user=officer, organisation=agency)
    editor = User.objects.create_user("btv", "btv@example.invalid", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITOR))
    return live_server.url, agency


def log_in(page, site_url, username):
    page.goto(site_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_officer_submits_editor_accepts(page, browser, site):
    site_url, agency = site
    pdf = small_pdf()

    # The press officer sends a news item with a PDF.
    log_in(page, site_url, "cb-thuduc")
    page.get_by_role("link", name="Bài cộng tác").first.click()
    expect(page.get_by_role("heading", name="Bài cộng tác")).to_be_visible()
    page.get_by_role("link", name="Gửi bài mới").click()
    organisation = page.get_by_label("Cơ quan gửi")
    expect(organisation).to_have_value(str(agency.pk))  # their only organisation
    for label in ("Cơ quan gửi", "Tiêu đề", "Nội dung"):  # required fields are marked
        expect(page.locator("label", has_text=label).locator(".w-required-mark")).to_have_text("*")
    expect(page.locator("label", has_text="Sapo").locator(".w-required-mark")).to_have_count(0)
    expect(page.locator("label[for=id_key]")).to_have_count(0)  # the hidden key has no label
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Sapo").fill("Người dân làm thủ tục tại một nơi.")
    page.get_by_label("Nội dung").fill("<p>Trung tâm mở cửa từ thứ Hai.</p>")
    page.get_by_label("Chuyên mục đề xuất").select_option(label="Chính sách vào cuộc sống")
    places = page.get_by_role("combobox", name="Địa bàn")  # the places picker's search box
    places.type("thu duc")
    results = page.get_by_role("listbox", name="Địa bàn").get_by_role("option")
    expect(results.first).to_have_text("Phường Thủ Đức")
    places.press("Enter")
    page.get_by_label("Tệp đính kèm").set_input_files(
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Gửi bài").click()

    submission = Submission.objects.get()
    assert [place.name for place in submission.places.all()] == ["Phường Thủ Đức"]
    number = submission.tracking_number
    assert re.fullmatch(r"DG-\d{4}-\d{5}", number)
    expect(page).to_have_url(re.compile(rf"/admin/contributions/{submission.pk}/$"))
    expect(page.get_by_text(f"Đã gửi, mã theo dõi {number}.")).to_be_visible()
    expect(page.locator("header")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("Đã gửi")
    assert submission.organisation == agency and submission.section.slug == (
        "chinh-sach-vao-cuoc-song"
    )
    assert submission.attachments.get().kind == "pdf"

    # The editor, in a browser of their own, reviews and accepts it.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    editor = context.new_page()
    editor.set_default_timeout(20_000)
    try:
        log_in(editor, site_url, "btv")
        editor.get_by_role("link", name="Bài cộng tác").first.click()
        row = editor.locator("tr", has_text=number)
        expect(row).to_contain_text(agency.name)
        row.get_by_role("link", name=TITLE).click()
        with editor.expect_download() as download:
            editor.get_by_role("link", name="ke-hoach.pdf").click()
        assert open(download.value.path(), "rb").read() == pdf
        editor.get_by_role("button", name="Đang biên tập").click()
        expect(editor.get_by_text("Đã chuyển sang “Đang biên tập”.")).to_be_visible()
        editor.get_by_role("button", name="Đã tiếp nhận").click()

        article = ArticlePage.objects.get(title=TITLE)
        expect(editor).to_have_url(re.compile(rf"/admin/pages/{article.pk}/edit/$"))
        expect(editor.locator("#id_title")).to_have_value(TITLE)
        assert not article.live and article.get_parent().slug == "chinh-sach-vao-cuoc-song"
    finally:
        context.close()

    # The officer sees the decision on their submission and in their list.
    page.reload()
    expect(page.locator("main strong").first).to_have_text("Đã tiếp nhận")
    page.get_by_role("link", name="Bài cộng tác").first.click()
    expect(page.locator("tr", has_text=number)).to_contain_text("Đã tiếp nhận")
