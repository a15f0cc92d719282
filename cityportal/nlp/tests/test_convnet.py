"""The convolutional network (`convnet`): its hand-written gradients against finite differences,
that it learns what a bag of words cannot, and that it survives saving."""

import numpy as np
import pytest

from cityportal.nlp import convnet, fitting
from cityportal.nlp.classifier import RECIPES, Model, softmax

# A small linear part for the recipes below: syllables, hashed into 256 columns.
WORDS = {"view": "text", "analyzer": "word", "ngram_range": [1, 1], "n_features": 256}


def small_net(seed=0) -> convnet.ConvNet:
    texts = ["rất tốt !", "không tốt", "tệ quá", "tốt lắm", "không tệ"]
    net = convnet.train(texts, np.array([1, 0, 0, 1, 1]), 2, dimensions=4, filters=3, epochs=0)
    rng = np.random.default_rng(seed)
    # Float64 and random weights everywhere, so finite differences are exact enough to compare.
    net.embeddings = rng.normal(0, 1, net.embeddings.shape)
    net.filters = [rng.normal(0, 1, w.shape) for w in net.filters]
    net.biases = [rng.normal(0, 0.1, b.shape) for b in net.biases]
    net.out = rng.normal(0, 1, net.out.shape)
    net.out_bias = rng.normal(0, 0.1, net.out_bias.shape)
    return net


def test_gradients_match_finite_differences():
    net = small_net()
    ids, lengths = net.ids([["rất", "tốt", "!"], ["không", "tốt"], ["tệ"]])
    y, weight = np.array([1, 0, 0]), np.array([1.0, 2.0])

    def loss():  # the same dropout masks every time
        return convnet._gradients(net, ids, lengths, y, weight, np.random.default_rng(7))[0]

    _, grads = convnet._gradients(net, ids, lengths, y, weight, np.random.default_rng(7))
    params = [net.embeddings, *net.filters, *net.biases, net.out, net.out_bias]
    checked = 0
    for param, grad in zip(params, grads, strict=True):
        for flat in np.random.default_rng(1).choice(param.size, min(6, param.size), False):
            at = np.unravel_index(flat, param.shape)
            kept = param[at]
            param[at] = kept + 1e-5
            above = loss()
            param[at] = kept - 1e-5
            below = loss()
            param[at] = kept
            assert grad[at] == pytest.approx((above - below) / 2e-5, rel=1e-3, abs=1e-5)
            checked += 1
    assert checked > 30


def test_it_learns_word_order():
    # The same words in both classes: only their order tells ("không tốt" / "tốt không").
    texts = ["không tốt", "tốt không", "chẳng hay", "hay chẳng"] * 30
    y = np.array([0, 1, 0, 1] * 30)
    net = convnet.train(texts, y, 2, dimensions=8, filters=8, epochs=30, rate=0.01)
    assert list(net.logits(texts[:4]).argmax(axis=1)) == [0, 1, 0, 1]


def test_saved_arrays_give_the_same_logits_and_empty_text_is_read():
    net = convnet.train(["tốt lắm", "tệ quá", "tốt", "tệ"], np.array([1, 0, 1, 0]), 2, epochs=3)
    loaded = convnet.ConvNet.from_arrays(net.arrays("net_"), "net_")
    texts = ["tốt lắm", "", "chữ lạ chưa từng thấy"]
    assert loaded.words == net.words
    np.testing.assert_allclose(loaded.logits(texts), net.logits(texts), atol=1e-2)
    assert loaded.logits(texts).shape == (3, 2)


def test_a_recipe_with_a_network_blends_it_in_and_saves_it(tmp_path, monkeypatch):
    recipe = {
        "features": [WORDS],
        "C": 1.0,
        "net": {"dimensions": 8, "filters": 8, "epochs": 20, "blend": 0.5},
    }
    monkeypatch.setitem(RECIPES, "sentiment", recipe)
    texts = ["rất tốt", "tệ lắm", "bình thường", "tuyệt vời", "dở tệ", "cũng được"] * 8
    labels = ["positive", "negative", "neutral"] * 16
    model = fitting.train("sentiment", texts, labels)
    assert len(model.nets) == 1 and model.net_blend == 0.5
    linear = Model(**{**model.__dict__, "nets": ()})
    assert not np.allclose(model.probabilities(texts[:3]), linear.probabilities(texts[:3]))
    model.save(tmp_path)
    loaded = Model.load("sentiment", tmp_path)
    assert loaded.net_blend == 0.5 and loaded.nets[0].words == model.nets[0].words
    np.testing.assert_allclose(
        loaded.probabilities(texts[:6]), model.probabilities(texts[:6]), atol=2e-2
    )
    assert [label for label, _ in loaded.classify(texts[:3])] == labels[:3]


