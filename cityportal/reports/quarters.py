"""Quarters of the calendar year ("2021Q3"), the period every programme report covers."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from cityportal.opendata.charts import period_label

_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.I)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """ "2021Q3" (also "2021-Q3", "2021q3"); ValueError otherwise."""
        match = _PATTERN.match(text or "")
        # A report compares with the quarter before and ends the day before the next: both must
        # be dates (year 0 and 10000 are not).
        if not match or not 1 < int(match[1]) < 9999:
            raise ValueError(f"Quý không hợp lệ: {text!r} (ví dụ đúng: 2021Q3)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_closed(cls, today: datetime.date | None = None) -> "Quarter":
        return cls.containing(today or timezone.localdate()).previous()

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def recent(self, count: int) -> list["Quarter"]:
        """This quarter and the `count - 1` before it, newest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters

    @property
    def label(self) -> str:
        return period_label(f"{self.year}-Q{self.number}")  # as the open-data charts say it

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


def local_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """The half-open range of aware datetimes covering local days `start`..`end` inclusive."""

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    return midnight(start), midnight(end + datetime.timedelta(days=1))
