"""The desk in the admin: dashboard, brief on screen and as PDF, uploads, corrections, access."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit
from cityportal.monitor import spikes
from cityportal.monitor.models import Alert, Item, Source, Watchlist

from .desk import POSTS, today  # noqa: F401  (the heard fixture reads POSTS)


def test_dashboard_and_brief_without_personal_data(client, analyst, heard):
    Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng đột biến"
    )
    client.force_login(analyst)

    page = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Tăng đột biến" in page
    assert '<strong class="brief-stories">4</strong>' in page
    assert "Quận Bình Thạnh" in page  # where: the places chart

    brief = client.get(reverse("monitor_brief")).content.decode()
    assert "Ý kiến tiêu biểu" in brief and "ngập sâu" in brief
    for secret in ("0903123456", "a.b@example.invalid"):
        assert secret not in brief
    assert "[số điện thoại]" in brief and "[email]" in brief

    # Each quote says how it reads in words, not by its colour only, as corrected by an analyst.
    Item.objects.filter(key="0").update(corrected_sentiment="positive")
    brief = client.get(reverse("monitor_brief")).content.decode()
    flood = brief[brief.index("Nguyễn Hữu Cảnh") :]
    assert (
        flood[: flood.index("</footer>")].count('<span class="brief-quote-label">Tích cực</span>')
        == 1
    )


def test_brief_as_pdf(client, analyst, heard):
    client.force_login(analyst)
    response = client.get(reverse("monitor_brief"), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    assert "ban-tin-du-luan-" in response["Content-Disposition"]


def test_brief_for_a_watchlist_and_a_bad_period(client, analyst, heard):
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngap\nngập nước")
    client.force_login(analyst)
    page = client.get(reverse("monitor_brief"), {"watchlist": "chong-ngap"}).content.decode()
    assert "Chống ngập" in page and "Nguyễn Hữu Cảnh" in page and "Cần Giờ" not in page
    bad = client.get(reverse("monitor_brief"), {"start": "2026-11-20", "end": "2026-11-01"})
    assert "Ngày bắt đầu phải trước ngày kết thúc" in bad.content.decode()
    for view in ("monitor_brief", "monitor_dashboard"):  # year 1 has no period before it
        ancient = client.get(reverse(view), {"start": "0001-01-01", "end": "0001-01-05"})
        assert "Chọn ngày từ 01/01/1900 trở đi" in ancient.content.decode()
    pdf = client.get(reverse("monitor_brief"), {"watchlist": "chong-ngap", "format": "pdf"})
    assert "ban-tin-du-luan-chong-ngap-" in pdf["Content-Disposition"]


def test_an_archive_from_the_1990s_is_entered_and_read_in_its_period(client, analyst, db):
    """Dates before 2000 were refused: the 1990s press archive could be neither entered nor
    chosen. The default period and the scheduled spike run still look at the last days."""
    client.force_login(analyst)
    text = "Báo in: đường Nguyễn Hữu Cảnh ngập sâu sau cơn mưa"
    client.post(reverse("monitor_manual"), {"text": text, "published_at": "1995-06-15T08:00"})
    assert Item.objects.get().published_on == datetime.date(1995, 6, 15)
    june = {"start": "1995-06-01", "end": "1995-06-30"}
    for view in ("monitor_dashboard", "monitor_brief"):
        page = client.get(
            reverse(view), {**june, "compare_start": "1994-06-01"} | {"compare_end": "1994-06-30"}
        )
        assert '<strong class="brief-stories">1</strong>' in page.content.decode()
    assert "Nguyễn Hữu Cảnh" in client.get(reverse("monitor_brief"), june).content.decode()
    assert '<strong class="brief-stories">0</strong>' in (
        client.get(reverse("monitor_dashboard")).content.decode()
    )
    assert spikes.detect() == []


def test_the_brief_made_from_the_dashboard_covers_the_dashboard_s_period(client, analyst, heard):
    client.force_login(analyst)
    page = client.get(reverse("monitor_dashboard"))  # the default: the last 30 days
    start = (today() - datetime.timedelta(days=29)).isoformat()
    assert page.context["form"]["start"].value() == start  # shown in its field, not blank
    brief_url = reverse("monitor_brief") + "?" + page.context["query"]
    assert f'href="{brief_url.replace("&", "&amp;")}"' in page.content.decode()
    brief = client.get(brief_url)
    assert (brief.context["period"].start.isoformat(), brief.context["period"].end) == (
        start,
        today(),
    )


def test_upload_through_the_admin(client, analyst, db):
    client.force_login(analyst)
    good = b"text,author,time\nXe bu\xc3\xbdt tr\xe1\xbb\x85 chuy\xe1\xba\xbfn ho\xc3\xa0i,u1,2026-11-20\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("monitor_upload"),
        {"new_source": "Fanpage quận", "file": SimpleUploadedFile("posts.csv", good)},
        follow=True,
    )
    assert "1 dòng, 1 mục mới; đang phân tích trong nền." in response.content.decode()
    assert Item.objects.get().status == Item.Status.PROCESSED
    again = client.post(
        reverse("monitor_upload"),
        {"source": Source.objects.get().pk, "file": SimpleUploadedFile("posts.csv", good)},
        follow=True,
    ).content.decode()
    assert "1 dòng, 0 mục mới (mọi dòng đã có từ lần tải trước" in again
    assert "đang phân tích" not in again and Item.objects.count() == 1
    bad = client.post(
        reverse("monitor_upload"),
        {"new_source": "Khác", "file": SimpleUploadedFile("x.csv", b"cot_khac\nabc\n")},
    )
    assert "thiếu cột: text, time" in bad.content.decode()
    assert not Source.objects.filter(name="Khác").exists()  # nothing half-done


def test_an_upload_says_why_some_of_its_rows_added_nothing(client, analyst, db):
    """Three rows of one post and another: "4 dòng, 2 mục mới" left the desk to guess what
    became of the other two."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = "Đường Lê Lợi ngập nước sau mưa,u1,2026-11-20 08:00\n"
    rows = "text,author,time\n" + post * 3 + "Kẹt xe cầu Sài Gòn,u2,2026-11-20 09:00\n"
    client.force_login(analyst)
    response = client.post(
        reverse("monitor_upload"),
        {"new_source": "Fanpage quận", "file": SimpleUploadedFile("p.csv", rows.encode())},
        follow=True,
    )
    assert (
        "4 dòng, 2 mục mới (2 dòng trùng một dòng khác trong tệp hoặc đã có từ lần tải trước)"
        "; đang phân tích trong nền." in response.content.decode()
    )


