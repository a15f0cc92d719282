"""The shipped models: each loads, stays small, describes itself, and sorts hand-written texts
whose answer is obvious; the public API keeps order and shape."""

import numpy as np
import pytest

from cityportal import nlp
from cityportal.nlp import classifier, reading

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


# Megabytes: small enough to commit and load at once. Toxicity carries its word vectors and a
# network (2.8 MB → 3.7 MB for +0.009 macro-F1 out of fold: its model card); sentiment a fourth
# expert, for news and announcements (3.1 MB → 4.0 MB; held-out civic macro-F1 0.48 → 0.74);
# topic an expert for short texts, spelt with and without diacritics (2.6 MB → 5.1 MB; 2018
# headlines read right 0.55 → 0.64, folded 0.20 → 0.62).
BUDGET_MB = {"sentiment": 4.5, "topic": 5.5, "toxicity": 4.0}


def test_every_task_has_a_small_artifact_with_its_dev_scores():
    for task in nlp.TASKS:
        model = classifier.Model.load(task)
        assert model.labels == nlp.LABELS[task]
        assert model.weights.shape[1] == model.columns() >= 2
        assert (classifier.MODEL_DIR / f"{task}.npz").stat().st_size < BUDGET_MB[task] * 1e6
        assert model.meta["train_rows"] > 10_000
        for figures in model.meta["dev"].values():
            assert 0.5 < figures["macro_f1"] <= 1 and 0.5 < figures["accuracy"] <= 1
        card = (classifier.MODEL_DIR / f"MODEL_CARD_{task}.md").read_text(encoding="utf-8")
        assert "| **macro average** |" in card
        assert f"Trained {model.meta['trained']} on" in card
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


def test_short_news_typed_without_diacritics_lands_in_its_section():
    # Folded, these read as Vi tinh (English-looking words) before the short-text expert learnt
    # folded rows. Each is under 80 words, so the short-text expert reads it.
    headlines = {
        "The thao": "doi tuyen bong da Viet Nam thang 2-0, tien dao ghi ban phut cuoi",
        "Suc khoe": "benh vien qua tai, benh nhan sot xuat huyet cho kham tu sang toi trua",
        "Kinh doanh": "gia vang hom nay tang manh, co phieu ngan hang giam diem",
    }
    assert classifier.route_short(list(headlines.values()), 80).tolist() == [1, 1, 1]
    results = nlp.classify("topic", list(headlines.values()))
    assert [label for label, _ in results] == list(headlines)
    written = nlp.classify("topic", [text.split(",")[0] for text in NEWS.values()])
    assert [label for label, _ in written] == list(NEWS)  # and headlines with diacritics


def test_long_news_typed_without_diacritics_lands_in_its_section():
    # Over 80 words, folded: the articles' expert read such text as Vi tinh; it now goes to the
    # short-text expert, which learnt folded rows.
    article = (
        "Toi qua tren san Thong Nhat, doi bong Thanh pho Ho Chi Minh da gianh chien thang 2-1 "
        "truoc doi khach trong tran dau thuoc vong 10 V.League. Tien dao so 9 mo ty so ngay phut "
        "thu 15 sau pha chuyen bong cua tien ve canh phai. Doi khach go hoa dau hiep hai tu mot "
        "qua phat goc. Phut 85, trung ve doi chu nha danh dau dang vao luoi nha, mang ve ba diem "
        "quy gia. Huan luyen vien cho biet cac cau thu da thi dau kien cuong, co dong vien kin "
        "khan dai. Voi ket qua nay, doi bong vuon len vi tri thu tu tren bang xep hang, kem doi "
        "dau bang bon diem truoc vong dau toi."
    )
    assert len(article.split()) > 80
    assert classifier.route_short([article], 80).tolist() == [1]
    assert nlp.classify("topic", [article])[0][0] == "The thao"


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


