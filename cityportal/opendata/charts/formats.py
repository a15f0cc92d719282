"""How the charts and data pages write figures, dates and periods (the Vietnamese way), and the
round values an axis is ticked at."""

import datetime
import math


def format_number(value: float, decimals: int | None = None) -> str:
    """Vietnamese style: dot between thousands, comma before decimals: 1234.5 → "1.234,5".
    Without `decimals`, as few as show the value to three places."""
    if decimals is None:
        decimals = next(d for d in range(4) if round(value, d) == round(value, 3))
    text = f"{abs(value):,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    return f"-{text}" if value < 0 and text.strip("0.,") else text


def format_date(value: datetime.date | None) -> str:
    return f"{value.day}/{value.month}/{value.year}" if value else ""


def period_label(period: str) -> str:
    """ "2021" → "2021", "2021-Q3" → "Quý III/2021", "2021-07" → "Tháng 7/2021"."""
    year, _, part = period.partition("-")
    if part.startswith("Q") and part[1:].isdigit():
        return f"Quý {['I', 'II', 'III', 'IV'][int(part[1:]) - 1]}/{year}"
    if part.isdigit():
        return f"Tháng {int(part)}/{year}"
    return period


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round axis values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high.
    `whole`: the values are counts, so no step is a fraction (0, 1, 2, not 0; 0,5; 1 …)."""
    if low == high:  # one value, or all equal: give it some room
        pad = abs(low) / 10 or 1
        low, high = (low, low + pad) if low == 0 else (low - pad, high + pad)
    raw = (high - low) / max(count - 1, 1)
    if whole:
        raw = max(raw, 1)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = [first]
    while ticks[-1] < high - step * 1e-9 or len(ticks) < 2:
        ticks.append(first + step * len(ticks))
    # Rounding drops float noise (0.30000000000000004); + 0.0 turns -0.0 into 0.0.
    ticks = [round(t, 10) + 0.0 for t in ticks]
    return ticks


def tick_decimals(ticks: list[float]) -> int:
    """Decimals every tick label needs, so an axis reads 0; 2,5; 5 and not 0; 2,5; 5,0."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return next((d for d in range(7) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 6)
