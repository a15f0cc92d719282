"""Datasets in the site search, by their indicators too, and out of it when made private."""

from cityportal.search import engine
from cityportal.search.index import index_objects


def titles(query):
    return [hit.document.title for hit in engine.search(query, limit=10).hits]


def test_datasets_are_found_without_diacritics_by_their_indicators(
    make_dataset, django_capture_on_commit_callbacks
):
    dataset = make_dataset(
        rows=[("Tổng mức bán lẻ hàng hóa", "tỷ đồng", "79", 2023, 1.5)],
        title="Thương mại nội địa",
    )
    index_objects([dataset])  # the factory adds observations after saving the dataset
    assert "Thương mại nội địa" in titles("tong muc ban le")

    dataset.private = True
    with django_capture_on_commit_callbacks(execute=True):
        dataset.save()  # the search signal re-indexes it once committed
    assert "Thương mại nội địa" not in titles("tong muc ban le")
