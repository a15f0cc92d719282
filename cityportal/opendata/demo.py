"""The demo catalogue: real figures from the statistics office's yearbooks, transcribed into
small tables under demo_data/ (sources in catalogue.json and demo_data/README.md).

The datasets are dated back from the day the demo is loaded, as if published over six months,
so that the quarterly report's last closed quarter has datasets published and updated."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cityportal.core.models import Organisation

from .importers.batch import DatasetMeta, import_tables
from .importers.plan import Options
from .models import Dataset, Resource, ResourceVersion, Theme

DEMO_DATA = Path(__file__).parent / "demo_data"
# Days before the load that each dataset was published: every stretch of 90 days in the last
# six months holds several, whichever quarter was the last to close.
PUBLISHED_DAYS_AGO = {
    "dau-tu-truc-tiep-nuoc-ngoai-2016": 190,
    "dan-so-trung-binh-1995-2016": 185,
    "tong-muc-ban-le-1995-2016": 160,
    "du-lich-2000-2015": 145,
    "trat-tu-an-toan-xa-hoi-2012-2016": 130,
    "cho-sieu-thi-trung-tam-thuong-mai-2005-2016": 118,
    "luc-luong-lao-dong-2005-2016": 96,
    "ty-suat-sinh-chet-2005-2016": 74,
    "thu-nhap-binh-quan-dau-nguoi-2010-2016": 57,
    "thu-ngan-sach-nha-nuoc-2000-2016": 41,
    "grdp-binh-quan-dau-nguoi-2018-2022": 22,
    "dien-tich-dan-so-mat-do-2011-2022": 8,
}
# Tables added to a dataset after it was published (days before the load): the report counts
# the dataset as updated in that quarter. 100 days ago falls in a last closed quarter that
# ended 11 to 92 days ago, 30 days ago in one that ended 1 to 30 days ago.
ADDED_DAYS_AGO = {"fdi-luy-ke-den-2016.csv": 100, "ket-qua-du-lich-ca-nuoc.csv": 30}


def _days_ago(days: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _date_back(dataset: Dataset, entry: dict) -> None:
    """A dataset just created, and its tables, as published and added on their demo days."""
    published = _days_ago(PUBLISHED_DAYS_AGO.get(dataset.name, 0))
    latest = published
    for resource in entry["resources"]:
        added = (
            _days_ago(ADDED_DAYS_AGO[resource["file"]])
            if resource["file"] in ADDED_DAYS_AGO
            else published
        )
        latest = max(latest, added)
        tables = Resource.objects.filter(dataset=dataset, name=resource["name"])
        tables.update(created_at=added, modified_at=added)
        ResourceVersion.objects.filter(resource__in=tables).update(created_at=added)
    Dataset.objects.filter(pk=dataset.pk).update(created_at=published, modified_at=latest)


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    """Create the demo organisations and datasets; a second run changes nothing."""
    catalogue = json.loads((DEMO_DATA / "catalogue.json").read_text(encoding="utf-8"))
    organisations = {}
    for entry in catalogue["organisations"]:
        organisations[entry["slug"]] = Organisation.objects.get_or_create(
            slug=entry["slug"],
            defaults={k: v for k, v in entry.items() if k != "slug"},
        )[0]
    themes = {t.slug: t for t in Theme.objects.all()}
    counts = {"datasets": 0, "observations": 0}
    for entry in catalogue["datasets"]:
        new = not Dataset.objects.filter(name=entry["name"]).exists()
        meta = DatasetMeta(
            organisation=organisations[entry["organisation"]],
            name=entry["name"],
            title=entry["title"],
            description=entry["description"],
            themes=[themes[slug] for slug in entry["themes"]],
            tags=entry["tags"],
            source=entry["source"],
            frequency=entry["frequency"],
            license=entry["license"],
        )
        for resource in entry["resources"]:
            path = DEMO_DATA / resource["file"]
            outcome = import_tables(
                [(path.name, path.read_bytes())],
                meta,
                Options(source=""),
                resource_name=resource["name"],
            )
            if outcome.rejected:
                raise ValueError(outcome.rejected[0].summary())
            counts["observations"] += outcome.observations
        if new:
            _date_back(Dataset.objects.get(name=entry["name"]), entry)
        counts["datasets"] += new
    return counts