def test_an_upload_over_the_limit_is_refused_by_the_form(client, analyst, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MONITOR_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(analyst)
    big = b"text,time\n" + b"a,2026-11-20\n" * 200_000  # 2.6 MB
    response = client.post(
        reverse("monitor_upload"),
        {"new_source": "Lớn", "file": SimpleUploadedFile("big.csv", big)},
    )
    assert "Tệp quá lớn (tối đa 2 MB)." in response.content.decode()
    assert not Item.objects.exists() and not Source.objects.filter(name="Lớn").exists()


def test_sources_page_shows_health(client, analyst, heard):
    Source.objects.create(name="Báo hỏng", url="https://bao.example.vn/rss", last_error="HTTP 500")
    Source.objects.create(name="Báo tắt", url="https://tat.example.vn/rss", active=False)
    Source.objects.create(name="Báo mới", url="https://moi.example.vn/rss")
    uploaded = timezone.make_aware(datetime.datetime(2026, 11, 27, 8, 5))  # Vietnam time
    Source.objects.filter(pk=heard.pk).update(last_fetch_at=uploaded)
    client.force_login(analyst)
    page = client.get(reverse("monitor_source:index")).content.decode()
    assert "lỗi: HTTP 500" in page
    assert "tạm dừng" in page and "chưa lấy lần nào" in page  # not "tốt" for either
    # The upload source: when it was last updated, in Vietnam time (01:05 UTC), and its items.
    assert "cập nhật 27/11 08:05 · 0,6 mục/ngày · tổng 4 mục" in page


def test_whether_a_source_or_watchlist_is_followed_is_read_out_in_vietnamese(
    client, analyst, heard
):
    """The tick and cross of "Đang theo dõi" were read out by a screen reader as "True" and
    "False", English in the Vietnamese admin."""
    Source.objects.create(name="Báo tắt", url="https://tat.example.vn/rss", active=False)
    # A feed polled (the upload source is polled by no one: no tick or cross of its own).
    Source.objects.create(name="Báo chạy", url="https://chay.example.vn/rss")
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập")
    client.force_login(analyst)
    for listing in ("monitor_source:index", "monitor_watchlist:index"):
        soup = BeautifulSoup(client.get(reverse(listing)).content, "html.parser")
        read_out = {" ".join(s.get_text().split()) for s in soup.select("td .w-sr-only")}
        assert read_out and read_out <= {"có", "không"}, listing
    soup = BeautifulSoup(client.get(reverse("monitor_source:index")).content, "html.parser")
    assert {" ".join(s.get_text().split()) for s in soup.select("td .w-sr-only")} == {
        "có",
        "không",
    }


def test_a_source_nobody_polls_is_not_said_to_be_unfollowed(client, analyst, heard):
    """An upload, inactive as the upload command makes it, read "Đang theo dõi: không" beside
    its posts, as if the desk had stopped following it: only a feed is polled."""
    Source.objects.filter(pk=heard.pk).update(active=False)
    Source.objects.create(name="Báo tắt", url="https://tat.example.vn/rss", active=False)
    client.force_login(analyst)
    soup = BeautifulSoup(client.get(reverse("monitor_source:index")).content, "html.parser")
    rows = {
        row.select_one("td.title").get_text(" ", strip=True): row.select("td")[2]
        for row in soup.select("tbody tr")
        if row.select_one("td.title")
    }
    upload = next(cell for name, cell in rows.items() if "Nhóm cư dân" in name)
    feed = next(cell for name, cell in rows.items() if "Báo tắt" in name)
    assert upload.get_text(strip=True) == "không áp dụng (không tự lấy tin)"
    assert feed.select_one(".w-sr-only").get_text(strip=True) == "không"


def test_a_source_s_warning_is_shown_as_a_warning_not_as_a_failure(client, analyst, heard):
    """A feed read fine but with entries stored without their link said "lỗi: …" and was
    listed under "Nguồn đang lỗi" on the dashboard."""
    warning = "1 mục có đường dẫn không hợp lệ (như “http://[x”), đã lưu không kèm đường dẫn"
    now = timezone.now()
    Source.objects.create(
        name="Báo lạ", url="https://la.example.vn/rss", last_fetch_at=now, last_warning=warning
    )
    Source.objects.create(name="Báo hỏng", url="https://hong.example.vn/rss", last_error="HTTP 500")
    client.force_login(analyst)

    page = client.get(reverse("monitor_source:index")).content.decode()
    assert "cảnh báo: 1 mục có đường dẫn không hợp lệ" in page
    assert "lỗi: 1 mục" not in page and "lỗi: HTTP 500" in page
    dashboard = BeautifulSoup(client.get(reverse("monitor_dashboard")).content, "html.parser")
    failing = dashboard.find(string=lambda t: t and "Nguồn đang lỗi" in t)
    assert "Báo hỏng" in failing and "Báo lạ" not in failing
    warned = dashboard.find(string=lambda t: t and "Nguồn có cảnh báo" in t)
    assert "Báo lạ (1 mục có đường dẫn" in warned and "Báo hỏng" not in warned


def test_a_year_of_posts_uploaded_today_is_not_a_year_s_worth_a_day(client, analyst, db):
    """ "mục/ngày" counted items by when they were fetched: a year of posts uploaded at once
    read 52.1 a day. It counts the posts published over the last week."""
    source = Source.objects.create(name="Nhóm cư dân", kind=Source.Kind.UPLOAD)
    now = timezone.now()
    for back in range(365):
        moment = now - datetime.timedelta(days=back, hours=1)
        Item.objects.create(source=source, key=str(back), text="chào", published_at=moment)
    client.force_login(analyst)
    page = client.get(reverse("monitor_source:index")).content.decode()
    assert "1,0 mục/ngày · tổng 365 mục" in page


def test_an_invalid_filter_lists_no_source_rather_than_all(client, analyst, heard):
    client.force_login(analyst)
    assert len(client.get(reverse("monitor_source:index")).context["object_list"]) == 1
    page = client.get(reverse("monitor_source:index"), {"kind": "khong-co"})
    assert page.status_code == 200 and list(page.context["object_list"]) == []


def test_dashboard_attention_over_time_and_a_chosen_comparison(client, analyst, heard):
    client.force_login(analyst)
    page = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Diễn biến theo chủ đề" in page and "<svg" in page
    item = Item.objects.stories().first()
    assert f"&amp;topic={item.topic.replace(' ', '%20')}" in page

    start, end = today() - datetime.timedelta(days=60), today() - datetime.timedelta(days=31)
    chosen = client.get(
        reverse("monitor_dashboard"),
        {"compare_start": start.isoformat(), "compare_end": end.isoformat()},
    ).content.decode()
    assert f"So với kỳ {start:%d/%m/%Y} – {end:%d/%m/%Y}:" in chosen
    half = client.get(reverse("monitor_dashboard"), {"compare_start": start.isoformat()})
    assert "Kỳ so sánh cần có ngày bắt đầu và kết thúc hợp lệ" in half.content.decode()
    # A comparison spanning a century (dates go back to 1900 now) is refused like a long period.
    century = client.get(
        reverse("monitor_dashboard"), {"compare_start": "1900-01-01", "compare_end": "2000-12-31"}
    )
    assert "Chọn kỳ so sánh không quá 366 ngày." in century.content.decode()
    typo = client.get(reverse("monitor_dashboard"), {"start": "31/02/abc"}).content.decode()
    assert "Nhập một ngày hợp lệ." in typo  # said beside the field, not a silent empty page


def test_a_watchlist_refuses_addresses_that_cannot_be_mailed(db):
    from django.core.exceptions import ValidationError

    watch = Watchlist(
        name="Cầu", slug="cau", terms="cầu", notify="a@example.invalid\nkhông-phải-thư"
    )
    with pytest.raises(ValidationError, match="không-phải-thư"):
        watch.full_clean()


def test_a_watchlist_with_neither_terms_nor_places_is_refused_by_the_model(client, analyst):
    """Not only by the admin form: any full_clean refuses it, a saved one with places passes,
    and the form's places count before they are saved (a place alone is enough)."""
    from django.core.exceptions import ValidationError

    message = "Nhập ít nhất một từ khóa hoặc chọn một địa bàn"
    with pytest.raises(ValidationError, match=message):
        Watchlist(name="Chung", slug="chung", terms=" \n ").full_clean()
    ward = AdministrativeUnit.objects.local().filter(level="ward", valid_until=None).first()
    legacy = Watchlist.objects.create(name="Cũ", slug="cu")  # saved before the rule
    with pytest.raises(ValidationError, match=message):
        legacy.full_clean()
    legacy.places.add(ward)
    legacy.full_clean()

    client.force_login(analyst)
    client.post(reverse("monitor_watchlist:add"), {"name": "Chỉ địa bàn", "places": [ward.pk]})
    only_place = Watchlist.objects.get(slug="chi-dia-ban")
    assert only_place.terms == "" and list(only_place.places.all()) == [ward]
    # Editing it to drop its only place is refused, and nothing is changed.
    edit = reverse("monitor_watchlist:edit", args=[only_place.pk])
    refused = client.post(edit, {"name": "Chỉ địa bàn", "slug": "chi-dia-ban", "places": []})
    assert message in refused.content.decode()
    assert list(only_place.places.all()) == [ward]


def test_a_watchlist_needs_terms_or_places_and_takes_its_slug_from_its_name(client, analyst):
    client.force_login(analyst)
    add = reverse("monitor_watchlist:add")
    empty = client.post(add, {"name": "Theo dõi chung", "slug": "", "terms": "", "notify": ""})
    assert "Nhập ít nhất một từ khóa hoặc chọn một địa bàn" in empty.content.decode()
    assert not Watchlist.objects.exists()  # it would have followed the whole city

    offered = client.get(add).context["form"].fields["places"].queryset
    assert offered.exists() and AdministrativeUnit.objects.exclude(pk__in=offered).exists()
    assert set(offered) == set(AdministrativeUnit.objects.local())  # the city's, not the country's
    # Grouped: the city, today's wards, then the districts and wards before the 2025 reform.
    select = BeautifulSoup(client.get(add).content, "html.parser").find("select", id="id_places")
    groups = [g["label"] for g in select.find_all("optgroup")]
    assert groups[0] == "Tỉnh, thành phố" and groups[1] == "Phường, xã, thị trấn"
    assert groups[2:] == [
        "Quận, huyện, thành phố thuộc thành phố (đến 30/6/2025)",
        "Phường, xã, thị trấn (đến 30/6/2025)",
    ]
    assert len(select.find_all("option")) == offered.count()
    # Hundreds of places: the picker's search box finds one (core/widgets.py PlacesWidget).
    assert "data-places-picker" in select.parent.attrs
    assert all(option.get("data-search") for option in select.find_all("option"))
    assert "core/places-widget.js" in client.get(add).content.decode()
    ward = AdministrativeUnit.objects.local().filter(level="ward", valid_until=None).first()
    client.post(
        add,
        {"name": "Đường Vành đai 3", "slug": "", "terms": "vành đai 3", "places": [ward.pk]},
    )
    assert Watchlist.objects.get().slug == "duong-vanh-dai-3"
    assert list(Watchlist.objects.get().places.all()) == [ward]
    # A name with no letter to make a slug of: a watchlist no URL could choose, and the second
    # such one crashed on the unique slug.
    for name in ("🌧️🌧️", "!!!"):
        refused = client.post(add, {"name": name, "slug": "", "terms": "ngập"})
        assert "nhập tên trong đường dẫn" in refused.content.decode()
    assert Watchlist.objects.count() == 1


def test_a_period_s_terms_are_segmented_once_until_its_stories_change(heard, monkeypatch):
    """The dashboard and the brief segmented up to 3,000 stories per period compared on every
    load: two seconds of a page for words that had not changed."""
    from cityportal.monitor import analysis, pipeline
    from cityportal.nlp import tokenize

    segmented, segment = [], tokenize.words
    monkeypatch.setattr(tokenize, "words", lambda text: segmented.append(text) or segment(text))
    period = analysis.Period(today() - datetime.timedelta(days=7), today())
    first = analysis.top_terms(period)
    assert len(segmented) == len(POSTS)
    assert analysis.top_terms(period) == first and len(segmented) == len(POSTS)

    text = "Kẹt xe kéo dài trên xa lộ Hà Nội, kẹt xe cả buổi sáng"
    Item.objects.create(source=heard, key="new", text=text, published_at=timezone.now())
    pipeline.process_pending()
    assert ("xa lộ", 1) in analysis.top_terms(period)
    assert len(segmented) == 2 * len(POSTS) + 1
