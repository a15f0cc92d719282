"""The desk in the admin: dashboard, brief on screen and as PDF, uploads, corrections, access."""

import csv
import datetime
import io
from urllib.parse import parse_qsl

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit
from cityportal.monitor import filters
from cityportal.monitor.analysts import ANALYSTS, LEADERS
from cityportal.monitor.models import SENTIMENTS, TOPIC_NAMES, Alert, Item, Source, Watchlist
from cityportal.news.demo import DEMO_PASSWORD

TODAY = timezone.localdate()
POSTS = [
    "Đường Nguyễn Hữu Cảnh quận Bình Thạnh lại ngập sâu, người dân bức xúc, liên hệ 0903123456",
    "Cảm ơn phường Bến Thành đã sửa đèn đường rất nhanh, rất hài lòng",
    "Ùn tắc giao thông nghiêm trọng ở Quận 1 giờ cao điểm, mail cho tôi: a.b@example.invalid",
    "Thành phố khởi công cầu Cần Giờ, người dân huyện Cần Giờ phấn khởi",
]


def test_only_the_desk_sees_the_monitor(client, staff, analyst, heard):
    client.force_login(staff["reporter"])
    refused = client.get(reverse("monitor_dashboard"))  # Wagtail turns 403 into a redirect home
    assert (refused.status_code, refused.url) == (302, "/admin/")
    client.force_login(analyst)
    assert client.get(reverse("monitor_dashboard")).status_code == 200


def test_dashboard_and_brief_without_personal_data(client, analyst, heard):
    Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng đột biến")
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
        assert "Chọn ngày từ 01/01/2000 trở đi" in ancient.content.decode()
    pdf = client.get(reverse("monitor_brief"), {"watchlist": "chong-ngap", "format": "pdf"})
    assert "ban-tin-du-luan-chong-ngap-" in pdf["Content-Disposition"]


