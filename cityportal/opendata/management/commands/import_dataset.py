from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from cityportal.core.models import Organisation
from cityportal.opendata.importers.batch import DatasetMeta, collect_files, import_tables
from cityportal.opendata.importers.plan import Options
from cityportal.opendata.importers.values import CellError, parse_date
from cityportal.opendata.models import Dataset, Theme


def read_tables(raw_paths: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every table named or inside a folder named; a path that cannot be read
    (no permission, a name too long, an I/O error) is a one-line CommandError, not a traceback."""
    try:
        paths = collect_files(raw_paths)
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        if not paths:
            raise CommandError("No .csv or .xlsx tables found.")
        return [(str(p), Path(p).read_bytes()) for p in paths]
    except OSError as error:
        where = error.filename or ", ".join(raw_paths)
        raise CommandError(f"Cannot read {where}: {error.strerror or error}.") from None


class Command(BaseCommand):
    help = (
        "Import CSV/XLSX/PX-Web statistics tables into datasets and observations. Every table "
        "is validated first and the report printed; then all are written, or none "
        "(--keep-going: each table whole or not at all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, or folders of .csv/.xlsx tables")
        parser.add_argument("--organisation", default="cuc-thong-ke-tphcm", help="publisher slug")
        parser.add_argument("--dataset", default="", help="put every table in this dataset")
        parser.add_argument("--title", default="", help="title of a new dataset")
        parser.add_argument("--description", default="")
        parser.add_argument("--theme", action="append", default=[], help="theme slug; repeatable")
        parser.add_argument("--tag", action="append", default=[])
        parser.add_argument("--source", default="", help="e.g. 'Niên giám thống kê 2016'")
        parser.add_argument("--frequency", default="ANNUAL", choices=Dataset.Frequency.values)
        parser.add_argument("--resource", default="", help="table name inside the dataset")
        parser.add_argument(
            "--indicator", default="", help="when the table has no indicator column"
        )
        parser.add_argument("--measure", default="", help="unit of measure, e.g. 'nghìn người'")
        parser.add_argument("--area", default="", help="code or name when there is no area column")
        parser.add_argument(
            "--period", default="", help="when the table has no period column, e.g. 2020"
        )
        parser.add_argument("--as-of", default="", help="figures as of this date (dd/mm/yyyy)")
        parser.add_argument("--sheet", default=None, help="XLSX sheet (default: the first)")
        parser.add_argument(
            "--decimal-mark",
            choices=[",", "."],
            default="",
            help="the figures' decimal mark, when they leave it unclear ('512.000' only): "
            "',' for 1.234,5 (Vietnamese), '.' for 1,234.5 (default: read from the figures)",
        )
        parser.add_argument("--private", action="store_true", help="keep new datasets unpublished")
        parser.add_argument("--skip-unknown-areas", action="store_true")
        parser.add_argument("--keep-going", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")

    def handle(self, *args, **opts):
        if opts["dataset"]:
            try:  # it is the dataset's address: /du-lieu/<name>/ exists only for a slug
                validate_slug(opts["dataset"])
            except ValidationError:
                raise CommandError(
                    f"--dataset '{opts['dataset']}' is not a name for an address: use letters "
                    "without diacritics, digits and hyphens, e.g. dan-so-2020."
                ) from None
        organisation = Organisation.objects.filter(slug=opts["organisation"]).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown organisation '{opts['organisation']}' (known: {known}).")
        themes = list(Theme.objects.filter(slug__in=opts["theme"]))
        if len(themes) != len(set(opts["theme"])):
            known = ", ".join(Theme.objects.values_list("slug", flat=True))
            raise CommandError(f"Unknown theme in {opts['theme']} (known: {known}).")
        try:
            as_of = parse_date(opts["as_of"]) if opts["as_of"] else None
        except CellError as error:
            raise CommandError(f"--as-of: {error}") from None
        outcome = import_tables(
            read_tables(opts["paths"]),
            DatasetMeta(
                organisation=organisation,
                name=opts["dataset"],
                title=opts["title"],
                description=opts["description"],
                themes=themes,
                tags=opts["tag"],
                source=opts["source"],
                frequency=opts["frequency"],
                private=opts["private"],
            ),
            Options(
                indicator=opts["indicator"],
                measure=opts["measure"],
                area=opts["area"],
                period=opts["period"],
                source="",
                as_of=as_of,
                sheet=opts["sheet"],
                decimal_mark=opts["decimal_mark"],
                skip_unknown_areas=opts["skip_unknown_areas"],
            ),
            resource_name=opts["resource"],
            keep_going=opts["keep_going"],
            dry_run=opts["dry_run"],
        )
        for plan in outcome.plans:
            self.stdout.write(plan.summary())
        dry_run = opts["dry_run"]
        # All or nothing: one rejected table holds back the valid ones, which must be counted.
        valid = [p for p in outcome.plans if p.ok]
        held_back = valid if outcome.rejected and not opts["keep_going"] else []
        if dry_run and not held_back:
            outcome.imported = valid
        counts = [
            f"{len(outcome.imported)} {'would import' if dry_run else 'imported'} "
            f"({outcome.observations} observations)",
            f"{len(outcome.unchanged)} unchanged",
        ]
        if held_back:
            counts.append(
                f"{len(held_back)} valid ({'would not be' if dry_run else 'not'} imported "
                "because another table was rejected)"
            )
        counts.append(f"{len(outcome.rejected)} rejected")
        self.stdout.write(f"{len(outcome.plans)} tables: {', '.join(counts)}.")
        if outcome.rejected and not opts["keep_going"]:
            raise CommandError(
                "Nothing was written: fix the errors above and run again"
                + (" (or add --keep-going to import the valid tables)." if held_back else ".")
            )
