"""The demo catalogue: real figures from the statistics office's yearbooks, transcribed into
small tables under demo_data/ (sources in catalogue.json and demo_data/README.md)."""

import json
from pathlib import Path

from django.db import transaction

from cityportal.core.models import Organisation

from .importers.batch import DatasetMeta, import_tables
from .importers.plan import Options
from .models import Dataset, Theme

DEMO_DATA = Path(__file__).parent / "demo_data"


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
        counts["datasets"] += new
    return counts