def test_several_tasks_at_once_give_what_each_task_gives_alone():
    texts = PRAISE + COMPLAINT + list(NEWS.values()) + ["", None]
    alone = {task: nlp.classify(task, texts) for task in nlp.TASKS}
    assert nlp.classify_many({task: texts for task in nlp.TASKS}) == alone
    reverse = {task: texts for task in reversed(nlp.TASKS)}  # the order of tasks changes nothing
    assert nlp.classify_many(reverse) == alone
    mixed = nlp.classify_many({"sentiment": PRAISE, "topic": list(NEWS.values())})
    assert mixed == {"sentiment": alone["sentiment"][:2], "topic": alone["topic"][4:8]}
    assert nlp.classify_many({}) == {} and nlp.classify_many({"toxicity": []}) == {"toxicity": []}
    with pytest.raises(TypeError):
        nlp.classify_many({"sentiment": "một chuỗi"})


def test_sentiment_and_toxicity_hash_a_batch_once():
    shared = {}
    for task in ("sentiment", "toxicity"):
        classifier.get_model(task).classify(COMPLAINT, shared)
    assert sorted(key for key in shared if key[0] == "view") == [
        ("view", "folded"),
        ("view", "negated"),
        ("view", "text"),
    ]
    # Characters and unaccented words shared; words as toxicity reads them, and as sentiment
    # does with negation scope marked.
    assert len([key for key in shared if key[0] == "block"]) == 4


def test_negation_marks_the_words_it_flips_until_punctuation_or_a_contrast():
    mark = reading.mark_negation
    assert mark("không còn ngập nữa, cảm ơn phường") == (
        "không neg_còn neg_ngập neg_nữa , cảm ơn phường"
    )
    assert mark("thầy ko nhiệt tình nhưng dễ hiểu") == "thầy ko neg_nhiệt neg_tình nhưng dễ hiểu"
    # At most NEGATION_SCOPE words; a second negator starts its own scope.
    assert mark("chưa a b c d e f") == "chưa neg_a neg_b neg_c neg_d neg_e f"
    assert mark("chẳng ai không giúp") == "chẳng neg_ai không neg_giúp"
    assert mark("dạy tốt") == "dạy tốt"


def test_words_that_start_with_a_negator_negate_nothing():
    mark = reading.mark_negation
    assert mark("không khí ô nhiễm quá") == "không khí ô nhiễm quá"
    assert mark("khong khi o nhiem qua") == "khong khi o nhiem qua"
    assert mark("cán bộ hết lòng giúp dân") == "cán bộ hết lòng giúp dân"
    assert mark("sân chơi thiếu nhi sạch đẹp") == "sân chơi thiếu nhi sạch đẹp"
    # Without the compound's second word the negator still flips what follows.
    assert mark("hết ngập rồi") == "hết neg_ngập neg_rồi"


def test_sentiment_routes_each_text_to_the_expert_of_its_domain():
    model = classifier.get_model("sentiment")
    assert model.experts == ("feedback", "reviews", "social", "news")
    assert model.weights.shape == (2**18 + 2, 4 + 4 * 3)  # hashed columns, the lexicon's two
    texts = [
        "Thầy giảng bài dễ hiểu, nhiệt tình giúp đỡ sinh viên.",  # a student on a course
        "Điện thoại pin trâu, camera chụp đẹp, giá hợp lý, giao hàng nhanh.",  # a shopper
        "trời ơi đọc xong mà tức muốn xỉu luôn á mấy bà 😡",  # a Facebook comment
        "Từ ngày 1/12, tuyến xe buýt số 56 điều chỉnh lộ trình qua đường Võ Văn Kiệt.",  # notice
    ]
    blocks = classifier.feature_blocks(texts, model.features)
    X = classifier.weigh(blocks, model.idf, model.features)
    routes = (X @ model.weights[:, :4] + model.bias[:4]).argmax(axis=1)
    assert [model.experts[r] for r in routes] == ["feedback", "reviews", "social", "news"]
    # Each text is scored by its own expert's columns.
    chosen = [model.weights[:, 4 + 3 * r : 7 + 3 * r] for r in routes]
    for i, weights in enumerate(chosen):
        expected = X[i] @ weights + model.bias[4 + 3 * routes[i] : 7 + 3 * routes[i]]
        assert np.allclose(model.scores(texts)[i], expected, atol=1e-4)
    labels = [label for label, _ in model.classify(texts)]
    assert labels == ["positive", "positive", "negative", "neutral"]


