"""Each pipeline stage on small hand-written texts."""

import datetime
import random

import pytest

from cityportal import nlp
from cityportal.core.models import AdministrativeUnit
from cityportal.monitor.models import Cluster, Item, Source
from cityportal.monitor.pipeline import dedupe, language, links, normalise, places

from .languages import (
    CHINESE,
    ENGLISH,
    INDONESIAN_MALAY,
    TAGALOG,
    VIETNAMESE_TEENCODE,
    VIETNAMESE_UNACCENTED,
)


def test_normalise_spells_out_teencode_and_strips_markup():
    text = "<p>Mn ơi, dự án này ko biết bao giờ xong, đc ko?</p>&nbsp;https://x.vn/a\u200b"
    assert normalise.clean(text) == "Mn ơi, dự án này ko biết bao giờ xong, đc ko? https://x.vn/a"
    assert normalise.for_models(text) == (
        "mọi người ơi, dự án này không biết bao giờ xong, được không?"
    )
    assert normalise.folded(text) == "moi nguoi oi, du an nay khong biet bao gio xong, duoc khong?"


def test_normalise_composes_decomposed_text():
    decomposed = "Thu\u0309 \u0110u\u031b\u0301c"  # as some phones send "Thủ Đức"
    assert normalise.clean(decomposed) == "Thủ Đức"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Người dân phản ánh tình trạng ngập nước kéo dài", "vi"),
        ("nguoi dan phan anh tinh trang ngap nuoc o quan 8 rat lau roi", "vi"),
        ("The city announced a new metro line opening next year", "other"),
        ("La ville a annoncé une nouvelle ligne de métro", "other"),
        ("cô có hài lòng", "vi"),  # accents that French and Spanish write too
        ("", ""),
        ("ok", ""),
        ("cam on", ""),
        ("😀 👍 !!!", ""),
    ],
)
def test_language(text, expected):
    assert language.detect(text) == expected


@pytest.mark.parametrize("text", VIETNAMESE_UNACCENTED + VIETNAMESE_TEENCODE)
def test_vietnamese_typed_without_accents_or_in_chat_spelling_is_vietnamese(text):
    assert language.detect(normalise.for_models(text)) == "vi"  # as the pipeline calls it


@pytest.mark.parametrize("text", ENGLISH + INDONESIAN_MALAY + TAGALOG + CHINESE)
def test_english_indonesian_tagalog_and_chinese_are_not_vietnamese(text):
    # Tagalog's "ng" is spelt out as "người" by the teencode pass: still not Vietnamese. Chinese,
    # with no spaces, is many words (one a character), not one too short to tell.
    assert language.detect(normalise.for_models(text)) == "other"


STORY = (
    "Thành phố Hồ Chí Minh khởi công tuyến metro số 2 Bến Thành Tham Lương với tổng vốn đầu tư "
    "hơn 47 nghìn tỉ đồng, dự kiến hoàn thành vào năm 2030, giúp giảm ùn tắc cho khu vực nội thành"
)


@pytest.mark.django_db
def test_dedupe_counts_a_syndicated_story_once_with_its_reach():
    source = Source.objects.create(name="Báo", kind=Source.Kind.MANUAL)
    copies = [
        f"{prefix}{STORY}{suffix}"
        for prefix, suffix in [
            ("", ""),
            ("(PLO) ", "."),
            ("TTO - ", " theo UBND TP."),
            ("", " Ảnh: X"),
        ]
    ]
    other = Item(
        source=source,
        key="o",
        text="Giá xăng giảm mạnh từ chiều nay, người dân vui mừng "
        "khi chi phí đi lại giảm đáng kể trong tháng cuối năm",
    )
    items = []
    for n, text in enumerate(copies):
        item = Item(source=source, key=str(n), text=text, reactions=10)
        item.save()
        dedupe.assign(item, normalise.folded(text))
        item.save()
        items.append(item)
    other.save()
    dedupe.assign(other, normalise.folded(other.text))
    other.save()

    assert Cluster.objects.count() == 2
    cluster = items[0].cluster
    assert [i.is_primary for i in items] == [True, False, False, False]
    assert {i.cluster_id for i in items} == {cluster.pk}
    cluster.refresh_from_db()
    assert (cluster.size, cluster.reach) == (4, 4 * 11)
    assert other.cluster_id != cluster.pk and other.is_primary


