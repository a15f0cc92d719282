"""Records in, published articles out: create, update or leave alone, one transaction each.

Speed: the importer looks things up in batches, not per record. Sections, places and sibling
slugs are cached; existing articles are fetched per chunk of records with one query (plus one
each for their places and tags); a new article costs an insert, its revision and two log
entries. Pages are still created with `section.add_child()` and published with a revision
(live_revision = latest_revision), so the admin, history and workflows see an ordinary published
page; caches are made stale and purged once at the end of the run, not once per article. Updates go through Wagtail's own
`save_revision().publish()`.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from cityportal.core.models import AdministrativeUnit
from cityportal.core.text import fold, slugify_vi

from ..models import ArticlePage, ArticleTag, SectionPage
from ..signals import articles_published_in_bulk
from .records import Record, RecordError, Skip

CHUNK = 200
REPORT_CAP = 50


@dataclass
class Report:
    """What an import did, for the command's summary and for callers."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (position, message)
    notes: list[str] = field(default_factory=list)
    images_dropped: int = 0
    encoding: str = ""

    def summary_lines(self, cap: int = REPORT_CAP) -> list[str]:
        lines = [
            f"Created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}"
        ]
        skipped = [f"Skipped {skip.position}: {skip.reason}" for skip in self.skipped]
        warnings = [f"Warning {position}: {message}" for position, message in self.warnings]
        lines += _capped(skipped, cap, "skipped") + _capped(warnings, cap, "warnings")
        if self.encoding:
            lines.append(f"Encoding: {self.encoding}")
        if self.images_dropped:
            lines.append(
                f"Note: {self.images_dropped} images dropped (images are not fetched "
                "when importing; add them in the admin)"
            )
        lines += [f"Note: {note}" for note in self.notes]
        return lines


def _capped(lines: list[str], cap: int, what: str) -> list[str]:
    if len(lines) <= cap:
        return lines
    return lines[:cap] + [f"… and {len(lines) - cap} more {what}"]


@dataclass
class Planned:
    """A record with everything resolved, ready to write."""

    record: Record
    source: str
    section: SectionPage
    source_name: str
    places: list[AdministrativeUnit]
    tags: list[str]


