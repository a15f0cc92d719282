"""Label a JSON-lines file of texts with one of the NLP models.

    manage.py classify_texts --task sentiment|topic|toxicity --input IN.jsonl --output OUT.jsonl

Each input line is {"id": ..., "text": ...}; each output line is {"id": ..., "label": ...,
"score": ...} in input order, score being the model's probability of the label. The file is
read and written in batches, so a million lines never sit in memory; ids are copied as given
(any JSON value), a missing or null text counts as empty (still labelled, with a warning that
names those lines), blank lines are skipped. The output is written to a temporary file beside
OUT and renamed at the end: a bad line (not UTF-8, not JSON) stops the run with its line number
and leaves no half-written output.
"""

import json
import os
import tempfile
import time
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityportal.nlp import TASKS, classify

BATCH = 2000
SHOWN = 10  # line numbers listed in the warning about empty texts


def read_rows(path: Path):
    """(line number, id, text) for every non-blank line; CommandError at the first bad one."""
    # Bytes, decoded line by line: a text-mode reader fails on a whole chunk, with no line number.
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path}, line {number}: not UTF-8 (byte {raw[error.start]:#04x} at "
                    f"column {error.start + 1}); save the file as UTF-8"
                ) from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise CommandError(f"{path}, line {number}: not valid JSON ({error})") from None
            if not isinstance(row, dict):
                raise CommandError(f"{path}, line {number}: expected an object with id and text")
            text = row.get("text")
            if text is not None and not isinstance(text, str):
                raise CommandError(f"{path}, line {number}: text must be a string or null")
            yield number, row.get("id"), text or ""


class Command(BaseCommand):
    help = "Label each {id, text} line of a JSON-lines file with sentiment, topic or toxicity."

    def add_arguments(self, parser):
        parser.add_argument("--task", required=True, choices=TASKS)
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, task, input, output, **options):
        if not input.is_file():
            raise CommandError(f"{input}: no such file")
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", suffix=".part", dir=output.parent
        )
        started, done, empty = time.monotonic(), 0, []
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                rows = read_rows(input)
                while batch := list(islice(rows, BATCH)):
                    empty += [number for number, _, text in batch if not text.strip()]
                    results = classify(task, [text for _, _, text in batch])
                    for (_, id_, _), (label, score) in zip(batch, results, strict=True):
                        line = {"id": id_, "label": label, "score": score}
                        out.write(json.dumps(line, ensure_ascii=False) + "\n")
                    done += len(batch)
                    if done % (BATCH * 50) == 0:
                        self.stdout.write(f"{done:,} lines…")
            # mkstemp makes the file 0600; give it the mode any new file gets here.
            os.chmod(temporary, 0o666 & ~current_umask())
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if empty:
            shown = ", ".join(map(str, empty[:SHOWN])) + (", …" if len(empty) > SHOWN else "")
            self.stderr.write(
                f"Warning: {len(empty):,} line(s) have no text (lines {shown}): they are labelled "
                "as an empty text is, which says nothing about them."
            )
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{task}: labelled {done:,} lines in {seconds:.1f} s "
                f"({done / max(seconds, 1e-9):,.0f}/s) → {output}"
            )
        )


def current_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask
