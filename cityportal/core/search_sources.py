"""Places are searchable: a reader typing an old ward's name finds the ward that replaced it."""

from cityportal.search.sources import Entry, Source, register

from .models import AdministrativeUnit


class PlaceSource(Source):
    model = AdministrativeUnit
    kind = "place"

    def public(self):
        return (
            AdministrativeUnit.objects.local()
            .select_related("parent")
            .prefetch_related("predecessors__parent", "successors")
        )

    def entry(self, unit):
        lines = []
        if unit.valid_until:
            lines.append(f"Đơn vị hành chính đến ngày {unit.valid_until:%d/%m/%Y}.")
        successors = [s.name for s in unit.successors.all()]
        if successors:
            lines.append("Nay thuộc: " + ", ".join(successors) + ".")
        predecessors = [str(p) for p in unit.predecessors.all()]
        if predecessors:
            lines.append("Hình thành từ: " + ", ".join(predecessors) + ".")
        return Entry(
            kind=self.kind,
            title=str(unit),
            url=unit.get_absolute_url(),
            lead=" ".join(lines),
            place_ids=[unit.pk],
        )


def register_all() -> None:
    register(PlaceSource())
