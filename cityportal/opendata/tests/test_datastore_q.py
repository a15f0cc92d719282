"""datastore_search's `q` on a table with many distinct texts: stored folded copies are searched
by the database, so the query stays the same size however many texts the table holds, and the
results are those of folding every text (the same on SQLite and PostgreSQL)."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityportal.core.text import fold
from cityportal.opendata.models import Observation

POPULATION = "Dân số trung bình"


def _search(client, dataset, q) -> tuple[list[dict], int]:
    """The records found for `q`, and the characters of SQL the search sent."""
    q = json.dumps(q, ensure_ascii=False) if isinstance(q, dict) else q
    params = {"resource_id": str(dataset.resources.get().id), "q": q, "limit": 1000}
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/3/action/datastore_search", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()["result"]["records"], sum(len(query["sql"]) for query in queries)


def _age_groups(make_dataset, groups: int):
    """A table of one figure per age group, each group a text of its own ("Nhóm tuổi 7")."""
    return make_dataset(
        [(POPULATION, "nghìn người", "79", 2021, n, f"Nhóm tuổi {n}") for n in range(groups)]
    )


def test_q_sends_as_much_sql_for_many_distinct_texts_as_for_few(client, make_dataset):
    few, few_sql = _search(client, _age_groups(make_dataset, 3), "nhom tuoi")
    many, many_sql = _search(client, _age_groups(make_dataset, 300), "nhom tuoi")
    assert (len(few), len(many)) == (3, 300)
    # Before, the table's matching texts went back to the database as an IN list.
    assert many_sql == few_sql


def test_q_matches_every_text_column_as_folding_it_would(client, make_dataset):
    dataset = _age_groups(make_dataset, 12)
    rows = Observation.objects.filter(resource__dataset=dataset)
    rows.filter(value__lt=4).update(note="Ước tính", source="Báo cáo nhanh ĐBSCL")
    rows.filter(value=5).update(breakdown="Nữ, thành thị")

    def groups(q) -> list[str]:
        return sorted(r["breakdown"] for r in _search(client, dataset, q)[0])

    assert groups("tuoi 11") == ["Nhóm tuổi 11"]
    assert groups("NỮ") == groups("nu") == groups({"breakdown": "thanh thi"}) == ["Nữ, thành thị"]
    estimated = ["Nhóm tuổi 0", "Nhóm tuổi 1", "Nhóm tuổi 2", "Nhóm tuổi 3"]
    assert groups("uoc tinh") == groups({"note": "Ước"}) == estimated
    assert groups("dbscl") == groups({"source": "báo cáo"}) == estimated
    # A figure without a source of its own cites its dataset's.
    assert len(groups({"source": "nien giam"})) == 8
    assert groups({"source": "nien giam dbscl"}) == []
    assert len(groups("2021 79 nguoi")) == 12  # period, unit code, measure
    assert groups({"note": "nhom"}) == []
    corrected = rows.get(value=11)
    corrected.note = "Điều chỉnh"
    corrected.save(update_fields=["note"])
    assert groups("dieu chinh") == ["Nhóm tuổi 11"]
    # What a save or a bulk write stores is the text folded, so the database compares words.
    assert {(o.note_folded, o.source_folded) for o in rows.filter(value=0)} == {
        ("uoc tinh", fold("Báo cáo nhanh ĐBSCL"))
    }