class Importer:
    """Imports records into the newsroom. `section` is the --section fallback, `source` the
    --source override, `default_source` the name the reader derived from its input."""

    def __init__(
        self,
        *,
        section: SectionPage | None = None,
        source: str | None = None,
        default_source: str = "import",
        started: datetime.datetime | None = None,
    ):
        self.default_section = section
        self.source_override = source
        self.default_source = default_source
        # Records without a date are spread backwards from the start, one second per position,
        # so the first record in the file is the newest and the order is the file's order.
        self.started = started or timezone.now()
        self.report = Report()
        self.created_pages: list[ArticlePage] = []
        self.sections = {s.slug: s for s in SectionPage.objects.all()}
        self.places = PlaceIndex()
        self.seen: dict[tuple[str, str], str] = {}
        self.sibling_slugs: dict[int, set[str]] = {}
        self.page_type = ContentType.objects.get_for_model(ArticlePage)
        self.base_page_type = ContentType.objects.get_for_model(Page)

    def run(
        self, items: Iterable[Record | Skip], progress: Callable[[], None] | None = None
    ) -> Report:
        batch: list[Planned] = []
        for item in items:
            if progress:
                progress()
            if isinstance(item, Skip):
                self.report.skipped.append(item)
                continue
            try:
                batch.append(self.plan(item))
            except RecordError as error:
                self.report.skipped.append(Skip(item.position, str(error)))
                continue
            if len(batch) >= CHUNK:
                self.write(batch)
                batch = []
        self.write(batch)
        # Caches are told once per import, not once per article (it was 12 ms an article).
        articles_published_in_bulk(self.created_pages)
        return self.report

    # Resolving a record: source, section, duplicates, places.

    def plan(self, record: Record) -> Planned:
        source = self.source_override or record.source or self.default_source
        section, tags = self._section(record)
        first = self.seen.setdefault((source, record.key), record.position)
        if first != record.position:
            raise RecordError(f"duplicate of {first} (id {record.key!r})")
        on = (record.published_at or self.started).date()
        places = []
        for name in record.places:
            unit, problem = self.places.resolve(name, on)
            if unit and unit not in places:
                places.append(unit)
            elif problem:
                record.warnings.append(problem)
        self.report.warnings += [(record.position, warning) for warning in record.warnings]
        return Planned(
            record, source, section, record.source_name or self.source_override or "", places, tags
        )

    def _section(self, record: Record) -> tuple[SectionPage, list[str]]:
        """The record's own section, else (WXR) its first category that is a section, else
        --section. A category used as the section is not also made a tag."""
        if record.section:
            section = self.sections.get(record.section)
            if section is None:
                raise RecordError(f"unknown section {record.section!r}")
            return section, record.tags
        for slug, name in record.section_hints:
            if slug in self.sections:
                return self.sections[slug], [t for t in record.tags if t != name]
        if self.default_section is None:
            raise RecordError('no section: the record has no "section" and no --section was given')
        return self.default_section, record.tags

    # Writing: one query per chunk to find what exists, one transaction per record.

    def write(self, batch: list[Planned]) -> None:
        existing = self._existing(batch)
        for planned in batch:
            record = planned.record
            self.report.images_dropped += record.images_dropped
            page = existing.get((planned.source, record.key))
            if page is not None and not self._changes(page, planned):
                self.report.unchanged += 1
                continue
            try:
                if page is not None and self._edited_by_people(page):
                    raise RecordError(
                        "the article was edited in the admin since it was imported: not overwritten"
                    )
                with transaction.atomic():
                    if page is None:
                        self._create(planned)
                    else:
                        self._update(page, planned)
            except (RecordError, ValidationError, DatabaseError) as error:
                self.report.skipped.append(Skip(record.position, _reason(error)))
            else:
                if page is None:
                    self.report.created += 1
                else:
                    self.report.updated += 1

    def _existing(self, batch: list[Planned]) -> dict[tuple[str, str], ArticlePage]:
        keys = defaultdict(list)
        for planned in batch:
            keys[planned.source].append(planned.record.key)
        pages = {}
        for source, source_keys in keys.items():
            found = ArticlePage.objects.filter(
                import_source=source, import_key__in=source_keys
            ).annotate(_import_latest_user=F("latest_revision__user_id"))
            for page in found:
                pages[(source, page.import_key)] = page
        if not pages:
            return pages
        # Their places and tags, for _changes(), kept on the instances for this import only.
        by_pk = {page.pk: page for page in pages.values()}
        for page in by_pk.values():
            page._import_places, page._import_tags = set(), set()
        places = ArticlePage.places.through.objects.filter(articlepage_id__in=by_pk)
        for page_id, unit_id in places.values_list("articlepage_id", "administrativeunit_id"):
            by_pk[page_id]._import_places.add(unit_id)
        tags = ArticleTag.objects.filter(content_object_id__in=by_pk)
        for page_id, name in tags.values_list("content_object_id", "tag__name"):
            by_pk[page_id]._import_tags.add(name.lower())
        return pages

    def _fields(self, planned: Planned) -> dict:
        record = planned.record
        return {
            "title": record.title,
            "sapo": record.sapo,
            "byline": record.byline,
            "source_name": planned.source_name,
            "source_url": record.source_url,
        }

    def _create(self, planned: Planned) -> ArticlePage:
        """Wagtail's own sequence (add as a draft, save a revision, publish it), with the
        per-page work a bulk import does not need left out: the record was validated already,
        and the publish step is one UPDATE plus one log entry instead of a full save."""
        record, section, now = planned.record, planned.section, timezone.now()
        page = ArticlePage(
            **self._fields(planned),
            slug=self._unique_slug(section, record.title),
            body=[("paragraph", block) for block in record.blocks],
            published_at=record.published_at
            or self.started - datetime.timedelta(seconds=record.ordinal),
            import_source=planned.source,
            import_key=record.key,
            draft_title=record.title,
            locale_id=section.locale_id,
            live=False,
        )
        if planned.places:
            page.places.set(planned.places)
        if planned.tags:
            page.tags.add(*planned.tags)
        section.add_child(instance=page)  # checks the slug, saves, logs "wagtail.create"
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
        revision = Revision.objects.create(
            content_type=self.page_type,
            base_content_type=self.base_page_type,
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=page.title,
            created_at=now,
        )
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = now
        Page.objects.filter(pk=page.pk).update(
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            latest_revision=revision,
            live_revision=revision,
            latest_revision_created_at=now,
        )
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=self.page_type,
                    label=page.title,
                    action="wagtail.publish",
                    data={},
                    timestamp=now,
                    revision=revision,
                    content_changed=True,
                    page_id=page.pk,
                )
            ]
        )
        self.created_pages.append(page)
        return page

    def _changes(self, page: ArticlePage, planned: Planned) -> bool:
        record = planned.record
        wanted = self._fields(planned)
        if any(getattr(page, name) != value for name, value in wanted.items()):
            return True
        if [(block["type"], block["value"]) for block in page.body.raw_data] != [
            ("paragraph", block) for block in record.blocks
        ]:
            return True
        if record.published_at and record.published_at != page.published_at:
            return True
        if page.path[: -Page.steplen] != planned.section.path:
            return True
        return page._import_places != {unit.pk for unit in planned.places} or page._import_tags != {
            tag.lower() for tag in planned.tags
        }

    @staticmethod
    def _edited_by_people(page: ArticlePage) -> bool:
        """Someone saved a draft or published an edit in the admin: their work wins."""
        return page.has_unpublished_changes or page._import_latest_user is not None

    def _update(self, page: ArticlePage, planned: Planned) -> None:
        record = planned.record
        if page.path[: -Page.steplen] != planned.section.path:
            page.move(planned.section, pos="last-child")
            page = ArticlePage.objects.get(pk=page.pk)
        for name, value in self._fields(planned).items():
            setattr(page, name, value)
        page.draft_title = record.title
        page.body = [("paragraph", block) for block in record.blocks]
        if record.published_at:
            page.published_at = record.published_at
        page.places.set(planned.places)
        page.tags.set(planned.tags)
        page.save_revision().publish()

    def _unique_slug(self, section: SectionPage, title: str) -> str:
        taken = self.sibling_slugs.get(section.pk)
        if taken is None:
            taken = set(Page.objects.child_of(section).values_list("slug", flat=True))
            self.sibling_slugs[section.pk] = taken
        base = slugify_vi(title)
        slug = base
        for suffix in itertools.count(2):
            if slug not in taken:
                break
            slug = f"{base}-{suffix}"
        taken.add(slug)
        return slug


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return (
            "invalid: "
            + "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            if hasattr(error, "error_dict")
            else "invalid: " + " ".join(error.messages)
        )
    if isinstance(error, DatabaseError):
        return f"database error: {error}"
    return str(error)


