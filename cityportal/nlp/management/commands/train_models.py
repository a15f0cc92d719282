"""Retrain the NLP models from the labelled corpora and the portal's own labels.

    manage.py train_models [--task sentiment|topic|toxicity ...] [--data DIR] [--output DIR]
                           [--no-labels]

DIR is the shared data folder (by default ../shared/data beside the repository): sentiment reads
sentiment/uit-vsfc, sentiment/vlsp2016 and sentiment/aivivn-2019; topic news/vntc and
news/baomoi-2017 (unlabelled 2017 articles for its short-text expert); toxicity toxicity/vihsd. Stored labels are added unless --no-labels: moderators' decisions on comments
(toxicity) and whatever `settings.NLP_EXTRA_LABELS[task]` returns. Each model is scored on its
dev sets and written, with its model card's score table, to --output (by default the shipped
`cityportal/nlp/models/`).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityportal.nlp import TASKS, classifier, datasets, toxicity, training


def stored_labels(task: str) -> dict[str, tuple[list[str], list[str]]]:
    extra = {}
    if task == "toxicity":
        extra["moderated_comments"] = toxicity.moderation_labels()
    texts, labels = datasets.extra_labels(task)
    if texts:
        extra["extra_labels"] = (texts, labels)
    return extra


class Command(BaseCommand):
    help = "Retrain the sentiment, topic and toxicity models from ../shared/data and stored labels."

    def add_arguments(self, parser):
        parser.add_argument(
            "--task", nargs="+", action="extend", choices=TASKS, help="default: all three"
        )
        parser.add_argument("--data", type=Path, default=None, help="default: ../shared/data")
        parser.add_argument("--output", type=Path, default=classifier.MODEL_DIR)
        parser.add_argument("--no-labels", action="store_true", help="corpora only")

    def handle(self, *args, task=None, data=None, output, no_labels=False, **options):
        data = Path(data or datasets.default_data())
        words = None
        for name in dict.fromkeys(task or TASKS):
            try:
                corpus = datasets.load(name, data)
            except datasets.DataMissing as error:
                raise CommandError(
                    f"{name}: training data not found: {error}. Give --data the shared data folder (with sentiment/, "
                    "news/vntc/, news/baomoi-2017/ and toxicity/vihsd/ as described in its README.md)."
                ) from error
            except ValueError as error:
                raise CommandError(f"{name}: {error}") from error
            try:
                extra = {} if no_labels else stored_labels(name)
            except Exception as error:  # a hook's table not migrated yet, a bad dotted path…
                raise CommandError(
                    f"{name}: could not read the stored labels ({error}); "
                    "run migrate, fix settings.NLP_EXTRA_LABELS, or pass --no-labels."
                ) from error
            if words is None and training.needs_vectors(name):  # learnt once, for every task
                self.stdout.write("Learning word vectors from unlabelled text…")
                words = training.word_vectors(corpus, [text for text, _ in corpus.train])
            training.train_and_write(
                name, corpus, extra, output, say=self.stdout.write, words=words
            )
        self.stdout.write(self.style.SUCCESS(f"Done: models in {output}."))
