"""Import several tables at once, for the command line, the admin upload and the demo loader.

All or nothing by default: every table is validated first and nothing is written unless all
are clean. `keep_going` treats each table on its own (a bulk load of the yearbook), still
writing each one whole or not at all."""

from dataclasses import dataclass, field
from pathlib import Path

from cityportal.core.models import Organisation
from cityportal.core.text import slugify_vi

from ..models import Dataset, Observation, Theme
from .areas import AreaResolver
from .plan import Options, Plan, Target, apply, plan_file

SUFFIXES = {".csv", ".xlsx", ".txt"}
NOT_TABLES = ("SOURCE", "README", "LICENSE")  # notes that travel with a folder of tables
OBSERVATION_SOURCE_LENGTH = Observation._meta.get_field("source").max_length


@dataclass
class DatasetMeta:
    """What the catalogue says about a dataset created by an import; an existing dataset of
    the same name keeps its metadata."""

    organisation: Organisation
    name: str = ""  # all tables into this dataset; otherwise one dataset per table
    title: str = ""
    description: str = ""
    themes: list[Theme] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str = ""
    frequency: str = Dataset.Frequency.ANNUAL
    license: str = Dataset.License.CC_BY
    private: bool = False


@dataclass
class Outcome:
    plans: list[Plan]
    imported: list[Plan] = field(default_factory=list)
    unchanged: list[Plan] = field(default_factory=list)
    rejected: list[Plan] = field(default_factory=list)

    @property
    def observations(self) -> int:
        return sum(len(p.drafts) for p in self.imported)


def collect_files(paths: list[str]) -> list[Path]:
    """Files named, and the tables inside folders named (sorted, so runs are repeatable)."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and not p.name.upper().startswith(NOT_TABLES)
            )
        else:
            found.append(path)
    return found


def import_tables(
    files: list[tuple[str, bytes]],
    meta: DatasetMeta,
    options: Options,
    *,
    resource_name: str = "",
    keep_going: bool = False,
    dry_run: bool = False,
    user=None,
    themes_for=None,
) -> Outcome:
    areas = AreaResolver()
    plans = [plan_file(name, data, options, areas) for name, data in files]
    _check_destinations(plans, meta, resource_name)
    for plan in plans:
        _cite_source(plan, meta, resource_name)
    outcome = Outcome(plans)
    outcome.rejected = [p for p in plans if not p.ok]
    good = [p for p in plans if p.ok]
    if dry_run or (outcome.rejected and not keep_going):
        return outcome
    datasets: dict[str, Dataset] = {}  # one instance per name: tables may share a new dataset
    targets = [(p, _target(p, meta, resource_name, user, themes_for, datasets)) for p in good]
    if keep_going:
        for plan_and_target in targets:
            _write(outcome, [plan_and_target])
    else:
        _write(outcome, targets)
    return outcome


def _destination(plan: Plan, meta: DatasetMeta, resource_name: str) -> tuple[str, str]:
    """The names of the dataset and of the table inside it that `plan` goes to."""
    stem = Path(plan.name).stem
    return meta.name or slugify_vi(stem, 100), resource_name or (plan.title or stem)[:255]


def _check_destinations(plans: list[Plan], meta: DatasetMeta, resource_name: str) -> None:
    """Refuse a table that another table of the same import would replace (each file is a new
    version of its table, so the first would silently vanish)."""
    first: dict[tuple[str, str], str] = {}
    for plan in plans:
        dataset_name, table = _destination(plan, meta, resource_name)
        if (dataset_name, table) in first:
            plan.error(
                None,
                "",
                f"cùng vào bảng '{table}' của bộ dữ liệu '{dataset_name}' với "
                f"{first[dataset_name, table]}: hãy nhập riêng hoặc đặt tên bảng khác.",
            )
        else:
            first[dataset_name, table] = plan.name


def _cite_source(plan: Plan, meta: DatasetMeta, resource_name: str) -> None:
    """A source given for a table going into an existing dataset. The dataset's own source is
    what its other tables' figures cite, so it stays, and this table's figures cite the one
    given (a table's source column still wins); a dataset that cites none takes it."""
    source = meta.source.strip()
    if not source:
        return
    dataset = Dataset.objects.filter(name=_destination(plan, meta, resource_name)[0]).first()
    if dataset is None or source == dataset.source.strip():
        return
    if not dataset.source:
        plan.warnings.append(
            f"Bộ dữ liệu “{dataset.title}” chưa ghi nguồn: sẽ ghi nguồn “{source}”."
        )
        return
    if len(source) > OBSERVATION_SOURCE_LENGTH:
        plan.error(
            None,
            "",
            f"Nguồn dài quá {OBSERVATION_SOURCE_LENGTH} ký tự để ghi cho từng số liệu; "
            "hãy viết gọn lại.",
        )
        return
    for draft in plan.drafts:
        draft.source = draft.source or source
    plan.warnings.append(
        f"Nguồn “{source}” được ghi cho các số liệu của bảng này; bộ dữ liệu "
        f"“{dataset.title}” giữ nguồn của mình, “{dataset.source}”."
    )


def _write(outcome: Outcome, plans_and_targets) -> None:
    versions = apply(plans_and_targets)
    for (plan, _), version in zip(plans_and_targets, versions, strict=True):
        (outcome.imported if version else outcome.unchanged).append(plan)


def _target(
    plan: Plan, meta: DatasetMeta, resource_name: str, user, themes_for, datasets: dict
) -> Target:
    title = meta.title or plan.title or Path(plan.name).stem
    name, table = _destination(plan, meta, resource_name)
    if name not in datasets:
        datasets[name] = Dataset.objects.filter(name=name).first() or _new_dataset(
            name, title, meta
        )
    themes = list(meta.themes) + list(themes_for(plan) if themes_for else [])
    return Target(datasets[name], table, user, themes, meta.tags, source=meta.source.strip())


def _new_dataset(name: str, title: str, meta: DatasetMeta) -> Dataset:
    return Dataset(
        name=name,
        title=title[:255],
        description=meta.description,
        organisation=meta.organisation,
        source=meta.source,
        frequency=meta.frequency,
        license=meta.license,
        private=meta.private,
    )
