"""The items list in the admin: drill-down filters, corrections, exports, inspect pages."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor import pipeline
from cityportal.monitor.models import SENTIMENTS, TOPIC_NAMES, Alert, Item, Source, Watchlist

from .desk import POSTS, listed, today  # noqa: F401  (the heard fixture reads POSTS)


def test_an_analysts_correction_wins_over_the_model(client, analyst, heard):
    from cityportal.monitor import analysis

    item = Item.objects.stories().get(key="1")
    period = analysis.Period(today() - datetime.timedelta(days=7), today())
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
    # Year 1 in local time is before year 1 in UTC, and a count no column holds: both crashed.
    ancient = client.post(
        reverse("monitor_manual"), {"text": "abc", "published_at": "0001-01-01T00:00"}
    )
    assert "Chọn thời điểm từ 01/01/1900 trở đi" in ancient.content.decode()
    huge = client.post(reverse("monitor_manual"), {"text": "abc", "reactions": str(10**19)})
    assert huge.status_code == 200 and "reactions" in huge.context["form"].errors
    assert Item.objects.count() == 1
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


def test_only_corrections_of_counted_stories_are_training_labels(heard):
    """A correction on a skipped item (English, empty) or on a story's second copy trained the
    model though the dashboard never counts either: a correction on the first copy is enough."""
    from cityportal.monitor import corrections

    copy = Item.objects.create(source=heard, key="copy", text=POSTS[0], published_at=timezone.now())
    english = Item.objects.create(
        source=heard,
        key="en",
        text="The road is flooded again, terrible",
        published_at=timezone.now(),
    )
    pipeline.process_pending()
    copy.refresh_from_db()
    english.refresh_from_db()
    assert not copy.is_primary and english.status == Item.Status.SKIPPED
    first = Item.objects.get(source=heard, key="0")
    for item in (copy, english, first):
        Item.objects.filter(pk=item.pk).update(
            corrected_sentiment="negative", corrected_topic="Doi song", corrected_toxicity="clean"
        )
    for labels in (
        corrections.sentiment_labels,
        corrections.topic_labels,
        corrections.toxicity_labels,
    ):
        texts, _ = labels()
        assert texts == [POSTS[0]], labels.__name__


def test_a_correction_on_a_later_copy_is_its_story_s(client, analyst, heard):
    """A search lists every copy of a story; the dashboard counts, and the models learn from,
    only its first. A label corrected on a later copy was saved there and changed nothing."""
    from cityportal.monitor import analysis, corrections

    copy = Item.objects.create(source=heard, key="copy", text=POSTS[1], published_at=timezone.now())
    pipeline.process_pending()
    copy.refresh_from_db()
    first = Item.objects.get(source=heard, key="1")
    assert copy.cluster_id == first.cluster_id and not copy.is_primary
    assert first.sentiment != "negative"  # a thank-you
    Item.objects.filter(pk=first.pk).update(corrected_toxicity="clean")
    period = analysis.Period(today() - datetime.timedelta(days=7), today())
    before = analysis.summary(period)["sentiment"]
    client.force_login(analyst)
    client.post(reverse("monitor_item:edit", args=[copy.pk]), {"corrected_sentiment": "negative"})
    first.refresh_from_db()
    # The label given, and only it: the story's own toxicity correction stays.
    assert (first.corrected_sentiment, first.corrected_toxicity, first.corrected_by) == (
        "negative",
        "clean",
        analyst,
    )
    assert analysis.summary(period)["sentiment"]["negative"] == before["negative"] + 1
    assert corrections.sentiment_labels() == ([POSTS[1]], ["negative"])


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
    Item.objects.filter(pk=old.pk).update(published_on=today() - datetime.timedelta(days=90))
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập")
    client.force_login(analyst)
    week = {"start": (today() - datetime.timedelta(days=6)).isoformat(), "end": today().isoformat()}

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
    assert row[header.index("trạng thái")] == "Đã phân tích"  # skipped ones say so
    assert "Nguyễn Hữu Cảnh" in row[header.index("Nội dung")]
    assert row[header.index("Tiêu đề")].startswith("'=HYPERLINK")  # text, never a formula
    published = Item.objects.get(key="0").published_at
    assert row[header.index("Thời điểm")] == str(timezone.make_naive(published))  # Vietnam


def test_the_list_exports_as_a_workbook_in_vietnam_time(client, analyst, heard):
    import openpyxl

    client.force_login(analyst)
    response = client.get(reverse("monitor_item:index"), {"q": "ngap sau", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    local = timezone.make_naive(Item.objects.get(key="0").published_at)  # Vietnam time
    in_excel = local.replace(microsecond=local.microsecond // 1000 * 1000)  # Excel keeps ms
    assert [row[header.index("Thời điểm")] for row in rows] == [in_excel]

    # A control character pasted into a post (a vertical tab) made openpyxl refuse the sheet.
    Item.objects.filter(key="0").update(text="Ngập sâu\x0bở Nguyễn Hữu Cảnh\x1f")
    response = client.get(reverse("monitor_item:index"), {"q": "ngap sau", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert row[header.index("Nội dung")] == "Ngập sâuở Nguyễn Hữu Cảnh"


def test_inspect_pages_read_in_vietnam_time_and_words(client, analyst, heard):
    item = Item.objects.get(key="0")
    Item.objects.filter(pk=item.pk).update(
        published_at=datetime.datetime(2026, 11, 27, 1, 15, tzinfo=datetime.UTC)
    )
    alert = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng"
    )
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


def test_a_correction_returns_to_the_filtered_list(client, analyst, heard):
    client.force_login(analyst)
    listing = f"{reverse('monitor_item:index')}?start={today()}&end={today()}"
    item = Item.objects.get(key="0")
    # Filtering reloads only the results, from their own address: the way back is the list's.
    results = f"{reverse('monitor_item:index_results')}?start={today()}&end={today()}"
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


def test_a_watchlist_term_matches_whole_words_only(db):
    """A watchlist on "Quận 1" or "Q.1" counted every post about Quận 10 and Quận 12 too."""
    from cityportal.monitor import pipeline

    source = Source.objects.create(name="Nhóm cư dân", kind=Source.Kind.UPLOAD)
    texts = {
        "q1": "Kẹt xe kéo dài ở Quận 1 chiều nay, người dân bức xúc vì phải chờ rất lâu",
        "q1-short": "Phố đi bộ ở Q.1 đông nghẹt người dân và du khách tối qua",
        "q10": "Kẹt xe kéo dài ở Quận 10 chiều nay, người dân bức xúc vì phải chờ rất lâu",
        "q12": "Phố đi bộ ở Q.12 đông nghẹt người dân và du khách tối qua",
    }
    for key, text in texts.items():
        Item.objects.create(source=source, key=key, text=text)
    pipeline.process_pending()

    watch = Watchlist.objects.create(name="Quận 1", slug="quan-1", terms="quan 1\nQ.1")
    assert set(Item.objects.for_watchlist(watch).values_list("key", flat=True)) == {
        "q1",
        "q1-short",
    }
    # A phrase still matches inside a longer sentence, typed with diacritics or not.
    watch.terms = "kẹt xe  kéo dài"
    assert set(Item.objects.for_watchlist(watch).values_list("key", flat=True)) == {"q1", "q10"}


def test_a_bad_filter_lists_and_exports_nothing_rather_than_everything(client, analyst, heard):
    """Wagtail drops an invalid filter form whole: a shared link with the period reversed listed
    the whole archive under the error, and its CSV export held every post."""
    client.force_login(analyst)
    reversed_period = {"start": today().isoformat(), "end": "2020-01-01", "place": "quan-1"}
    assert listed(client, place="quan-1") == {"2"}
    page = client.get(reverse("monitor_item:index"), reversed_period)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page.content.decode()
    assert list(page.context["object_list"]) == []
    assert listed(client, place="khong-co-dia-ban-nay") == set()

    response = client.get(reverse("monitor_item:index"), {**reversed_period, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1  # the headings alone


def test_a_watchlist_with_no_term_or_place_lists_nothing(client, analyst, heard):
    """Its drill-down listed every item of the city under its name."""
    Watchlist.objects.create(name="Chưa cấu hình", slug="chua-cau-hinh")
    client.force_login(analyst)
    assert listed(client, watchlist="chua-cau-hinh") == set()
    assert not Item.objects.for_watchlist(Watchlist.objects.get()).exists()
    assert len(listed(client)) == len(POSTS)


def test_watchlists_that_follow_nothing_are_not_offered_in_the_desk_s_selects(
    client, analyst, heard
):
    """Old rows with neither term nor place (the model refuses new ones) were offered in the
    dashboard's, the brief's and the items list's watchlist selects. A shared link to one still
    shows it chosen (the brief then says it follows nothing; the list is empty)."""
    from cityportal.core.models import AdministrativeUnit

    Watchlist.objects.create(name="Chưa cấu hình", slug="chua-cau-hinh", terms=" \n ")
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập")
    ward = AdministrativeUnit.objects.local().filter(level="ward", valid_until=None).first()
    Watchlist.objects.create(name="Một phường", slug="mot-phuong").places.add(ward)
    client.force_login(analyst)

    def offered(url_name, **query):
        page = BeautifulSoup(client.get(reverse(url_name), query).content, "html.parser")
        select = page.find("select", attrs={"name": "watchlist"})
        chosen = select.find("option", selected=True)
        return [o["value"] for o in select.find_all("option") if o["value"]], chosen

    for url_name in ("monitor_dashboard", "monitor_brief", "monitor_item:index"):
        values, _ = offered(url_name)
        assert values == ["chong-ngap", "mot-phuong"], url_name
        values, chosen = offered(url_name, watchlist="chua-cau-hinh")
        assert "chua-cau-hinh" in values and chosen["value"] == "chua-cau-hinh", url_name
    assert listed(client, watchlist="chua-cau-hinh") == set()


def test_same_name_wards_are_counted_apart_and_drill_down_to_their_own_items(client, analyst):
    """The "Phường 1" of Quận 3 and of Quận 10 (before the 2025 reform): each its own count,
    named with its district, and its link lists its own stories only."""
    from cityportal.core.models import AdministrativeUnit

    ward_1 = AdministrativeUnit.objects.filter(name="Phường 1", level="ward")
    in_q3, in_q10 = ward_1.get(parent__name="Quận 3"), ward_1.get(parent__name="Quận 10")
    source = Source.objects.create(name="Báo", kind=Source.Kind.MANUAL)
    for key, unit in [("q3-a", in_q3), ("q3-b", in_q3), ("q10", in_q10)]:
        item = Item.objects.create(
            source=source, key=key, text=f"chuyện {key}", status=Item.Status.PROCESSED
        )
        item.places.set([unit])
    client.force_login(analyst)

    page = client.get(reverse("monitor_dashboard"))
    assert [(p["name"], p["n"]) for p in page.context["places"]] == [
        ("Phường 1 (Quận 3)", 2),
        ("Phường 1 (Quận 10)", 1),
    ]
    soup = BeautifulSoup(page.content, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("a[href*='place=']")}
    q3, q10 = links["Phường 1 (Quận 3): 2"], links["Phường 1 (Quận 10): 1"]

    def drilled(href):
        return {i.key for i in client.get(href).context["object_list"]}

    assert drilled(q3) == {"q3-a", "q3-b"} and drilled(q10) == {"q10"}
    # The brief's chart names them so too; a name no other unit has stays as it is.
    chart = client.get(reverse("monitor_brief")).context["places_chart"]
    assert "Phường 1 (Quận 3)" in chart.svg and "Phường 1 (Quận 10)" in chart.svg
    Item.objects.get(key="q10").places.add(AdministrativeUnit.objects.get(slug="quan-binh-thanh"))
    assert "Quận Bình Thạnh" in [
        p["name"] for p in client.get(reverse("monitor_dashboard")).context["places"]
    ]


def test_the_list_writes_times_short_and_day_first_with_the_whole_time_in_a_tooltip(
    client, analyst, heard
):
    """An analyst scans hundreds of rows: "28/11 14:05", the year only when not this one."""
    now = timezone.localtime().replace(microsecond=0)
    this_year = now.replace(hour=14, minute=5, second=7) - datetime.timedelta(days=1)
    last_year = now.replace(year=now.year - 1, month=3, day=2, hour=8, minute=9, second=0)
    Item.objects.filter(key="0").update(published_at=this_year)
    Item.objects.filter(key="1").update(published_at=last_year)
    client.force_login(analyst)
    page = BeautifulSoup(client.get(reverse("monitor_item:index")).content, "html.parser")
    times = {t.get_text(strip=True): t for t in page.select("tbody time")}
    short = f"{this_year:%d/%m} 14:05"
    assert short in times and f"02/03/{last_year.year} 08:09" in times
    assert times[short]["title"] == f"14:05:07 ngày {this_year:%d/%m/%Y} (giờ Việt Nam)"
    assert times[short]["datetime"] == this_year.isoformat()
    # The column still sorts by time.
    assert page.find("a", string=lambda s: s and "Thời điểm" in s)


def test_an_empty_filtered_list_says_the_filters_found_nothing_not_the_search(
    client, analyst, heard
):
    """A drill-down from the dashboard has no search words: "khớp với từ khóa tìm kiếm" sent the
    analyst looking for a search box they never used."""
    client.force_login(analyst)
    page = client.get(reverse("monitor_item:index"), {"status": "skipped"}).content.decode()
    assert "Không có mục theo dõi nào khớp với bộ lọc đã chọn." in page
    assert "từ khóa tìm kiếm" not in page
    both = client.get(reverse("monitor_item:index"), {"status": "skipped", "q": "ngập"})
    assert "khớp với từ khóa tìm kiếm và bộ lọc đã chọn" in both.content.decode()
    # With no alert yet, the list says what raises one.
    alerts = client.get(reverse("monitor_alert:index")).content.decode()
    assert "Chưa có cảnh báo nào. Cảnh báo được tạo khi" in alerts
    assert "20 điểm phần trăm" in alerts


def test_the_correction_page_writes_the_time_as_the_desk_does(client, analyst, heard):
    item = Item.objects.get(key="0")
    moment = timezone.make_aware(datetime.datetime(2026, 10, 30, 11, 0))
    Item.objects.filter(pk=item.pk).update(published_at=moment)
    client.force_login(analyst)
    page = client.get(reverse("monitor_item:edit", args=[item.pk])).content.decode()
    assert "11:00 30/10/2026" in page
    assert "Ngày 30 tháng 10" not in page
