"""The shipped models: each loads, stays small, describes itself, and sorts hand-written texts
whose answer is obvious; the public API keeps order and shape."""

import pytest

from cityportal import nlp
from cityportal.nlp import classifier

# Written for these tests, not taken from any corpus.
PRAISE = [
    "Cán bộ phường hướng dẫn rất nhiệt tình, thủ tục nhanh gọn, tôi rất hài lòng.",
    "Công viên mới sạch đẹp, cảm ơn thành phố rất nhiều!",
]
COMPLAINT = [
    "Đường ngập nước suốt một tuần mà không ai xử lý, quá thất vọng và bực mình.",
    "Thái độ nhân viên tệ hại, chờ cả buổi sáng vẫn không được giải quyết.",
]
NEWS = {
    "The thao": "Đội tuyển bóng đá Việt Nam thắng 2-0 trong trận đấu vòng loại, tiền đạo ghi bàn "
    "ở phút cuối và huấn luyện viên khen các cầu thủ.",
    "Suc khoe": "Bác sĩ khuyến cáo người dân tiêm vắc xin phòng cúm, bệnh viện tiếp nhận nhiều ca "
    "sốt xuất huyết, bệnh nhân cần điều trị sớm.",
    "Vi tinh": "Phiên bản mới của hệ điều hành Windows sửa lỗi bảo mật, người dùng máy tính nên cài "
    "bản cập nhật phần mềm và diệt virus.",
    "Kinh doanh": "Giá vàng và tỷ giá USD tăng, ngân hàng điều chỉnh lãi suất tiền gửi, cổ phiếu "
    "trên sàn chứng khoán giảm điểm.",
}


def test_every_task_has_a_small_artifact_with_its_dev_scores():
    for task in nlp.TASKS:
        model = classifier.Model.load(task)
        assert model.labels == nlp.LABELS[task]
        assert model.weights.shape[1] == len(nlp.LABELS[task])
        assert (classifier.MODEL_DIR / f"{task}.npz").stat().st_size < 3_500_000
        assert model.meta["train_rows"] > 10_000
        for figures in model.meta["dev"].values():
            assert 0.5 < figures["macro_f1"] <= 1 and 0.5 < figures["accuracy"] <= 1
        card = (classifier.MODEL_DIR / f"MODEL_CARD_{task}.md").read_text(encoding="utf-8")
        assert "| **macro average** |" in card and "2026-11-26" in card
        assert "train_models" in card and "Intended use" in card


def test_topic_labels_are_vntc_ten_sections():
    assert len(nlp.LABELS["topic"]) == 10
    assert "Chinh tri Xa hoi" in nlp.LABELS["topic"] and "Vi tinh" in nlp.LABELS["topic"]


def test_praise_is_positive_and_complaints_are_negative():
    results = nlp.classify("sentiment", PRAISE + COMPLAINT)
    assert [label for label, _ in results] == ["positive"] * 2 + ["negative"] * 2
    assert all(score > 0.5 for _, score in results)


def test_news_items_land_in_their_section():
    results = nlp.classify("topic", list(NEWS.values()))
    assert [label for label, _ in results] == list(NEWS)


def test_output_keeps_order_and_shape_whatever_the_batch():
    texts = [COMPLAINT[0], PRAISE[0], "", None, COMPLAINT[0]]
    for task in nlp.TASKS:
        results = nlp.classify(task, texts)
        assert len(results) == len(texts) and nlp.classify(task, []) == []
        for label, score in results:
            assert label in nlp.LABELS[task] and isinstance(score, float) and 0 <= score <= 1
        assert results[0] == results[4] and results[2] == results[3]
        assert results == [nlp.classify(task, [t])[0] for t in texts]


def test_wrong_calls_are_refused():
    with pytest.raises(TypeError):
        nlp.classify("sentiment", "một chuỗi, không phải danh sách")
    with pytest.raises(ValueError, match="unknown task"):
        nlp.classify("emotion", ["vui"])


def test_the_model_is_loaded_once_per_process():
    assert classifier.get_model("sentiment") is classifier.get_model("sentiment")