def test_the_news_experts_neutral_score_is_lowered_as_the_recipe_says(monkeypatch):
    from cityportal.nlp import fitting

    # Two experts on a handful of rows, fitted with and without the offset: the same weights,
    # and the news expert's neutral bias lower by exactly the offset.
    texts = ["thầy dạy hay", "thầy dạy chán", "lớp học lúc 7 giờ"] * 8
    texts += ["phường họp dân", "dân rất hài lòng", "đường ngập nặng"] * 8
    labels = ["positive", "negative", "neutral"] * 16
    domains = ["feedback"] * 24 + ["news"] * 24
    recipe = {**classifier.RECIPES["sentiment"], "experts": {"feedback": 1.0, "news": 1.0}}
    recipe.pop("net"), recipe.pop("route_margins")
    plain = {**recipe, "expert_offsets": {}}
    shifted = {**recipe, "expert_offsets": {"news": {"neutral": -2.0}}}
    models = {}
    for name, variant in (("plain", plain), ("shifted", shifted)):
        monkeypatch.setitem(classifier.RECIPES, "sentiment", variant)
        models[name] = fitting.train("sentiment", texts, labels, domains=domains)
    np.testing.assert_array_equal(models["plain"].weights, models["shifted"].weights)
    difference = models["shifted"].bias - models["plain"].bias
    # Router (2), feedback (negative, neutral, positive), news (negative, neutral, positive).
    np.testing.assert_allclose(difference, [0, 0, 0, 0, 0, 0, -2.0, 0], atol=1e-6)
    assert models["shifted"].meta["expert_offsets"] == {"news": {"neutral": -2.0}}
    assert classifier.get_model("sentiment").meta["expert_offsets"] == {"news": {"neutral": -2.0}}


def test_every_sentiment_expert_learnt_the_lexicon_hits_sign():
    # The last two columns count the lexicon's positive and negative hits (`lexicon`): each
    # expert learnt from the general words in its rows which way they lean, and the civic words
    # its rows lack ("ngập", "kẹt xe") are read with the same weight.
    model = classifier.get_model("sentiment")
    assert model.features[-1]["analyzer"] == "lexicon"
    positive_hits, negative_hits = model.weights[-2], model.weights[-1]
    for e in range(len(model.experts)):
        first = len(model.experts) + 3 * e  # after the router's columns
        negative, _, positive = range(first, first + 3)
        assert positive_hits[positive] > positive_hits[negative]
        assert negative_hits[negative] > negative_hits[positive]


def test_the_monitor_stage_gives_each_task_its_own_labels():
    from cityportal.monitor.pipeline import classify as stage

    long_news = NEWS["The thao"] + " Trận đấu diễn ra trên sân Mỹ Đình." * 20
    texts = PRAISE + COMPLAINT + [long_news]
    leads = [stage.lead(t) for t in texts]
    found = stage.classify(texts)
    for task, inputs in (("sentiment", leads), ("topic", texts), ("toxicity", leads)):
        assert [(row[task], row[f"{task}_score"]) for row in found] == nlp.classify(task, inputs)


def test_load_models_swaps_every_task_for_the_process(tmp_path):
    """A folder's models become the ones classify reads (the benchmark compares two sets)."""
    shipped = {task: classifier.get_model(task) for task in nlp.TASKS}
    for task in nlp.TASKS:
        model = classifier.Model.load(task)
        model.meta["trained"] = "in the test's folder"
        model.save(tmp_path)
    try:
        classifier.load_models(tmp_path)
        for task in nlp.TASKS:
            model = classifier.get_model(task)
            assert model is not shipped[task] and model.meta["trained"] == "in the test's folder"
        assert nlp.classify("sentiment", PRAISE)[0][0] == "positive"
    finally:
        classifier.load_models()
    assert all(classifier.get_model(task).meta == shipped[task].meta for task in nlp.TASKS)