class PlaceIndex:
    """Every administrative unit, loaded once, matched by slug or by name without diacritics
    ("Quan 1", "quận 1", "quan-1" → Quận 1). A name shared by several units picks the one valid
    on the article's date; if that is still ambiguous, the place is left out with a warning."""

    def __init__(self):
        self.units = list(AdministrativeUnit.objects.local())
        self.by_slug = {unit.slug: unit for unit in self.units}
        self.by_name: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in self.units:
            self.by_name[unit.name_folded].append(unit)

    def resolve(self, text: str, on: datetime.date) -> tuple[AdministrativeUnit | None, str]:
        folded = " ".join(fold(text).split())
        unit = self.by_slug.get(text) or self.by_slug.get(slugify_vi(text, 120))
        if unit:
            return unit, ""
        candidates = self.by_name.get(folded) or [
            unit for unit in self.units if folded and folded in unit.name_folded
        ]
        if len(candidates) > 1:
            valid = [unit for unit in candidates if _valid_on(unit, on)]
            candidates = valid if valid else candidates
        if len(candidates) == 1:
            return candidates[0], ""
        if not candidates:
            return None, f"unknown place {text!r}"
        names = ", ".join(sorted(unit.slug for unit in candidates)[:5])
        more = ", …" if len(candidates) > 5 else ""
        return None, f"ambiguous place {text!r} ({names}{more}): not tagged"


def _valid_on(unit: AdministrativeUnit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_until is None or unit.valid_until >= on
    )
