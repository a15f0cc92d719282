"""Retrain the comment toxicity model from ViHSD and the moderators' own decisions: the toxicity
part of `train_models`, with --data pointing at the ViHSD folder itself.

    manage.py train_moderation_model [--data DIR] [--output DIR] [--no-labels]

DIR holds ViHSD's `train.csv` and `dev.csv` (`free_text,label_id`; 0 clean, 1 offensive, 2
hate), by default ../shared/data/toxicity/vihsd. Comments marked spam or rejected count as
offensive, approved ones as clean.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityportal.nlp import classifier, datasets
from cityportal.nlp.management.commands.train_models import stored_labels
from cityportal.nlp.training import train_and_write


class Command(BaseCommand):
    help = "Retrain the comment toxicity model (clean / offensive / hate) from ViHSD and moderators' labels."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=None, help="folder with train.csv, dev.csv"
        )
        parser.add_argument("--output", type=Path, default=classifier.MODEL_DIR)
        parser.add_argument(
            "--no-labels", action="store_true", help="leave out stored moderation decisions"
        )

    def handle(self, *args, data=None, output, no_labels=False, **options):
        data = Path(data or datasets.default_data() / "toxicity" / "vihsd")
        try:
            corpus = datasets.vihsd(data)
        except datasets.DataMissing as error:
            raise CommandError(
                f"Training data not found: {error}. Give --data a folder with ViHSD's train.csv "
                "and dev.csv (free_text,label_id; 0 clean, 1 offensive, 2 hate), e.g. "
                "../shared/data/toxicity/vihsd."
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        extra = {} if no_labels else stored_labels("toxicity")
        # The shipped model's word vectors, learnt from the news corpora by train_models, stay:
        # retraining on moderators' decisions changes what the model weighs, not what words mean.
        shipped = classifier.get_model("toxicity").vectors
        train_and_write("toxicity", corpus, extra, output, say=self.stdout.write, words=shipped)