def test_a_block_taken_from_a_similar_view_is_the_block_hashed_anew():
    texts = ["không còn ngập nữa", "đường sạch đẹp", "thầy ko nhiệt tình", ""]
    words = classifier.RECIPES["sentiment"]["features"][1]
    for first, then in (("sentiment", "toxicity"), ("toxicity", "sentiment")):
        shared = {}
        for task in (first, then):
            model = classifier.get_model(task)
            classifier.feature_blocks(texts, model.features, shared, model.vectors)
        for spec in (words, {**words, "view": "text"}):
            reused = shared[("block", classifier._key(spec))]
            anew = classifier._hash(spec, reading.view(spec["view"], texts, {}))
            assert (reused != anew).nnz == 0
            assert (reused.indices == anew.indices).all()


def test_an_expert_with_a_route_margin_is_chosen_only_when_it_leads_by_more(monkeypatch):
    from cityportal.nlp import fitting

    words = {"view": "text", "analyzer": "word", "ngram_range": [1, 1], "n_features": 2**10}
    recipe = {
        "features": [words],
        "experts": {"feedback": 1.0, "reviews": 1.0, "social": 1.0},
        "router_C": 1.0,
    }
    feedback = ["giảng viên dạy hay", "giảng viên dạy chán", "môn học bình thường"] * 8
    reviews = ["sản phẩm tốt giao nhanh", "sản phẩm lỗi giao chậm", "sản phẩm tạm"] * 8
    social = ["vui quá mấy bà ơi", "tức quá mấy bà ơi", "ai đi chung không mấy bà"] * 8
    texts, labels = feedback + reviews + social, ["positive", "negative", "neutral"] * 24
    domains = ["feedback"] * 24 + ["reviews"] * 24 + ["social"] * 24
    monkeypatch.setitem(classifier.RECIPES, "sentiment", recipe)
    plain = fitting.train("sentiment", texts, labels, domains=domains)
    # A text half feedback, half social post, and a plain social post: the router's lead of the
    # social expert over the others is smaller for the first; a margin between the two leads
    # sends the first to the feedback expert and keeps the second where it was.
    mixed, posts = "giảng viên dạy hay quá mấy bà ơi", "vui quá mấy bà ơi"
    X = classifier.weigh(classifier.feature_blocks([mixed, posts], [words]))
    routes = np.asarray(X @ plain.weights[:, :3]) + plain.bias[:3]
    leads = routes[:, 2] - routes[:, :2].max(axis=1)
    assert 0 < leads[0] < leads[1]
    margin = float(leads.mean())
    monkeypatch.setitem(
        classifier.RECIPES, "sentiment", {**recipe, "route_margins": {"social": margin}}
    )
    strict = fitting.train("sentiment", texts, labels, domains=domains)
    assert strict.meta["route_margins"]["social"] == margin
    np.testing.assert_array_equal(strict.weights, plain.weights)  # the same router and experts
    assert list(plain._routed_scores([mixed, posts], {})[1]) == [2, 2]
    assert list(strict._routed_scores([mixed, posts], {})[1]) == [0, 2]


def test_weights_are_stored_as_their_non_zero_values_and_read_back_exactly(tmp_path):
    features = [{"view": "text", "analyzer": "word", "ngram_range": [1, 1], "n_features": 64}]
    weights = np.zeros((64, 3), np.float32)
    weights[[1, 5, 40]] = [[0.5, -0.25, 1.0], [2.0, 0.0, -3.0], [0.125, 0.75, -0.5]]
    model = classifier.Model("topic", weights, np.zeros(3, np.float32), ("a", "b", "c"), features)
    npz, _ = model.save(tmp_path)
    with np.load(npz) as arrays:
        assert "weights" not in arrays and arrays["weights_values"].size == 8
    loaded = classifier.Model.load("topic", tmp_path)
    np.testing.assert_array_equal(loaded.weights, weights)
    assert loaded.classify(["x"]) == model.classify(["x"])
