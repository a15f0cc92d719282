"""`manage.py train_models` on a tiny data folder laid out like ../shared/data (written here,
so the tests neither need the real corpora nor take long): it writes loadable artifacts and
cards to --output, adds stored labels, and explains missing data."""

import csv
import gzip
import io
import json
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cityportal import nlp
from cityportal.core.text import fold
from cityportal.nlp import classifier, datasets

# Hand-written rows, a few per label, repeated with numbers so each class has some weight.
SENTIMENT = {
    "positive": ["dịch vụ rất tốt", "cán bộ nhiệt tình chu đáo", "tôi rất hài lòng"],
    "negative": ["thái độ quá tệ", "chờ mãi không ai giải quyết", "thất vọng vô cùng"],
    "neutral": ["phường họp vào thứ hai", "hồ sơ nộp tại bộ phận một cửa", "lịch làm việc mới"],
}
TOPIC_WORDS = {
    "Chinh tri Xa hoi": "quốc hội chính phủ đại biểu",
    "Doi song": "gia đình bữa cơm con cái",
    "Khoa hoc": "nhà khoa học nghiên cứu vũ trụ",
    "Kinh doanh": "doanh nghiệp lợi nhuận cổ phiếu",
    "Phap luat": "tòa án bị cáo công an",
    "Suc khoe": "bệnh viện bác sĩ vắc xin",
    "The gioi": "tổng thống nước ngoài liên hợp quốc",
    "The thao": "bóng đá cầu thủ bàn thắng",
    "Van hoa": "ca sĩ phim ảnh triển lãm",
    "Vi tinh": "máy tính phần mềm internet",
}
# Each VNTC document's second sentence: the sentiment model's news rows are labelled by them.
NEWS_SENTENCES = [
    "Người dân rất hài lòng với cách làm mới này.",
    "Đường ngập nặng, kẹt xe suốt cả buổi sáng.",
    "Phường họp dân vào sáng thứ hai tuần tới.",
]
# baomoi.com articles: the headline and sapo say nothing of the section, the body does; the last
# body is no section's, so no headline learns from it.
RECENT = [
    {"id": "1", "title": "Trận cầu đáng nhớ", "sapo": "Chiều qua", "body": TOPIC_WORDS["The thao"]},
    {"id": "2", "title": "Ca khúc mới", "sapo": "Tối nay", "body": TOPIC_WORDS["Van hoa"]},
    {"id": "3", "title": "Chuyện lạ", "sapo": "Sáng nay", "body": "xyz qwv"},
]
TOXICITY = {
    "clean": ["cảm ơn thành phố đã sửa đường", "góp ý nên trồng thêm cây xanh"],
    "offensive": ["mày ngu như bò", "đồ điên cút đi"],
    "hate": ["lũ đó là súc vật đuổi hết đi", "bọn chúng không đáng làm người"],
}
VSFC = {"negative": 0, "neutral": 1, "positive": 2}


def rows(table, copies=4):
    return [
        (f"{text} {i}", label)
        for i in range(copies)
        for label, texts in table.items()
        for text in texts
    ]


