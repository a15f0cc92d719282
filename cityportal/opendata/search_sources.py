"""Datasets are searchable with the news: "dan so thu duc" finds the population tables too."""

from collections import defaultdict

from cityportal.search.sources import Entry, Source, register

from .models import Dataset, Observation


class DatasetSource(Source):
    model = Dataset
    kind = "dataset"

    def public(self):
        return Dataset.objects.catalogued()

    def entries(self, datasets):
        # The indicators a dataset holds say what it is about better than its title alone.
        indicators = defaultdict(list)
        rows = (
            Observation.objects.filter(resource__dataset__in=[d.pk for d in datasets])
            .values_list("resource__dataset_id", "indicator__name")
            .distinct()
        )
        for dataset_id, name in rows:
            indicators[dataset_id].append(name)
        return [None if d.private else self._entry(d, sorted(indicators[d.pk])) for d in datasets]

    def entry(self, dataset):
        return self.entries([dataset])[0]

    def _entry(self, dataset, indicators: list[str]) -> Entry | None:
        return Entry(
            kind=self.kind,
            title=dataset.title,
            url=dataset.get_absolute_url(),
            lead=dataset.description,
            body=" ".join(
                [
                    dataset.organisation.name,
                    dataset.source,
                    "Chỉ tiêu: " + "; ".join(indicators),
                    " ".join(dataset.tag_names),
                ]
            ),
            published_at=dataset.modified_at,
            place_ids=[dataset.spatial_id] if dataset.spatial_id else [],
        )


def register_all() -> None:
    register(DatasetSource())
