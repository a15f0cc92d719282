"""What the apps' demo loaders share: the weekly activity a reload tops up."""

import datetime
from collections.abc import Iterator

from django.utils import timezone

WEEKS = 8  # a reload tops up the weeks since the demo's latest entry, this many at most


def weekly_moments(
    latest: datetime.datetime | None, weekdays: tuple[int, ...], hour: int
) -> Iterator[tuple[int, int, datetime.datetime]]:
    """(week number, slot, moment) for each of `weekdays` (0 Monday) at `hour` in the ISO weeks
    after the one of `latest` up to this week, WEEKS at most, oldest first, none in the future.
    Keyed by week: once a week has an entry, a reload that week adds none, so this week's days
    still ahead stay empty rather than crowd into the moment of the load. The week number picks
    the same texts for the same week on every machine."""
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    for back in reversed(range(WEEKS)):
        monday = this_monday - datetime.timedelta(weeks=back)
        if latest is not None and monday <= timezone.localdate(latest):
            continue
        for slot, weekday in enumerate(weekdays):
            day = monday + datetime.timedelta(days=weekday)
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            if moment > timezone.now():
                return
            yield monday.toordinal() // 7, slot, moment