@pytest.mark.django_db
def test_dedupe_finds_stored_stories_from_a_batch_of_many_keys():
    """600 texts ask for 9,600 band keys at once, past SQLite's parameter limit: one query on
    either database still finds every stored story they repeat."""
    source = Source.objects.create(name="Mạng xã hội", kind=Source.Kind.MANUAL)
    rng = random.Random(7)
    words = "nhà đường phố xe mưa ngập điện nước giá xăng học phí bệnh viện cầu cảng chợ".split()
    stories = [
        " ".join(rng.choice(words) + str(rng.randrange(99)) for _ in range(20)) for _ in range(600)
    ]

    def batch(prefix):
        items = [
            Item(source=source, key=f"{prefix}{n}", text=f"{prefix} {t}")
            for n, t in enumerate(stories)
        ]
        dedupe.assign_batch(items, [normalise.folded(i.text) for i in items])
        return items

    first = batch("Tin:")
    assert all(i.is_primary for i in first) and Cluster.objects.count() == 600
    again = batch("Chia sẻ:")
    assert not any(i.is_primary for i in again) and Cluster.objects.count() == 600
    assert [i.cluster_id for i in again] == [i.cluster_id for i in first]
    assert set(Cluster.objects.values_list("size", flat=True)) == {2}


@pytest.mark.django_db
def test_places_old_and_new_names_and_short_forms():
    def names(text, on=datetime.date(2024, 5, 1)):
        return [u.name for u in places.find(text, on)]

    assert names("Kẹt xe ở Q.1 và quan Go Vap") == ["Quận 1", "Quận Gò Vấp"]
    assert names("TP Thủ Đức ngập sau mưa") == ["Thành phố Thủ Đức"]
    assert names("Mất điện ở P.12, Q.6") == ["Phường 12"]
    assert names("Phường 12 vẫn chưa có điện") == []  # a dozen districts have one
    assert names("tphcm mưa lớn, Sài Gòn ngập") == ["Thành phố Hồ Chí Minh"]
    new_ward = (
        AdministrativeUnit.objects.filter(
            level="ward", valid_until=None, name__startswith="Phường "
        )
        .exclude(name__regex=r"\d")
        .first()
    )
    assert new_ward.name in names(f"Người dân {new_ward.name} kiến nghị", datetime.date(2026, 1, 1))


@pytest.mark.django_db
def test_wards_of_july_2025_named_bare_as_people_name_the_towns_they_replaced():
    def names(text, on=datetime.date(2026, 1, 1)):
        return [u.name for u in places.find(text, on)]

    assert names("Dĩ An ngập sau mưa") == ["Phường Dĩ An"]
    assert names("Kẹt xe ở Thủ Dầu Một và Vũng Tàu") == ["Phường Thủ Dầu Một", "Phường Vũng Tàu"]
    assert names("Côn Đảo đón khách, Di An thi mat dien") == ["Đặc khu Côn Đảo", "Phường Dĩ An"]
    assert names("Ở Bến Thành, nước ngập") == ["Phường Bến Thành"]
    # In lower case, spelt with diacritics after "ở", "tại"…
    assert names("ngập ở thủ dầu một, tại vũng tàu thì không") == [
        "Phường Thủ Dầu Một",
        "Phường Vũng Tàu",
    ]
    # Not before the reform; in lower case without diacritics ("di an" is also "đi ăn") or
    # without a word before it that places it; as a street's name
    assert names("Dĩ An ngập sau mưa", datetime.date(2024, 5, 1)) == []
    assert names("toi di an sang o quan 1") == ["Quận 1"]
    assert names("ngap o di an") == [] and names("cuộc sống an lạc") == []
    assert names("đường Tân Hải ngập") == []
    # The start of a longer name, a compass point
    assert names("miền Tây Nam Bộ mưa lớn, gió hướng Tây Nam") == []
    assert names("Phú Mỹ Hưng ngập") == []
    # A province's, a district's or the city's name means that one, not the new ward's
    assert names("Bình Dương mưa lớn") == []
    assert names("Gò Vấp ngập") == ["Quận Gò Vấp"]
    assert names("Sài Gòn mưa") == ["Thành phố Hồ Chí Minh"]
    # An old ward's name elsewhere: old "An Phú" was in Thủ Đức, the new one is in Thuận An
    assert names("An Phú ngập") == []
    assert names("Phường An Phú ngập") == ["Phường An Phú"]
    # Two new communes the same without diacritics, with their prefix only
    assert names("Thạnh An") == [] and names("Xã Thạnh An") == ["Xã Thạnh An"]


