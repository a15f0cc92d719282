"""`manage.py import_yearbook`: the statistics office's yearbook, one dataset per table."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityportal.core.models import Organisation
from cityportal.opendata.importers.batch import DatasetMeta, collect_files, import_tables
from cityportal.opendata.importers.plan import Options
from cityportal.opendata.models import Theme

YEARBOOK = settings.BASE_DIR.parent / "shared" / "data" / "statistics" / "gso-yearbook"
SOURCE = "Tổng cục Thống kê, Niên giám thống kê (bản PX-Web, cập nhật 21/9/2018), qua github.com/choisy/gso"
# The yearbook's chapters (its folders) as catalogue themes.
CHAPTER_THEMES = {
    "Administrative Unit, Land and Climate": "nong-nghiep-moi-truong",
    "Agriculture, Forestry and Fishery": "nong-nghiep-moi-truong",
    "Education": "van-hoa-xa-hoi",
    "Health, Culture and Living Standard": "van-hoa-xa-hoi",
    "Industry": "cong-nghiep",
    "International Statistics": "doi-ngoai",
    "Investment and Construction": "dau-tu-xay-dung",
    "National Accounts": "kinh-te",
    "Population and Employment": "dan-so-lao-dong",
    "Trade, Price and Tourism": "thuong-mai-du-lich",
    "Transport, Postal Services and Telecommunications": "giao-thong-vien-thong",
}


class Command(BaseCommand):
    help = (
        "Import every table of the statistics office's yearbook (../shared/data/statistics/"
        "gso-yearbook), one dataset per table, each whole or not at all; reports the rejected "
        "tables and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(YEARBOOK))
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--verbose-report", action="store_true", help="every table's report")

    def handle(self, *args, **opts):
        root = Path(opts["path"])
        if not root.is_dir():
            raise CommandError(f"{root} not found: the yearbook lives in ../shared/data.")
        dry_run = opts["dry_run"]
        publisher = {"slug": "tong-cuc-thong-ke"}
        details = {"name": "Tổng cục Thống kê", "kind": "statistics"}
        if dry_run:  # writes nothing, not even the publisher: a dry run plans, never saves
            found = Organisation.objects.filter(**publisher).first()
            organisation = found or Organisation(**publisher, **details)
        else:
            organisation, _ = Organisation.objects.get_or_create(**publisher, defaults=details)
        themes = {t.slug: t for t in Theme.objects.all()}

        def themes_for(plan):
            chapter = Path(plan.name).relative_to(root).parts[0]
            return [themes[CHAPTER_THEMES[chapter]]] if chapter in CHAPTER_THEMES else []

        paths = collect_files([str(root)])
        outcome = import_tables(
            [(str(p), p.read_bytes()) for p in paths],
            DatasetMeta(organisation=organisation, source=SOURCE, tags=["niên giám thống kê"]),
            Options(area="VN", skip_unknown_areas=True),
            keep_going=True,
            dry_run=dry_run,
            themes_for=themes_for,
        )
        for plan in outcome.rejected if not opts["verbose_report"] else outcome.plans:
            self.stdout.write(plan.summary().replace(str(root) + "/", ""))
        if dry_run:  # nothing was imported: say what would be, as import_dataset does
            outcome.imported = [plan for plan in outcome.plans if plan.ok]
        self.stdout.write(
            f"Yearbook: {len(outcome.plans)} tables; {len(outcome.imported)} "
            f"{'would import' if dry_run else 'imported'} ({outcome.observations} observations), "
            f"{len(outcome.unchanged)} unchanged, {len(outcome.rejected)} rejected."
        )