def test_several_networks_are_averaged_and_saved_with_one_vocabulary(tmp_path, monkeypatch):
    recipe = {
        "features": [WORDS],
        "C": 1.0,
        "net": {"dimensions": 8, "filters": 8, "epochs": 5, "blend": 0.5, "networks": 3},
    }
    monkeypatch.setitem(RECIPES, "sentiment", recipe)
    texts = ["rất tốt", "tệ lắm", "bình thường", "tuyệt vời", "dở tệ", "cũng được"] * 8
    labels = ["positive", "negative", "neutral"] * 16
    model = fitting.train("sentiment", texts, labels, seed=4)
    assert len(model.nets) == 3 and model.meta["net"]["networks"] == 3
    assert (
        model.nets[0].words == model.nets[2].words
    )  # the vocabulary is the data's, not the seed's
    assert not np.allclose(model.nets[0].out, model.nets[1].out)  # seeds 4, 5, 6
    # The blend reads the networks' mean log-probabilities.
    linear = Model(**{**model.__dict__, "nets": ()})
    mean = np.mean([np.log(softmax(n.logits(texts[:6])) + 1e-9) for n in model.nets], axis=0)
    expected = softmax(0.5 * mean + 0.5 * np.log(linear.probabilities(texts[:6]) + 1e-9))
    np.testing.assert_allclose(model.probabilities(texts[:6]), expected, atol=1e-6)
    npz, _ = model.save(tmp_path)
    with np.load(npz) as arrays:
        assert "net_words" in arrays and "net2_out" in arrays and "net1_words" not in arrays
    loaded = Model.load("sentiment", tmp_path)
    assert [n.words for n in loaded.nets] == [n.words for n in model.nets]
    np.testing.assert_allclose(
        loaded.probabilities(texts[:6]), model.probabilities(texts[:6]), atol=2e-2
    )


def test_a_routed_models_network_reads_only_the_texts_sent_to_the_first_expert(monkeypatch):
    recipe = {
        "features": [WORDS],
        "experts": {"feedback": 1.0, "reviews": 1.0},
        "router_C": 1.0,
        "net": {"dimensions": 8, "filters": 8, "epochs": 10, "blend": 0.5},
    }
    monkeypatch.setitem(RECIPES, "sentiment", recipe)
    feedback = ["giảng viên dạy hay", "giảng viên dạy chán", "môn học bình thường"] * 8
    reviews = ["sản phẩm tốt giao nhanh", "sản phẩm lỗi giao chậm", "sản phẩm tạm"] * 8
    labels = ["positive", "negative", "neutral"] * 16
    model = fitting.train(
        "sentiment", feedback + reviews, labels, domains=["feedback"] * 24 + ["reviews"] * 24
    )
    (net,) = model.nets
    assert set(net.words) >= {"giảng", "viên"}
    assert "sản" not in net.words  # it learnt the feedback rows only
    linear = Model(**{**model.__dict__, "nets": ()})
    texts = ["giảng viên dạy hay", "sản phẩm tốt giao nhanh"]
    _, route = model._routed_scores(texts, {})
    assert list(route) == [0, 1]
    blended, plain = model.probabilities(texts), linear.probabilities(texts)
    assert not np.allclose(blended[0], plain[0])
    np.testing.assert_allclose(blended[1], plain[1])


def test_inference_gives_the_training_forward_pass():
    # logits() sums each word's response to the filters' slices; _pool, which training uses,
    # multiplies whole windows: the two must agree, padding and ReLU included.
    net = small_net(seed=3)
    net.embeddings[convnet.PAD] = 0
    texts = ["rất tốt !", "không", "", "tệ quá không tốt lắm"]
    ids, lengths = net.ids([convnet.tokens(t, net.max_len) for t in texts])
    pooled = np.concatenate([p for p, _, _ in net._pool(net.embeddings[ids], lengths)], axis=1)
    np.testing.assert_allclose(net.logits(texts), pooled @ net.out + net.out_bias, atol=1e-5)
