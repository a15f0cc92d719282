"""A citizen on a phone sends a question with a file, gets a tracking code and follows it."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from cityportal.feedback.models import Enquiry

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    from cityportal.core.places import load_hcmc_units

    load_hcmc_units()  # a transactional test starts from an empty database
    cache.clear()
    return live_server.url


def test_send_a_question_and_follow_it(site, browser, private_storage):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/gop-y/")
    page.get_by_label("Loại").select_option("question")
    page.get_by_label("Lĩnh vực").select_option("hanh-chinh")
    page.get_by_label("Tiêu đề").fill("Thu tuc cap giay phep xay dung")  # typed without diacritics
    page.get_by_label("Nội dung").fill("Xin hoi ho so gom nhung gi?")
    page.get_by_role("textbox", name="Họ tên").fill("Tran Thi Binh")
    page.get_by_role("button", name="Gửi").click()
    # Nothing is lost: the missing fields are named at the top, where the focus is (the screen
    # is there), and beside them, and the text is still there.
    expect(page.get_by_role("alert")).to_contain_text("Email: Vui lòng nhập email.")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.locator(".field p.error", has_text="Vui lòng nhập email.")).to_be_visible()
    expect(page.get_by_label("Nội dung")).to_have_value("Xin hoi ho so gom nhung gi?")
    page.get_by_role("textbox", name="Email").fill("binh@example.invalid")
    page.locator("#id_consent").check()
    page.get_by_label("Tệp đính kèm", exact=True).set_input_files(
        [{"name": "so-do-nha.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF"}]
    )
    page.get_by_role("button", name="Gửi").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("mã tra cứu")
    code = Enquiry.objects.get().tracking_code
    expect(status).to_contain_text(code)
    # The code's own status page: a reload only reads it, nothing is filed twice.
    expect(page).to_have_url(re.compile(rf"/gop-y/theo-doi/\?ma={code}"))
    page.reload()
    expect(page.get_by_role("status")).to_contain_text(code)
    assert Enquiry.objects.count() == 1
    expect(page.locator("dl")).to_contain_text("Đã tiếp nhận")
    expect(page.locator("dl")).to_contain_text("so-do-nha.pdf")  # the name only, no link
    expect(page.get_by_role("link", name="so-do-nha.pdf")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("binh@example.invalid")
    context.close()


def test_the_tracking_code_box_and_its_button_share_a_row_on_a_phone(site, browser):
    """QA at 360 px: label and box filled the first line and "Tra cứu" wrapped under the box,
    its top edge against the box's bottom one."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + "/gop-y/theo-doi/")
    box = page.get_by_label("Mã tra cứu").bounding_box()
    button = page.get_by_role("button", name="Tra cứu").bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (button["y"] + button["height"] / 2)) < 2
    assert button["x"] >= box["x"] + box["width"] and button["x"] + button["width"] <= 360
    context.close()


def test_the_answers_search_box_fills_a_phone_under_its_label(site, page):
    """QA on a 375px phone: /hoi-dap/'s label, box and button ran on as one line of text, the box
    after the label's second line and the button wrapped under it. Now as the site's other
    search forms: the label above, the box and its button the width of the column."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site + "/hoi-dap/")
    form = page.get_by_role("search").filter(has=page.get_by_label("Tìm trong các câu trả lời"))
    box = page.get_by_label("Tìm trong các câu trả lời")
    button = form.get_by_role("button", name="Tìm")
    label, field, go, whole = (e.bounding_box() for e in (form.locator("label"), box, button, form))
    assert label["y"] + label["height"] <= field["y"], (label, field)
    assert abs(field["x"] - whole["x"]) <= 1, (field, whole)  # the box starts at the left edge,
    assert abs(go["y"] - field["y"]) <= 1, (go, field)  # its button beside it,
    assert abs(go["x"] + go["width"] - (whole["x"] + whole["width"])) <= 1  # at the right edge
    assert box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
