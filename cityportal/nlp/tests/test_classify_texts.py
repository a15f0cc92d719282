"""`manage.py classify_texts`: one output line per input line, in order, ids as given, and a
bad line stops the run with its number and no output file."""

import io
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command

from cityportal import nlp
from cityportal.nlp.management.commands import classify_texts


def run(tmp_path, lines, task="sentiment", stderr=None):
    source, target = tmp_path / "in.jsonl", tmp_path / "out" / "labels.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command(
        "classify_texts",
        task=task,
        input=source,
        output=target,
        stdout=open("/dev/null", "w"),
        stderr=stderr or io.StringIO(),
    )
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


ROWS = [
    {"id": 7, "text": "Dịch vụ công trực tuyến rất tiện lợi, tôi rất hài lòng."},
    {"id": "bài-2", "text": "Rác thải bốc mùi hôi thối cả tháng nay, quá tệ."},
    {"id": None, "text": ""},
    {"id": [1, "a"], "text": None},
    {"id": {"nguồn": "facebook", "số": 3}},
    {"id": 2.5, "text": "Phường sẽ họp dân vào tối thứ sáu."},
]


def test_each_line_gets_a_label_in_input_order(tmp_path, monkeypatch):
    monkeypatch.setattr(classify_texts, "BATCH", 4)  # several batches, one partly filled
    lines = [json.dumps(row, ensure_ascii=False) for row in ROWS] + [""]
    out = run(tmp_path, lines)
    assert [row["id"] for row in out] == [row.get("id") for row in ROWS]
    assert [set(row) for row in out] == [{"id", "label", "score"}] * len(ROWS)
    assert out[0]["label"] == "positive" and out[1]["label"] == "negative"
    assert out[2]["label"] == out[3]["label"] == out[4]["label"]  # empty text, still a line
    for row in out:
        assert row["label"] in nlp.LABELS["sentiment"]
        assert isinstance(row["score"], float) and 0 <= row["score"] <= 1
    assert "nguồn" in (tmp_path / "out" / "labels.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("task", nlp.TASKS)
def test_every_task_labels_within_its_set(tmp_path, task):
    out = run(tmp_path, [json.dumps(row, ensure_ascii=False) for row in ROWS[:3]], task=task)
    assert len(out) == 3 and all(row["label"] in nlp.LABELS[task] for row in out)


@pytest.mark.parametrize(
    "bad, message",
    [("{not json", "line 3: not valid JSON"), ('"a string"', "line 3: expected an object")],
)
def test_a_bad_line_is_reported_and_leaves_no_output(tmp_path, monkeypatch, bad, message):
    monkeypatch.setattr(classify_texts, "BATCH", 1)  # the first lines are already written
    good = json.dumps(ROWS[0], ensure_ascii=False)
    with pytest.raises(CommandError, match=message):
        run(tmp_path, [good, good, bad, good])
    assert list((tmp_path / "out").iterdir()) == []


def test_an_earlier_output_survives_a_failed_run(tmp_path):
    run(tmp_path, [json.dumps(ROWS[0], ensure_ascii=False)])
    with pytest.raises(CommandError, match="line 1: text must be a string"):
        run(tmp_path, ['{"id": 1, "text": 5}'])
    assert len((tmp_path / "out" / "labels.jsonl").read_text().splitlines()) == 1


def test_a_missing_input_is_explained(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "classify_texts", task="topic", input=tmp_path / "x.jsonl", output=tmp_path / "y"
        )


def test_a_line_not_in_utf8_is_named_and_leaves_no_output(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out" / "labels.jsonl"
    good = json.dumps(ROWS[0], ensure_ascii=False).encode()
    source.write_bytes(good + b"\n" + '{"id": 2, "text": "Sài Gòn"}\n'.encode("latin-1") + good)
    with pytest.raises(CommandError, match="line 2: not UTF-8"):
        call_command("classify_texts", task="sentiment", input=source, output=target)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_the_output_gets_the_mode_the_umask_gives(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        run(tmp_path, [json.dumps(ROWS[0], ensure_ascii=False)])
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out" / "labels.jsonl").stat().st_mode) == mode


def test_lines_without_text_are_labelled_and_named_in_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(classify_texts, "BATCH", 4)
    monkeypatch.setattr(classify_texts, "SHOWN", 2)
    lines = [json.dumps(row, ensure_ascii=False) for row in ROWS] + ['{"id": 9, "text": "  "}']
    stderr = io.StringIO()
    assert len(run(tmp_path, lines, task="topic", stderr=stderr)) == len(lines)
    assert "4 line(s) have no text (lines 3, 4, …)" in stderr.getvalue()
    stderr = io.StringIO()
    run(tmp_path, [json.dumps(ROWS[0], ensure_ascii=False)], task="topic", stderr=stderr)
    assert stderr.getvalue() == ""
