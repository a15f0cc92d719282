"""A StreamField block that puts a live indicator chart, or its latest figure, in an article."""

import zlib

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from cityportal.core.models import AdministrativeUnit

from . import charts
from .models import Indicator, Observation


def _unit_codes(text: str) -> list[str]:
    return [code.strip() for code in (text or "").split(",") if code.strip()]


def latest_figures(observations, codes: list[str]) -> list:
    """Each chosen unit's latest figure, in the editor's order, each at its own period: the
    newest period of any unit would let a ward's newer figure hide the city's. Without chosen
    units, the widest area's. `observations` in time order, one per unit and period; a code
    names a unit before and after the 2025 reform alike, so its series spans both."""
    latest = {}
    for observation in observations:  # in time order: the last seen is the latest
        latest[observation.unit.code] = observation
    if codes:
        return [latest[code] for code in dict.fromkeys(codes) if code in latest]
    widest = min(
        latest.values(),
        key=lambda o: (
            charts.LEVEL_ORDER.get(o.unit.level, 9),
            -o.period_start.toordinal(),
            o.unit.name,
        ),
    )
    return [widest]


class IndicatorChartBlock(blocks.StructBlock):
    """The indicator is named by its code (as in /chi-tieu/<code>/), checked when the editor saves:
    a plain model cannot be chosen with a chooser, and a select of every indicator would not
    scale. The chart reads the current figures each time the page renders."""

    indicator = blocks.CharBlock(
        label="Mã chỉ tiêu",
        max_length=120,
        help_text="Phần cuối địa chỉ trang chỉ tiêu, ví dụ dan-so-trung-binh-nghin-nguoi",
    )
    units = blocks.CharBlock(
        label="Mã địa bàn",
        required=False,
        max_length=300,
        help_text="Mã thống kê, cách nhau bởi dấu phẩy, ví dụ 79, 01. Để trống: tất cả địa bàn.",
    )
    chart_type = blocks.ChoiceBlock(
        label="Kiểu hiển thị",
        choices=[
            ("line", "Biểu đồ đường: diễn biến qua các kỳ"),
            ("bar", "Biểu đồ cột: so sánh các địa bàn trong kỳ mới nhất"),
            (
                "figure",
                "Con số: số liệu mới nhất của từng địa bàn đã chọn (trống: địa bàn rộng nhất)",
            ),
        ],
        default="line",
    )
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=300)

    class Meta:
        icon = "table"
        label = "Biểu đồ số liệu"
        template = "opendata/blocks/indicator_chart.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not Indicator.objects.filter(code=value["indicator"].strip()).exists():
            errors["indicator"] = ValidationError("Không có chỉ tiêu với mã này.")
        codes = _unit_codes(value["units"])
        known = set(
            AdministrativeUnit.objects.filter(code__in=codes).values_list("code", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["units"] = ValidationError(f"Không có địa bàn với mã: {', '.join(unknown)}.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        indicator = Indicator.objects.filter(code=value["indicator"].strip()).first()
        context.update(indicator=indicator, chart=None, figures=[])
        if indicator is None:  # deleted since the article was written: show nothing
            return context
        codes = _unit_codes(value["units"])
        figures = Observation.objects.public().filter(indicator=indicator)
        # Totals, or the first breakdown when the indicator has none.
        breakdown = min(figures.values_list("breakdown", flat=True).distinct(), default="")
        figures = figures.filter(breakdown=breakdown)
        if codes:
            figures = figures.filter(unit__code__in=codes)
        observations = charts.distinct_figures(
            figures.series().order_by("period_start", "unit__name", "-resource__modified_at")
        )
        if not observations:
            return context
        if value["chart_type"] == "figure":
            context.update(figures=latest_figures(observations, codes), breakdown=breakdown)
            return context
        chart_id = f"bieu-do-{indicator.code}-{self._position(value)}"
        title = indicator.name + (f" - {breakdown}" if breakdown else "")
        if value["chart_type"] == "bar":
            latest = observations[-1].period
            context["chart"] = charts.compare_chart(
                chart_id,
                f"{title}, {charts.period_label(latest)}",
                [o for o in observations if o.period == latest],
                indicator.measure,
            )
        else:
            context["chart"] = charts.time_chart(chart_id, title, observations, indicator.measure)
        return context

    @staticmethod
    def _position(value) -> str:
        """Distinguishes two charts of one indicator in an article, so their SVG ids differ."""
        key = "|".join((value["units"], value["chart_type"], value["caption"]))
        return format(zlib.crc32(key.encode()), "x")
