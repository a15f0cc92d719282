"""Retrain the comment toxicity model from ViHSD and the moderators' own decisions.

    manage.py train_moderation_model [--data DIR] [--output DIR] [--no-labels]

DIR holds ViHSD's `train.csv` and `dev.csv` (`free_text,label_id`; 0 clean, 1 offensive, 2
hate). The model is fitted on train plus stored moderation labels (comments marked spam or
rejected count as offensive, approved ones as clean), scored on dev, and written with its model
card's score table to --output (by default the shipped `cityportal/nlp/models/`).
"""

import csv
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityportal.nlp import toxicity

CARD = "MODEL_CARD.md"
_TABLE = re.compile(r"(<!-- scores:start -->\n).*?(<!-- scores:end -->)", re.S)


def default_data() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "toxicity" / "vihsd"


def read_split(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not {"free_text", "label_id"} <= set(reader.fieldnames or ()):
            raise CommandError(f"{path}: expected columns free_text,label_id")
        for row in reader:
            label = int(row["label_id"])
            if label not in range(len(toxicity.LABELS)):
                raise CommandError(f"{path}: unknown label_id {label}")
            texts.append(row["free_text"] or "")
            labels.append(label)
    return texts, labels


def moderation_labels() -> tuple[list[str], list[int]]:
    """Moderators' decisions on comments: spam or rejected → offensive (1), approved → clean (0)."""
    from cityportal.feedback.models import Comment

    S = Comment.Status
    mapping = {S.SPAM: 1, S.REJECTED: 1, S.APPROVED: 0}
    rows = Comment.objects.filter(status__in=list(mapping)).values_list("body", "status")
    return [body for body, _ in rows], [mapping[status] for _, status in rows]


def score_table(true, predicted) -> tuple[float, str]:
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    ids = list(range(len(toxicity.LABELS)))
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, labels=ids, zero_division=0
    )
    macro = f1_score(true, predicted, labels=ids, average="macro", zero_division=0)
    lines = [
        "| class | precision | recall | F1 | dev rows |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for i, label in enumerate(toxicity.LABELS):
        lines.append(
            f"| {label} | {precision[i]:.3f} | {recall[i]:.3f} | {f1[i]:.3f} | {support[i]} |"
        )
    lines.append(f"| **macro average** | | | **{macro:.3f}** | {sum(support)} |")
    return float(macro), "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Retrain the comment toxicity model (clean / offensive / hate) from ViHSD and moderators' labels."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=None, help="folder with train.csv, dev.csv"
        )
        parser.add_argument("--output", type=Path, default=toxicity.MODEL_DIR)
        parser.add_argument(
            "--no-labels", action="store_true", help="leave out stored moderation decisions"
        )

    def handle(self, *args, data=None, output, no_labels=False, **options):
        data = Path(data or default_data())
        train_csv, dev_csv = data / "train.csv", data / "dev.csv"
        missing = [str(p) for p in (train_csv, dev_csv) if not p.is_file()]
        if missing:
            raise CommandError(
                "Training data not found: "
                + ", ".join(missing)
                + ". Give --data a folder with ViHSD's train.csv and dev.csv "
                "(free_text,label_id; 0 clean, 1 offensive, 2 hate), e.g. ../shared/data/toxicity/vihsd."
            )
        texts, labels = read_split(train_csv)
        dev_texts, dev_labels = read_split(dev_csv)
        n_train, n_moderated = len(texts), 0
        if not no_labels:
            extra_texts, extra_labels = moderation_labels()
            texts, labels, n_moderated = (
                texts + extra_texts,
                labels + extra_labels,
                len(extra_texts),
            )
        self.stdout.write(
            f"Training on {n_train} rows of {train_csv} and {n_moderated} moderated comments…"
        )
        started = time.monotonic()
        model = toxicity.train(
            texts,
            labels,
            meta={"train_rows": n_train, "moderated_rows": n_moderated, "dev_rows": len(dev_texts)},
        )
        predicted = [toxicity.LABELS.index(label) for label, _ in model.classify(dev_texts)]
        macro, table = score_table(dev_labels, predicted)
        model.meta["dev_macro_f1"] = round(macro, 4)
        npz, _ = model.save(output)
        self.update_card(Path(output), table, n_train, n_moderated)
        self.stdout.write(table)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dev macro-F1 {macro:.3f}; trained in {time.monotonic() - started:.0f} s; "
                f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB) and {Path(output) / CARD}."
            )
        )

    def update_card(self, output: Path, table: str, n_train: int, n_moderated: int):
        card = output / CARD
        source = card if card.is_file() else toxicity.MODEL_DIR / CARD
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        block = (
            f"Trained on {n_train} ViHSD train rows + {n_moderated} moderated comments; "
            "scored on ViHSD dev.\n\n" + table
        )
        if _TABLE.search(text):
            text = _TABLE.sub(lambda m: m.group(1) + block + m.group(2), text)
        else:
            text += f"\n## Dev scores\n\n<!-- scores:start -->\n{block}<!-- scores:end -->\n"
        card.write_text(text, encoding="utf-8")