def make_data(root):
    """A data folder in the layout of ../shared/data, a few dozen rows per corpus."""
    for split in ("train", "dev"):
        folder = root / "sentiment/uit-vsfc" / split
        folder.mkdir(parents=True)
        data = rows(SENTIMENT)
        (folder / "sents.txt").write_text("\n".join(t for t, _ in data) + "\n", encoding="utf-8")
        labels = "\n".join(str(VSFC[label]) for _, label in data) + "\n"
        (folder / "sentiments.txt").write_text(labels, encoding="utf-8")
    vlsp = root / "sentiment/vlsp2016"
    vlsp.mkdir(parents=True)
    tags = {"positive": "POS", "negative": "NEG", "neutral": "NEU"}
    lines = [f"\ufeff{text}\t{tags[label]}" for text, label in rows(SENTIMENT, 1)]
    for name in ("train", "dev", "dev_test"):
        (vlsp / f"SA-2016.{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "sentiment/aivivn-2019").mkdir(parents=True)
    with (root / "sentiment/aivivn-2019/train.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "comment", "label"])
        writer.writerow(["train_1", "sản phẩm tuyệt vời", 0])
        writer.writerow(["train_2", "hàng kém chất lượng", 1])
    vsmec = root / "emotion/uit-vsmec"
    vsmec.mkdir(parents=True)
    for name in ("train", "valid"):
        with (vsmec / f"{name}_nor_811.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["index", "Emotion", "Sentence"])
            writer.writerow([1, "Enjoyment", "vui quá đi mất 😍"])
            writer.writerow([2, "Anger", "bực mình thật sự luôn á"])
            writer.writerow([3, "Other", "có ai đi chung không ạ"])
            writer.writerow([4, "Surprise", "ủa thật hả trời"])  # left out: any of the three
    (root / "news/vntc").mkdir(parents=True)
    with gzip.open(root / "news/vntc/train.jsonl.gz", "wt", encoding="utf-8") as f:
        for label, words in TOPIC_WORDS.items():
            for i in range(10):
                text = f"{words} {i}. {NEWS_SENTENCES[i % 3]}"
                doc = {"id": f"{label}{i}", "label": label, "source": "TT", "text": text}
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
            f.write(json.dumps({**doc, "id": "again"}, ensure_ascii=False) + "\n")  # duplicate
    (root / "news/baomoi-2017").mkdir(parents=True)
    with gzip.open(root / "news/baomoi-2017/articles.jsonl.gz", "wt", encoding="utf-8") as f:
        for doc in RECENT:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    (root / "toxicity/vihsd").mkdir(parents=True)
    for split in ("train", "dev"):
        with (root / "toxicity/vihsd" / f"{split}.csv").open("w", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["free_text", "label_id"])
            for text, label in rows(TOXICITY, 2):
                writer.writerow([text, nlp.LABELS["toxicity"].index(label)])
    return root


@pytest.mark.django_db
def test_train_models_writes_loadable_models_and_cards(tmp_path, settings):
    settings.NLP_EXTRA_LABELS = {}  # the corpora alone, whatever other apps register
    data, out = make_data(tmp_path / "data"), tmp_path / "models"
    call_command("train_models", data=data, output=out, stdout=(log := io.StringIO()))
    for task in nlp.TASKS:
        model = classifier.Model.load(task, out)
        assert model.labels == nlp.LABELS[task]
        card = (out / f"MODEL_CARD_{task}.md").read_text(encoding="utf-8")
        assert f"Trained {timezone.localdate():%Y-%m-%d}" in card  # the day it was retrained
        assert "| **macro average** |" in card
        assert "Intended use" in card  # the shipped description is kept
    assert "uit-vsfc** dev" in log.getvalue() and "vlsp2016** dev" in log.getvalue()
    sentiment = classifier.Model.load("sentiment", out)
    # VLSP rows that sit in its dev are left out; UIT-VSMEC's Surprise too.
    # VNTC's opening sentences of five sections (11 documents each, one repeated), labelled by
    # the lexicon: 55 plain first sentences and 15 plain second ones, 25 praising, 15 complaining.
    assert sentiment.meta["train_rows"] == 36 + 0 + 2 + 3 + 110
    card = (out / "MODEL_CARD_sentiment.md").read_text(encoding="utf-8")
    assert "110 rows (15 negative, 70 neutral, 25 positive)" in card
    assert [label for label, _ in sentiment.classify(["tôi rất hài lòng"])] == ["positive"]
    # Students' feedback, product reviews, social posts, news.
    assert sentiment.experts == ("feedback", "reviews", "social", "news")
    assert [e["rows"] for e in sentiment.meta["experts"]] == [36, 2, 3, 110]
    assert "uit-vsmec** dev (3 rows)" in log.getvalue()
    topic = classifier.Model.load("topic", out)
    # 10 duplicates dropped, 1 document per topic in dev: 90 articles; their openings of 30 and
    # 60 words, and the two recent headlines a section claims, for the short-text expert, each
    # also without diacritics.
    assert topic.meta["train_rows"] == 90 + 2 * (2 * 90 + 2)
    assert topic.experts == ("articles", "short") and topic.route_words == 80
    assert [e["rows"] for e in topic.meta["experts"]] == [90, 364]
    assert topic.classify(["bóng đá cầu thủ"])[0][0] == "The thao"
    assert topic.classify(["bong da cau thu"])[0][0] == "The thao"
    card = (out / "MODEL_CARD_topic.md").read_text(encoding="utf-8")
    assert "the whole article, where one section alone claims it: 2 rows" in card
    # Word vectors were learnt once from the texts under --data: toxicity keeps them; the
    # sentiment network started its embeddings from them and keeps only its own.
    toxic = classifier.Model.load("toxicity", out)
    assert log.getvalue().lower().count("learning word vectors") == 1
    assert toxic.vectors.dimensions == 50 and toxic.meta["vector_words"] == len(toxic.vectors.words)
    assert sentiment.vectors is None and len(sentiment.nets) == 1 and sentiment.net_blend == 0.6
    assert set(toxic.vectors.words) <= set(sentiment.nets[0].words)
    assert len(toxic.nets) == 1 and toxic.net_blend == 0.4
    # The shipped models are untouched.
    assert classifier.Model.load("topic").meta["train_rows"] > 10_000


@pytest.mark.django_db
def test_stored_labels_are_added(tmp_path, settings):
    settings.NLP_EXTRA_LABELS = {"sentiment": f"{__name__}.analyst_corrections"}
    out = tmp_path / "models"
    data = make_data(tmp_path / "data")
    call_command(
        "train_models", task=["sentiment"], data=data, output=out, stdout=(log := io.StringIO())
    )
    assert "+ 3 extra labels" in log.getvalue()
    model = classifier.Model.load("sentiment", out)
    assert model.meta["extra_labels_rows"] == 3
    # The portal's own labels train the expert citizens' posts are routed to: news.
    assert [e["rows"] for e in model.meta["experts"]] == [36, 2, 3, 110 + 3]
    assert not (out / "topic.npz").exists()
    call_command("train_models", task=["sentiment"], data=data, output=out, no_labels=True)
    assert "extra_labels_rows" not in classifier.Model.load("sentiment", out).meta


def test_recent_headlines_learn_the_section_their_whole_article_reads_as(tmp_path):
    data = make_data(tmp_path / "data")
    articles, _, _ = datasets.split_dev(datasets.read_vntc(data / "news/vntc/train.jsonl.gz"))
    recent = datasets.recent_short_news(data / "news/baomoi-2017/articles.jsonl.gz", articles)
    assert recent == [
        ("Trận cầu đáng nhớ\nChiều qua", "The thao"),
        ("Ca khúc mới\nTối nay", "Van hoa"),
    ]
    assert (
        datasets.recent_short_news(
            data / "news/baomoi-2017/articles.jsonl.gz", articles, per_label=0
        )
        == []
    )


def test_topic_sends_short_texts_to_the_short_text_expert():
    assert classifier.route_short(["một hai ba", "chữ " * 79, "chữ " * 80, None], 80).tolist() == [
        1,
        1,
        0,
        1,
    ]
    topic = classifier.get_model("topic")
    assert topic.experts == ("articles", "short")
    # A headline and the same headline inside a long article can be read by different experts.
    short, long = "Giá xăng tăng", "Giá xăng tăng. " + "Thị trường biến động " * 30
    assert classifier.route_short([short, long], topic.route_words).tolist() == [1, 0]


def test_topic_sends_long_texts_typed_without_diacritics_to_the_short_text_expert():
    # The articles' expert learnt whole articles as written: folded, they read as Vi tinh.
    written = "Giá xăng tăng, thị trường biến động mạnh trong tuần qua. " * 10
    folded = fold(written)
    # Teencode spelt out by the monitor ("ko" → "không") puts a few accented words back.
    spelt_out = folded.replace("trong", "không", 3)
    decomposed = unicodedata.normalize("NFD", written)  # as some phones send it
    assert classifier.route_short([written, folded, spelt_out, decomposed], 80).tolist() == [
        0,
        1,
        1,
        0,
    ]


@pytest.mark.django_db
def test_stored_topic_labels_train_the_expert_their_length_routes_them_to(tmp_path, settings):
    settings.NLP_EXTRA_LABELS = {"topic": f"{__name__}.topic_corrections"}
    out = tmp_path / "models"
    call_command("train_models", task=["topic"], data=make_data(tmp_path / "data"), output=out)
    topic = classifier.Model.load("topic", out)
    assert topic.meta["extra_labels_rows"] == 3
    # The long one typed without diacritics is learnt by the short expert, which reads such text.
    assert [e["rows"] for e in topic.meta["experts"]] == [90 + 1, 364 + 2]


def topic_corrections():
    texts = [
        "Kẹt xe ở Thủ Đức",
        "Bài dài về giao thông. " + "xe buýt đông khách " * 30,
        "Bai dai ve giao thong. " + "xe buyt dong khach " * 30,
    ]
    return texts, ["Chinh tri Xa hoi"] * 3


def analyst_corrections():
    return ["kẹt xe kinh khủng", "đường thông thoáng", "tin đã đọc"], [
        "negative",
        "positive",
        "neutral",
    ]


def test_extra_labels_are_checked(settings):
    settings.NLP_EXTRA_LABELS = {}
    assert datasets.extra_labels("topic") == ([], [])
    settings.NLP_EXTRA_LABELS = {"topic": f"{__name__}.analyst_corrections"}
    with pytest.raises(ValueError, match="unknown"):
        datasets.extra_labels("topic")


def test_missing_data_is_explained(tmp_path):
    with pytest.raises(CommandError, match="topic: training data not found.*train.jsonl.gz"):
        call_command("train_models", task=["topic"], data=tmp_path, output=tmp_path / "m")


def test_missing_recent_news_is_explained_and_nothing_is_written(tmp_path):
    data = make_data(tmp_path / "data")
    (data / "news/baomoi-2017/articles.jsonl.gz").unlink()
    with pytest.raises(CommandError, match="topic: training data not found.*baomoi-2017"):
        call_command("train_models", task=["topic"], data=data, output=tmp_path / "m")
    assert not (tmp_path / "m" / "topic.npz").exists()


def test_the_dev_split_is_stratified_and_shares_no_text():
    docs = [(f"bài {label} {i}", label) for label in "abc" for i in range(20)]
    docs += [(" bài  a 3 ", "a")]  # the same text as an earlier one, spaced differently
    train, dev, dropped = datasets.split_dev(docs)
    assert dropped == 1 and len(dev) == 6 and len(train) == 54
    assert {label for _, label in dev} == {"a", "b", "c"}
    key = datasets._key
    assert not {key(t) for t, _ in train} & {key(t) for t, _ in dev}
    assert datasets.split_dev(docs) == (train, dev, dropped)  # a fixed seed