def test_the_brief_made_from_the_dashboard_covers_the_dashboard_s_period(client, analyst, heard):
    client.force_login(analyst)
    page = client.get(reverse("monitor_dashboard"))  # the default: the last 30 days
    start = (TODAY - datetime.timedelta(days=29)).isoformat()
    assert page.context["form"]["start"].value() == start  # shown in its field, not blank
    brief_url = reverse("monitor_brief") + "?" + page.context["query"]
    assert f'href="{brief_url.replace("&", "&amp;")}"' in page.content.decode()
    brief = client.get(brief_url)
    assert (brief.context["period"].start.isoformat(), brief.context["period"].end) == (
        start,
        TODAY,
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


def test_an_analysts_correction_wins_over_the_model(client, analyst, heard):
    from cityportal.monitor import analysis

    item = Item.objects.stories().get(key="1")
    period = analysis.Period(TODAY - datetime.timedelta(days=7), TODAY)
    before = analysis.summary(period)["sentiment"]
    item.corrected_sentiment = "negative" if item.sentiment != "negative" else "positive"
    item.save()
    after = analysis.summary(period)["sentiment"]
    assert after[item.corrected_sentiment] == before[item.corrected_sentiment] + 1
    assert sum(after.values()) == sum(before.values()) == 4


def test_manual_entry_and_correction_in_the_admin(client, analyst, db):
    client.force_login(analyst)
    assert client.get(reverse("monitor_item:add")).url == reverse("monitor_manual")
    response = client.post(
        reverse("monitor_manual"),
        {
            "title": "Ý kiến cử tri Quận 4",
            "text": "Cử tri Quận 4 đề nghị sớm sửa chữa cầu Kênh Tẻ đã xuống cấp",
        },
    )
    item = Item.objects.get()
    assert response.url == reverse("monitor_item:edit", args=[item.pk])
    assert item.status == Item.Status.PROCESSED and item.kind == Item.Kind.NOTE
    assert [u.name for u in item.places.all()] == ["Quận 4"]

    future = client.post(
        reverse("monitor_manual"), {"text": "abc", "published_at": "2099-01-01T08:00"}
    )
    assert "Thời điểm không được ở tương lai" in future.content.decode()
    form = client.get(reverse("monitor_manual")).content.decode()
    assert "Ghi nhận</button>" in form and "CSV" not in form  # not the upload page's text

    client.post(
        reverse("monitor_item:edit", args=[item.pk]),
        {"corrected_sentiment": "negative", "corrected_topic": "Chinh tri Xa hoi"},
    )
    item.refresh_from_db()
    assert (item.corrected_sentiment, item.corrected_topic, item.corrected_by) == (
        "negative",
        "Chinh tri Xa hoi",
        analyst,
    )
    from cityportal.monitor import corrections

    assert corrections.sentiment_labels() == (
        ["Ý kiến cử tri Quận 4. Cử tri Quận 4 đề nghị sớm sửa chữa cầu Kênh Tẻ đã xuống cấp"],
        ["negative"],
    )


def test_an_analyst_corrects_a_toxicity_label_and_the_desk_reads_it(client, analyst, heard):
    """A complaint the model took for hate speech: corrected, it is listed as clean, may be
    quoted in the brief, and becomes a training label for the toxicity model."""
    complaint = Item.objects.get(source=heard, key="0")
    Item.objects.filter(source=heard).update(toxicity="clean")
    Item.objects.filter(pk=complaint.pk).update(toxicity="hate")
    client.force_login(analyst)
    assert listed(client, toxicity="hate") == {"0"}
    edit = client.get(reverse("monitor_item:edit", args=[complaint.pk])).content.decode()
    assert 'name="corrected_toxicity"' in edit
    client.post(reverse("monitor_item:edit", args=[complaint.pk]), {"corrected_toxicity": "clean"})
    complaint.refresh_from_db()
    assert (complaint.corrected_toxicity, complaint.corrected_by) == ("clean", analyst)
    assert listed(client, toxicity="hate") == set() and "0" in listed(client, toxicity="clean")
    inspect = client.get(reverse("monitor_item:inspect", args=[complaint.pk])).content.decode()
    assert "bình thường" in inspect and "thù ghét" not in inspect
    brief = BeautifulSoup(client.get(reverse("monitor_brief")).content, "html.parser")
    quotes = " ".join(q.get_text() for q in brief.select("blockquote.brief-quote"))
    assert complaint.text[:30] in quotes
    from cityportal.nlp.management.commands.train_models import stored_labels

    assert stored_labels("toxicity")["extra_labels"] == ([complaint.text], ["clean"])


@pytest.mark.parametrize("view", ["edit", "inspect"])
def test_an_items_address_opens_as_a_link_but_a_script_address_stays_text(
    client, analyst, heard, view
):
    web, script = Item.objects.get(key="0"), Item.objects.get(key="1")
    Item.objects.filter(pk=web.pk).update(url="https://bao.example.vn/bai?a=1&b=2")
    Item.objects.filter(pk=script.pk).update(url="JavaScript:alert(document.cookie)")
    client.force_login(analyst)

    def page(item) -> BeautifulSoup:
        response = client.get(reverse(f"monitor_item:{view}", args=[item.pk]))
        return BeautifulSoup(response.content, "html.parser")

    link = page(web).find("a", string="https://bao.example.vn/bai?a=1&b=2")
    assert link["href"] == "https://bao.example.vn/bai?a=1&b=2"
    assert link["target"] == "_blank" and link["rel"] == ["noopener", "noreferrer"]
    shown = page(script)
    assert "JavaScript:alert(document.cookie)" in shown.get_text()
    assert not shown.find_all(href=lambda href: "script:" in (href or "").lower())


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
    assert "cập nhật 27/11 08:05 · 0.6 mục/ngày · tổng 4 mục" in page


def test_dashboard_attention_over_time_and_a_chosen_comparison(client, analyst, heard):
    client.force_login(analyst)
    page = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Diễn biến theo chủ đề" in page and "<svg" in page
    item = Item.objects.stories().first()
    assert f"&amp;topic={item.topic.replace(' ', '%20')}" in page

    start, end = TODAY - datetime.timedelta(days=60), TODAY - datetime.timedelta(days=31)
    chosen = client.get(
        reverse("monitor_dashboard"),
        {"compare_start": start.isoformat(), "compare_end": end.isoformat()},
    ).content.decode()
    assert f"So với kỳ {start:%d/%m/%Y} – {end:%d/%m/%Y}:" in chosen
    half = client.get(reverse("monitor_dashboard"), {"compare_start": start.isoformat()})
    assert "Kỳ so sánh cần có ngày bắt đầu và kết thúc hợp lệ" in half.content.decode()
    typo = client.get(reverse("monitor_dashboard"), {"start": "31/02/abc"}).content.decode()
    assert "Nhập một ngày hợp lệ." in typo  # said beside the field, not a silent empty page


def test_acknowledging_an_alert_stays_on_the_portal(client, analyst, db):
    alert = Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng")
    client.force_login(analyst)
    url = reverse("monitor_alert_acknowledge", args=[alert.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("monitor_dashboard")  # never sent off the site
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert "Tăng" not in client.get(reverse("monitor_dashboard")).content.decode()


def test_alerts_are_read_and_acknowledged_but_never_added_or_deleted_by_hand(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    alert = Alert.objects.create(
        kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng vọt"
    )
    client.force_login(admin)
    listing = client.get("/admin/monitor/alerts/")
    assert listing.status_code == 200 and "Tăng vọt" in listing.content.decode()
    assert "/admin/monitor/alerts/new/" not in listing.content.decode()
    assert client.post("/admin/monitor/alerts/new/", {}).status_code in (302, 403)
    # Deleted, the next hourly run would raise (and mail) it again: it is acknowledged instead.
    delete = reverse("monitor_alert:delete", args=[alert.pk])
    inspect = client.get(reverse("monitor_alert:inspect", args=[alert.pk])).content.decode()
    assert delete not in inspect and delete not in listing.content.decode()
    assert client.post(delete).status_code in (302, 403)
    assert list(Alert.objects.all()) == [alert]


def listed(client, **query) -> set[str]:
    """Keys of the items the admin list shows for `query`."""
    page = client.get(reverse("monitor_item:index"), query)
    assert page.status_code == 200
    return {i.key for i in page.context["object_list"]}


def test_items_list_says_when_the_dates_are_the_wrong_way_round(client, analyst, heard):
    client.force_login(analyst)
    page = client.get(reverse("monitor_item:index"), {"start": "2026-11-27", "end": "2026-11-20"})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page.content.decode()


def test_the_content_group_filter_names_the_portals_sections(client, analyst, heard):
    client.force_login(analyst)
    soup = BeautifulSoup(client.get(reverse("monitor_item:index")).content, "html.parser")
    options = {o["value"]: o.get_text() for o in soup.select("select[name=section] option")}
    assert options["doi-ngoai"] == "Đối ngoại" and options["kinh-te-xa-hoi"] == "Kinh tế - Xã hội"
    Item.objects.filter(key="0").update(section="doi-ngoai")
    Item.objects.exclude(key="0").update(section="kinh-te-xa-hoi")
    assert listed(client, section="doi-ngoai") == {"0"}
    # A slug with no live section (unpublished since, or a custom mapping's) still filters.
    Item.objects.filter(key="1").update(section="xay-dung")
    assert listed(client, section="xay-dung") == {"1"}


def test_drill_down_lists_what_the_dashboard_counted(client, analyst, heard):
    """The dashboard's links keep its period, watchlist and place, and read labels as it does
    (an analyst's correction wins); the search finds text typed without diacritics."""
    old = Item.objects.create(
        source=heard, key="old", text="Quận 1 ngập nặng", published_at=timezone.now()
    )
    Item.objects.filter(pk=old.pk).update(published_on=TODAY - datetime.timedelta(days=90))
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập")
    client.force_login(analyst)
    week = {"start": (TODAY - datetime.timedelta(days=6)).isoformat(), "end": TODAY.isoformat()}

    page = client.get(reverse("monitor_dashboard"), {**week, "watchlist": "chong-ngap"})
    drill = page.context["drill"]
    assert f"?{drill.replace('&', '&amp;')}" in page.content.decode()
    assert "watchlist=chong-ngap" in drill and f"start={week['start']}" in drill
    assert listed(client, **dict(pair.split("=") for pair in drill.split("&"))) == {"0"}

    assert listed(client, **week) == {"0", "1", "2", "3"}  # not the old one
    assert listed(client, **week, place="quan-binh-thanh") == {"0"}
    # The place is also chosen in the filters, among the city's own units.
    page = client.get(reverse("monitor_item:index"), {**week, "place": "quan-binh-thanh"})
    chosen = BeautifulSoup(page.content, "html.parser").select_one("select[name=place]")
    assert chosen.select_one("option[selected]").get_text().startswith("Quận Bình Thạnh")
    assert len(chosen.select("option")) > 150
    assert chosen.find("optgroup")["label"] == "Tỉnh, thành phố"  # grouped as the watchlist's

    item = Item.objects.get(key="1")
    read = "negative" if item.sentiment != "negative" else "positive"
    item.corrected_sentiment = read
    item.save()
    assert "1" in listed(client, **week, sentiment=read)
    assert "1" not in listed(client, **week, sentiment=item.sentiment)
    # Each row shows the label as read, in words, and the list sorts by it.
    page = client.get(
        reverse("monitor_item:index"), {**week, "sentiment": read, "ordering": "-sentiment_read"}
    )
    rows = BeautifulSoup(page.content, "html.parser").select("table.listing tbody tr")
    assert rows and all(dict(SENTIMENTS)[read] in row.get_text() for row in rows)

    assert listed(client, q="un tac giao thong") == {"2"}
    assert listed(client, q="Ùn tắc giao thông") == {"2"}
    assert listed(client, q="NGAP SAU") == {"0"}


def test_the_filtered_list_exports_as_csv_with_labels_as_read(client, analyst, heard):
    Item.objects.filter(key="0").update(
        corrected_sentiment="positive", title='=HYPERLINK("http://x.invalid","xem")'
    )
    client.force_login(analyst)
    response = client.get(
        reverse("monitor_item:index"), {"q": "ngap sau", "export": "csv", "is_primary": "true"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="muc-theo-doi')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, or Excel shows Vietnamese as mojibake
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, [row] = rows[0], rows[1:]
    assert "sắc thái" in header and "chủ đề" in header
    assert row[header.index("sắc thái")] == "tích cực"  # in words, the correction winning
    assert row[header.index("chủ đề")] in TOPIC_NAMES.values()
    assert row[header.index("bản đầu tiên của câu chuyện")] == "có"
    assert "Nguyễn Hữu Cảnh" in row[header.index("Nội dung")]
    assert row[header.index("Tiêu đề")].startswith("'=HYPERLINK")  # text, never a formula
    published = Item.objects.get(key="0").published_at
    assert row[header.index("Thời điểm")] == str(timezone.make_naive(published))  # Vietnam


def test_a_watchlist_refuses_addresses_that_cannot_be_mailed(db):
    from django.core.exceptions import ValidationError

    watch = Watchlist(
        name="Cầu", slug="cau", terms="cầu", notify="a@example.invalid\nkhông-phải-thư"
    )
    with pytest.raises(ValidationError, match="không-phải-thư"):
        watch.full_clean()


def test_the_list_exports_as_a_workbook_in_vietnam_time(client, analyst, heard):
    import openpyxl

    client.force_login(analyst)
    response = client.get(reverse("monitor_item:index"), {"q": "ngap sau", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    local = timezone.make_naive(Item.objects.get(key="0").published_at)  # Vietnam time
    in_excel = local.replace(microsecond=local.microsecond // 1000 * 1000)  # Excel keeps ms
    assert [row[header.index("Thời điểm")] for row in rows] == [in_excel]


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
    ward = AdministrativeUnit.objects.local().filter(level="ward", valid_until=None).first()
    client.post(
        add,
        {"name": "Đường Vành đai 3", "slug": "", "terms": "vành đai 3", "places": [ward.pk]},
    )
    assert Watchlist.objects.get().slug == "duong-vanh-dai-3"
    assert list(Watchlist.objects.get().places.all()) == [ward]


def test_a_leader_who_may_only_read_meets_no_dead_ends(client, staff, heard):
    """The editor-in-chief reads the monitor (view_item): no upload or manual entry in the
    menu, no 'Đã xem' button, and the whole post behind each row of the items list."""
    Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng vọt")
    client.force_login(staff["chief"])
    dashboard = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Tăng vọt" in dashboard and "Đã xem</button>" not in dashboard
    assert reverse("monitor_upload") not in dashboard
    assert reverse("monitor_manual") not in dashboard
    items = f"{reverse('monitor_item:index')}?start={TODAY}&amp;end={TODAY}"
    assert items in dashboard  # the alert's own day, as a list of its items

    item = Item.objects.get(key="0")
    inspect = reverse("monitor_item:inspect", args=[item.pk])
    assert inspect in client.get(reverse("monitor_item:index")).content.decode()
    page = client.get(inspect).content.decode()
    assert item.text in page and "Sắc thái" in page and "Sentiment" not in page


def test_inspect_pages_read_in_vietnam_time_and_words(client, analyst, heard):
    item = Item.objects.get(key="0")
    Item.objects.filter(pk=item.pk).update(
        published_at=datetime.datetime(2026, 11, 27, 1, 15, tzinfo=datetime.UTC)
    )
    alert = Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng")
    client.force_login(analyst)
    page = client.get(reverse("monitor_item:inspect", args=[item.pk])).content.decode()
    assert "08:15 27/11/2026" in page  # 01:15 UTC, as the list and the uploaded file read it
    shown = (
        BeautifulSoup(
            client.get(reverse("monitor_alert:inspect", args=[alert.pk])).content, "html.parser"
        )
        .find("main")
        .get_text(" ")
    )
    assert "None" not in shown and "Phạm vi" not in shown and "–" in shown
    for listing in ("monitor_source:index", "monitor_watchlist:index"):
        Watchlist.objects.get_or_create(slug="x", defaults={"name": "Ngập", "terms": "ngập"})
        cells = BeautifulSoup(client.get(reverse(listing)).content, "html.parser").find("table")
        assert not {"True", "False"} & set(cells.get_text(" ").split()), listing


def test_a_negative_share_alert_lists_the_negative_stories(client, analyst, heard):
    Item.objects.filter(source=heard).update(sentiment="positive")
    Item.objects.filter(source=heard, key="0").update(sentiment="negative")
    alert = Alert.objects.create(
        kind="negative", day=TODAY, observed=0.6, baseline=0.2, message="Tiêu cực"
    )
    client.force_login(analyst)
    for page in (reverse("monitor_dashboard"), reverse("monitor_alert:index")):
        soup = BeautifulSoup(client.get(page).content, "html.parser")
        (link,) = [a for a in soup.find_all("a") if a.get_text(strip=True) == "xem các mục"]
        assert "sentiment=negative" in link["href"], page
    assert listed(client, **dict(parse_qsl(filters.alert_query(alert)))) == {"0"}


def test_a_correction_returns_to_the_filtered_list(client, analyst, heard):
    client.force_login(analyst)
    listing = f"{reverse('monitor_item:index')}?start={TODAY}&end={TODAY}"
    item = Item.objects.get(key="0")
    # Filtering reloads only the results, from their own address: the way back is the list's.
    results = f"{reverse('monitor_item:index_results')}?start={TODAY}&end={TODAY}"
    soup = BeautifulSoup(client.get(results).content, "html.parser")
    edit = soup.find(
        "a", href=lambda h: h and h.startswith(reverse("monitor_item:edit", args=[item.pk]))
    )
    form = BeautifulSoup(client.get(edit["href"]).content, "html.parser").find(id="w-editor-form")
    assert "next=" in form["action"]
    response = client.post(form["action"], {"corrected_sentiment": "negative"})
    assert response.url == listing
    assert Item.objects.get(pk=item.pk).corrected_sentiment == "negative"
    elsewhere = client.post(
        reverse("monitor_item:edit", args=[item.pk]) + "?next=https://evil.example/",
        {"corrected_sentiment": "positive"},
    )
    assert elsewhere.url == reverse("monitor_item:index")  # never sent off the site


def test_a_leader_reads_everything_and_changes_nothing(client, heard):
    leader = get_user_model().objects.create_user("lanhdao", "ld@example.invalid", "pw-Secret-1")
    leader.groups.add(Group.objects.get(name=LEADERS))
    alert = Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng")
    item, source = Item.objects.get(key="0"), heard
    client.force_login(leader)
    for name in ("monitor_dashboard", "monitor_brief", "monitor_item:index", "monitor_alert:index"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("monitor_item:inspect", args=[item.pk])).status_code == 200
    for url in (
        reverse("monitor_item:delete", args=[item.pk]),
        reverse("monitor_source:delete", args=[source.pk]),
        reverse("monitor_upload"),
    ):
        assert client.post(url).status_code in (302, 403), url
    client.post(reverse("monitor_item:edit", args=[item.pk]), {"corrected_sentiment": "negative"})
    item.refresh_from_db()
    assert (item.corrected_sentiment, item.corrected_by) == ("", None)
    client.post(reverse("monitor_alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    assert Item.objects.filter(pk=item.pk).exists() and Source.objects.filter(pk=source.pk).exists()
    assert "Đã xem</button>" not in client.get(reverse("monitor_dashboard")).content.decode()


def test_alerts_are_acknowledged_from_their_list_and_say_by_whom(client, analyst, staff, db):
    alert = Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng")
    listing = reverse("monitor_alert:index")
    client.force_login(staff["chief"])  # reads, may not acknowledge
    read_only = client.get(listing).content.decode()
    assert "Tăng" in read_only and "Đã xem</button>" not in read_only
    browser = Client(enforce_csrf_checks=True)  # as a browser posts the list's own form
    browser.force_login(analyst)
    form = BeautifulSoup(browser.get(listing).content, "html.parser").find(
        "form", action=reverse("monitor_alert_acknowledge", args=[alert.pk])
    )
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["csrfmiddlewaretoken"] and fields["next"] == listing
    back = browser.post(form["action"], fields)
    assert back.url == listing  # the analyst stays on the list
    client.force_login(analyst)
    alert.refresh_from_db()
    assert alert.acknowledged_by == analyst and alert.acknowledged_at is not None
    page = BeautifulSoup(client.get(listing).content, "html.parser").find("main").get_text(" ")
    assert f"{timezone.localtime(alert.acknowledged_at):%H:%M %d/%m/%Y} · analyst" in page


def test_the_analyst_acknowledges_and_finds_a_watchlist_without_diacritics(client, analyst, db):
    Alert.objects.create(kind="volume", day=TODAY, observed=40, baseline=5, message="Tăng vọt")
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập nước")
    client.force_login(analyst)
    assert "Đã xem</button>" in client.get(reverse("monitor_dashboard")).content.decode()
    found = client.get(reverse("monitor_watchlist:index"), {"q": "chong ngap"})
    assert [w.slug for w in found.context["object_list"]] == ["chong-ngap"]
    alerts = client.get(reverse("monitor_alert:index")).content.decode()
    assert f"{reverse('monitor_item:index')}?start={TODAY}&amp;end={TODAY}" in alerts


def test_the_alerts_list_reads_watchlists_with_the_alerts(
    client, analyst, django_assert_max_num_queries
):
    """Each row links to its scope's items: the watchlists come in the same query."""
    client.force_login(analyst)

    def raise_alerts(first, count):
        for n in range(first, first + count):
            watch = Watchlist.objects.create(name=f"Dự án {n}", slug=f"du-an-{n}", terms=f"da{n}")
            Alert.objects.create(
                kind="volume",
                day=TODAY,
                observed=9,
                baseline=1,
                message=f"Tăng {n}",
                watchlist=watch,
                scope=str(watch.pk),
            )

    raise_alerts(0, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("monitor_alert:index"))
    raise_alerts(2, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("monitor_alert:index")).content.decode()
    assert "watchlist=du-an-9" in page


def test_the_monitor_demo_loads_once_with_a_login_for_each_role(client, db):
    call_command("load_monitor_demo", stdout=io.StringIO())
    items = Item.objects.count()
    call_command("load_monitor_demo", stdout=io.StringIO())
    assert Item.objects.count() == items > 60
    assert not Item.objects.filter(status=Item.Status.PENDING).exists()
    User = get_user_model()
    analyst, leader = User.objects.get(username="chuyenvien"), User.objects.get(username="lanhdao")
    assert analyst.groups.filter(name=ANALYSTS).exists()
    assert leader.groups.filter(name=LEADERS).exists() and not leader.is_superuser
    assert client.login(username="lanhdao", password=DEMO_PASSWORD)
    dashboard = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Chống ngập" in dashboard and "Đã xem</button>" not in dashboard
