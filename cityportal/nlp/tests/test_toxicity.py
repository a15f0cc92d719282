"""The shipped toxicity model: it loads, sorts hand-written comments sensibly, and the training
command rebuilds a loadable artifact from a CSV in ViHSD's layout."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityportal.nlp import classifier, reading, toxicity

# Written for these tests, not taken from ViHSD.
CIVIL = [
    "Đề nghị thành phố bố trí thêm chuyến buýt vào giờ cao điểm, xin cảm ơn ban biên tập.",
    "Tôi góp ý là nên công khai tiến độ dự án metro để người dân theo dõi.",
    "Cảm ơn quận đã sửa xong con đường trước nhà tôi, đi lại thuận tiện hơn nhiều.",
]
ABUSIVE = [
    "Mày là thằng ngu, câm mồm đi đồ óc chó",
    "đồ mất dạy, cút đi",
    "Lũ người đó là lũ súc vật, nên đuổi hết ra khỏi thành phố",
]


def test_the_shipped_artifact_loads_and_describes_itself():
    model = classifier.Model.load("toxicity")
    assert model.labels == ("clean", "offensive", "hate")
    # Hashed n-grams and 50 word-vector columns; clean-or-not, then hate-or-offensive.
    assert model.weights.shape == (2**18 + 50, 2)
    assert len(model.vectors.words) == 20_000 and model.vectors.dimensions == 50
    assert model.meta["train_rows"] > 20_000 and 0.5 < model.meta["dev"]["vihsd"]["macro_f1"] < 1
    assert len(model.nets) == 1 and model.net_blend == 0.4  # a network blended in
    card = (classifier.MODEL_DIR / "MODEL_CARD_toxicity.md").read_text(encoding="utf-8")
    assert "ViHSD" in card and "research purposes" in card and "| **macro average** |" in card


def test_civil_comments_are_clean_and_insults_are_not():
    results = toxicity.classify(CIVIL + ABUSIVE)
    assert [label for label, _ in results[:3]] == ["clean"] * 3
    assert all(label in ("offensive", "hate") for label, _ in results[3:])
    assert all(score >= 0.6 for _, score in results[3:])


def test_output_keeps_order_and_shape():
    texts = [ABUSIVE[0], CIVIL[0], "", ABUSIVE[0]]
    results = toxicity.classify(texts)
    assert len(results) == 4 and toxicity.classify([]) == []
    for label, score in results:
        assert label in toxicity.LABELS and isinstance(score, float) and 0 <= score <= 1
    assert results[0] == results[3] and results[1][0] == "clean"
    assert results == [toxicity.classify([t])[0] for t in texts]  # batching changes nothing
    with pytest.raises(TypeError):
        toxicity.classify("một chuỗi, không phải danh sách")


def test_decomposed_and_unaccented_text_is_handled():
    import unicodedata

    nfd = unicodedata.normalize("NFD", ABUSIVE[0])
    assert toxicity.classify([nfd]) == toxicity.classify([ABUSIVE[0]])
    assert reading.prepare("HAYYYYY   QUÁ www.x.vn") == "hayy quá url"


def test_a_batch_labels_each_text_as_it_would_be_labelled_alone():
    """The monitor and the comment desk classify in batches; a text's label must not depend on
    its neighbours. (Speed is measured by `make bench-nlp`, not here.)"""
    batch = (CIVIL + ABUSIVE) * 100
    alone = {text: toxicity.classify([text])[0] for text in CIVIL + ABUSIVE}
    results = toxicity.classify(batch)
    assert [label for label, _ in results] == [alone[text][0] for text in batch]
    assert [round(p, 4) for _, p in results] == [round(alone[text][1], 4) for text in batch]


def write_csv(path, rows):
    lines = ["free_text,label_id"] + [f'"{text}",{label}' for text, label in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


TINY = [
    ("cảm ơn thành phố đã sửa đường", 0),
    ("xin hỏi lịch tiêm chủng ở phường", 0),
    ("góp ý nên trồng thêm cây xanh", 0),
    ("bài viết rất hữu ích cho người dân", 0),
    ("mày ngu như bò", 1),
    ("đồ điên cút đi", 1),
    ("lũ đó là súc vật đuổi hết đi", 2),
    ("bọn chúng không đáng làm người", 2),
]


@pytest.mark.django_db
def test_the_command_trains_a_loadable_artifact(tmp_path, make_article):
    from django.contrib.contenttypes.models import ContentType

    from cityportal.feedback.models import Comment

    article = make_article(title="Thành phố mở rộng tuyến buýt điện")

    def make_comment(body, status):
        Comment.objects.create(
            content_type=ContentType.objects.get_for_model(article),
            object_id=str(article.pk),
            name="Bạn đọc",
            email=f"{status}@example.invalid",
            body=body,
            status=status,
        )

    write_csv(tmp_path / "train.csv", TINY)
    write_csv(tmp_path / "dev.csv", TINY[::2] + TINY[1::4])
    make_comment(body="bình luận rác quảng cáo", status="spam")
    make_comment(body="ý kiến xây dựng về giao thông", status="approved")
    make_comment(body="còn chờ duyệt", status="pending")
    out = tmp_path / "model"
    call_command("train_moderation_model", data=tmp_path, output=out, stdout=(log := io.StringIO()))
    assert "8 corpus rows + 2 moderated comments" in log.getvalue()
    assert "macro average" in log.getvalue()
    model = classifier.Model.load("toxicity", out)
    assert model.meta["moderated_comments_rows"] == 2
    assert [label for label, _ in model.classify(["cảm ơn thành phố"])] == ["clean"]
    card = (out / "MODEL_CARD_toxicity.md").read_text(encoding="utf-8")
    assert "on 8 corpus rows + 2 moderated comments" in card and "research purposes" in card
    # The shipped card and artifact are untouched.
    assert classifier.Model.load("toxicity").meta["train_rows"] > 20_000

    call_command(
        "train_moderation_model", data=tmp_path, output=out, no_labels=True, stdout=io.StringIO()
    )
    assert "moderated_comments_rows" not in classifier.Model.load("toxicity", out).meta


def test_the_command_explains_missing_data(tmp_path):
    with pytest.raises(CommandError, match="Training data not found.*train.csv"):
        call_command("train_moderation_model", data=tmp_path / "nowhere", output=tmp_path)
