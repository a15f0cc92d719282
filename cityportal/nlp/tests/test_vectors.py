"""Word vectors learnt from unlabelled text, and the two-stage model that reads them: words
used alike come out alike, and a model keeps its vectors and scores through save and load."""

import numpy as np

from cityportal.nlp import classifier, fitting, vectors

# Written for this test: "xe buýt" and "tàu điện" share their company; "phở" and "bánh mì" theirs.
TEXTS = [
    f"sáng nay {vehicle} đông khách, {vehicle} chạy chậm vì kẹt đường"
    for vehicle in ("xe buýt", "tàu điện")
    for _ in range(20)
] + [
    f"quán {food} ngon, giá {food} rẻ, ăn {food} no"
    for food in ("phở", "bánh mì")
    for _ in range(20)
]


def test_words_used_alike_get_alike_vectors():
    words, matrix = vectors.build(TEXTS, vocabulary=100, dimensions=8)
    assert matrix.dtype == np.float16 and matrix.shape == (len(words), 8)
    assert {"buýt", "điện", "phở", "bánh"} <= set(words)  # each seen at least MIN_COUNT times
    found = vectors.WordVectors(words, matrix)

    def near(a, b):
        u = found.unit
        return float(u[found.index[a]] @ u[found.index[b]])

    assert near("buýt", "điện") > near("buýt", "phở")
    mean = found.mean(["xe buýt", "không có từ nào quen", ""]).toarray()
    assert np.isclose(np.linalg.norm(mean[0]), 1) and not mean[2].any()


def test_too_little_text_still_gives_vectors_of_the_asked_size():
    words, matrix = vectors.build(["a b a b a b a b a b"], dimensions=50)
    assert matrix.shape == (len(words), 50)


def test_a_two_stage_model_keeps_its_vectors_and_scores(tmp_path):
    texts = ["đồ ngu", "mày ngu lắm", "cảm ơn bạn", "rất hay", "lũ chó đó", "bọn chó"] * 10
    labels = ["offensive", "offensive", "clean", "clean", "hate", "hate"] * 10
    words = vectors.WordVectors(*vectors.build(texts, dimensions=50))
    model = fitting.train("toxicity", texts, labels, vectors=words)
    assert model.weights.shape == (2**18 + 50, 2) and model.offsets.shape == (3,)
    model.save(tmp_path)
    loaded = classifier.Model.load("toxicity", tmp_path)
    assert loaded.vectors.words == words.words
    probabilities = loaded.probabilities(["đồ ngu", "cảm ơn bạn", "bọn chó"])
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert np.allclose(
        probabilities, model.probabilities(["đồ ngu", "cảm ơn bạn", "bọn chó"]), atol=1e-3
    )
    assert [label for label, _ in loaded.classify(["đồ ngu", "cảm ơn bạn", "bọn chó"])] == [
        "offensive",
        "clean",
        "hate",
    ]


def test_stage_scores_are_log_probabilities_of_three_classes():
    scores = np.array([[-3.0, 0.0], [2.0, -2.0], [2.0, 2.0]])
    probabilities = np.exp(classifier.stage_scores(scores))
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert list(probabilities.argmax(axis=1)) == [0, 1, 2]


def test_a_routed_model_keeps_its_vectors_too(monkeypatch, tmp_path):
    recipe = {**classifier.RECIPES["sentiment"], "experts": {"feedback": 0.3, "reviews": 0.3}}
    recipe["features"] = [*recipe["features"], classifier._word_vectors("text", 3.0, 50)]
    monkeypatch.setitem(classifier.RECIPES, "sentiment", recipe)
    texts = ["giảng viên dạy hay", "phòng học nóng", "hàng tốt", "giao hàng chậm"] * 10
    labels = ["positive", "negative", "positive", "negative"] * 10
    domains = ["feedback", "feedback", "reviews", "reviews"] * 10
    words = vectors.WordVectors(*vectors.build(texts))
    model = fitting.train("sentiment", texts, labels, domains=domains, vectors=words)
    model.save(tmp_path)
    loaded = classifier.Model.load("sentiment", tmp_path)
    assert loaded.vectors.words == words.words and loaded.experts == ("feedback", "reviews")
    assert [label for label, _ in loaded.classify(["dạy hay", "giao chậm"])] == [
        "positive",
        "negative",
    ]