@pytest.mark.django_db
def test_a_ward_named_like_one_in_another_province_is_not_the_citys_where_that_is_named():
    """ "Phước Long" is a ward of the city and of Đồng Nai (and a commune in two provinces):
    named bare in news of another province, it was counted for the city."""

    def names(text, on=datetime.date(2026, 1, 1)):
        return [u.name for u in places.find(text, on)]

    assert names("Phước Long ngập sau mưa") == ["Phường Phước Long"]
    assert names("Đồng Nai: Phước Long ngập sau mưa") == []
    assert names("Bình Phước mưa lớn, Phước Long ngập") == []  # the province before 2025
    assert names("Phước Long ngập, Khánh Hòa mưa lớn") == []
    # With its kind too: Đồng Nai has a Phường Phước Long; Quảng Ngãi's news name "xã Bình Mỹ"
    assert names("Đồng Nai mưa, Phường Phước Long ngập") == []
    assert names("lũ ở xã Bình Mỹ (Bình Sơn, Quảng Ngãi)") == []
    assert names("xã Bình Mỹ, Củ Chi, TPHCM mưa lớn") == [
        "Xã Bình Mỹ",
        "Huyện Củ Chi",
        "Thành phố Hồ Chí Minh",
    ]
    # The city's own provinces of before 2025 are no other province
    assert names("Bình Dương mưa lớn, Phước Long ngập") == ["Phường Phước Long"]
    # After another kind of unit, a shared name is that unit ("huyện Phước Long", Bạc Liêu's)
    assert names("người dân huyện Phước Long làm bàn thờ") == []
    # Not where the text names the city or another of its places too
    assert names("Hà Nội và TPHCM: Phước Long ngập") == [
        "Thành phố Hồ Chí Minh",
        "Phường Phước Long",
    ]
    assert names("Đồng Nai mưa, Phước Long và Dĩ An ngập") == ["Phường Phước Long", "Phường Dĩ An"]
    # A smaller unit or a street named for a province is no province
    assert names("đường Tây Ninh ngập, Phước Long cũng ngập") == ["Phường Phước Long"]
    # A name no ward elsewhere has stays the city's
    assert names("Đồng Nai mưa, Dĩ An ngập") == ["Phường Dĩ An"]


@pytest.mark.django_db
def test_a_running_worker_sees_units_loaded_after_it_started(monkeypatch):
    """The gazetteer is per process: a worker that read an empty table finds the units that
    `load_places` adds later, without a restart (checked once a minute, here at once)."""
    units = list(AdministrativeUnit.objects.values())
    AdministrativeUnit.objects.all().delete()
    assert places.find("Kẹt xe ở Q.1") == []
    AdministrativeUnit.objects.bulk_create(AdministrativeUnit(**u) for u in units)
    assert places.find("Kẹt xe ở Q.1") == []  # checked again only after a minute
    monkeypatch.setattr(places, "CHECK_SECONDS", 0)
    assert [u.name for u in places.find("Kẹt xe ở Q.1", datetime.date(2024, 5, 1))] == ["Quận 1"]


@pytest.mark.django_db
def test_a_running_worker_sees_a_unit_renamed_after_it_started(monkeypatch):
    """A rename keeps the count and the keys of the units: the gazetteer still notices it."""
    monkeypatch.setattr(places, "CHECK_SECONDS", 0)
    on = datetime.date(2024, 5, 1)
    assert [u.name for u in places.find("Kẹt xe ở Quận 1", on)] == ["Quận 1"]
    unit = AdministrativeUnit.objects.get(name="Quận 1", valid_until__isnull=False)
    unit.name = "Quận Bến Thành Cũ"
    unit.save()
    assert [u.name for u in places.find("Kẹt xe ở Quận Bến Thành Cũ", on)] == ["Quận Bến Thành Cũ"]


