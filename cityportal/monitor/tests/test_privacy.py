"""No private name in the opinion brief: its quotes, on screen and in the printed PDF, mask the
persons citizens' posts name and keep the officials, streets and wards."""

import datetime

from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor import analysis, brief

POSTS = [
    "Tôi là Nguyễn Văn An, nhà ở hẻm 12 đường Nguyễn Huệ, nước ngập tới gối mà chưa ai xử lý",
    "Gia đình bà Phạm Thị Hoa ở phường Bến Thành phản ánh đèn đường hư cả tháng nay",
    "con trai toi, chau Tran Hoang Nam, 8 tuoi, bi nga o ho ga tren duong Le Loi",
    "ten em la le thi bich, nha em o gan cho Ben Thanh, mat dien tu sang",
    "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo khơi thông cống ở Quận 3",
]


NAMES = ["Nguyễn Văn An", "Phạm Thị Hoa", "Tran Hoang Nam", "le thi bich"]


def _printed_text(ctx: dict) -> str:
    """The text WeasyPrint lays out for the PDF (brief.pdf writes these very pages)."""
    from weasyprint import HTML

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", []):
            yield from texts(child)

    pages = HTML(string=render_to_string("monitor/brief_pdf.html", ctx)).render().pages
    return " ".join(t for page in pages for t in texts(page._page_box))


def test_the_brief_shows_no_private_name_on_screen_or_in_the_pdf(client, analyst, heard):
    client.force_login(analyst)
    response = client.get(reverse("monitor_brief"))
    assert len(response.context["quotes"]) == len(POSTS)  # every post is quoted
    screen = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
    today = timezone.localdate()
    printed = _printed_text(
        brief.context(analysis.Period(today - datetime.timedelta(days=6), today))
    )
    for shown in (screen, printed):
        shown = " ".join(shown.split())
        assert not [name for name in NAMES if name.lower() in shown.lower()]
        assert "bà […]" in shown and "chau […]" in shown and "ten em la […]" in shown
        for kept in ("Phan Văn Mãi", "đường Nguyễn Huệ", "phường Bến Thành", "duong Le Loi"):
            assert kept in shown