@pytest.mark.django_db
def test_links_to_portal_articles_by_url_and_by_quoted_title(make_article, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tphcm.chinhphu.vn"
    article = make_article(title="Thành phố triển khai mô hình chính quyền hai cấp từ tháng bảy")
    by_url = links.article_ids(f"Xem tại https://tphcm.chinhphu.vn{article.url}", "", "")
    quoted = links.article_ids(
        "", "", "chia se: thanh pho trien khai mo hinh chinh quyen hai cap tu thang bay, rat hay"
    )
    unrelated = links.article_ids("https://example.com/khac", "", "mot chuyen khac han")
    assert by_url == {article.pk}
    assert quoted == {article.pk}
    assert unrelated == set()


def test_sentiment_reads_the_lead_of_a_long_article_and_topic_all_of_it():
    from cityportal.monitor.pipeline import classify

    opening = "Người dân rất vui mừng khi tuyến metro khai trương đúng hẹn. "
    tail = "Nhiều người bức xúc vì đường ngập nặng, kẹt xe kéo dài, rác bốc mùi hôi thối. " * 5
    article = opening + "Nội dung chi tiết. " * 200 + tail
    assert classify.lead(article) == article[: len(classify.lead(article))]
    assert len(classify.lead(article)) <= classify.LEAD_CHARS
    assert classify.lead("ngắn gọn") == "ngắn gọn"
    [labels] = classify.classify([article])
    [(of_lead, _), (of_tail, _), (of_opening, _)] = nlp.classify(
        "sentiment", [classify.lead(article), tail, opening]
    )
    # What the article ends with is never read: its sentiment is its lead's.
    assert labels["sentiment"] == of_lead and of_tail == "negative"
    assert of_opening == "positive"
    # Topic reads the whole article: its tail moves topic's scores, not sentiment's.
    [without_tail] = classify.classify([article[: -len(tail)]])
    assert without_tail["sentiment"] == labels["sentiment"]
    assert without_tail["sentiment_score"] == labels["sentiment_score"]
    assert without_tail["topic_score"] != labels["topic_score"]


def test_batch_signatures_are_datasketchs_minhash_text_by_text():
    """Stored signatures and band keys keep their meaning: the numpy batch gives exactly what
    datasketch's MinHash gives one text at a time, empty and one-word texts included."""
    from datasketch import MinHash

    texts = [
        normalise.folded(STORY),
        normalise.folded("Giá xăng giảm mạnh từ chiều nay, người dân vui mừng"),
        "",
        "mot",
        "mot hai",
        normalise.folded(STORY * 30),  # longer than a numpy chunk's share
    ] * 30  # more texts than one chunk
    rows = dedupe.signatures(texts)
    for text, row in zip(texts, rows, strict=True):
        minhash = MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.SEED, scheme=dedupe.SCHEME)
        minhash.update_batch(list(dedupe.shingles(text)))
        assert (minhash.hashvalues == row).all()
    assert dedupe.band_keys(rows[:1])[0].tolist() == dedupe.bands(dedupe.signature(texts[0]))
    assert dedupe.loads(dedupe.dumps(rows[0])).hashvalues.tolist() == rows[0].tolist()


def test_a_phrase_starting_or_ending_with_a_grammatical_word_is_not_a_top_term(db):
    """The segmenter joins "đường được" into one word: it led the dashboard's top terms."""
    from cityportal.monitor.analysis import terms

    texts = [
        "Con đường được nâng cấp, người dân vui mừng",
        "Đường được sửa chữa xong, nhà nước đã quan tâm",
        "Đường được trải nhựa lại, người dân vui mừng vì nâng cấp",
    ]
    found = dict(terms(texts))
    assert "đường được" not in found
    assert not [t for t in found if {t.split()[0], t.split()[-1]} & {"được", "của", "là"}]
    # Content words of the stopword list still make terms ("nhà", "nước" are in it).
    assert found["vui mừng"] == 2 and found["nâng cấp"] == 2 and "nhà nước" in found


def test_stopwords_come_with_the_portal_not_from_the_training_data(settings, tmp_path):
    """A deployed portal has no ../shared/data: its top terms read "tuy nhiên", "bởi vì" and
    "thế nào" as the city's concerns. The list ships in the stop-words package; an operator's
    file adds words of their own."""
    from cityportal.monitor import analysis

    extra = tmp_path / "more.txt"
    extra.write_text("thông  tin\nGhi nhận\n", encoding="utf-8")
    settings.MONITOR_STOPWORDS = str(extra)
    analysis.stopwords.cache_clear()
    try:
        stop = analysis.stopwords()
        assert {"bởi vì", "thế nào", "tuy nhiên", "hôm nay"} <= stop
        assert {"thông tin", "ghi nhận"} <= stop  # spaces and case as the segmenter gives them
        assert len(stop) > 1900
        texts = ["Thông tin ghi nhận: triều cường dâng ở Tân Định"] * 2
        assert {t for t, _ in analysis.terms(texts)} == {"triều cường", "tân định"}
    finally:
        analysis.stopwords.cache_clear()
