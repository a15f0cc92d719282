"""Spike detection: a day whose volume, or share of negative stories, jumps above its rolling
baseline (the days before it) raises an alert, in the admin and by e-mail, once per day and
scope however often detection runs. Each alert's mail is queued in core.mail's outbox in the
transaction that marks it mailed: one the server does not take (the server down, an address
refused) waits there for its retry, and a worker dying mid-send neither loses it nor sends it
twice."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cityportal.core import mail
from cityportal.opendata.charts import format_number

from . import analysis
from .filters import alert_query
from .models import Alert, Item, Watchlist

BASELINE_DAYS = 14
MIN_STORIES = 5  # fewer stories than this in a day is never a spike
Z = 3.0  # standard deviations above the baseline mean
MIN_RATIO = 2.0  # and at least twice the mean
NEGATIVE_JUMP = 0.2  # negative share up by 20 points over the baseline share
# The scheduled run looks back this many days, not at today alone: posts uploaded or polled
# late (yesterday's export, uploaded this morning) still raise their day's alert.
RECHECK_DAYS = 7


@dataclass
class Spike:
    kind: str
    observed: float
    baseline: float


def volume_spike(history: list[int], today: int) -> Spike | None:
    """`today` against the days before it: mean + Z·sd, at least MIN_RATIO × mean."""
    if today < MIN_STORIES or not history:
        return None
    mean = statistics.fmean(history)
    sd = statistics.pstdev(history) if len(history) > 1 else 0.0
    if today >= max(mean + Z * sd, MIN_RATIO * mean, MIN_STORIES):
        return Spike(Alert.Kind.VOLUME, today, round(mean, 2))
    return None


def negative_spike(history_total, history_negative, today_total, today_negative) -> Spike | None:
    if today_total < MIN_STORIES or not sum(history_total):
        return None
    base = sum(history_negative) / sum(history_total)
    share = today_negative / today_total
    if share - base >= NEGATIVE_JUMP:
        return Spike(Alert.Kind.NEGATIVE, round(share, 3), round(base, 3))
    return None


def spikes_on(day: datetime.date, items=None) -> list[Spike]:
    period = analysis.Period(day - datetime.timedelta(days=BASELINE_DAYS), day)
    total, negative = analysis.daily_counts(period, items)
    found = [
        volume_spike(total[:-1], total[-1]),
        negative_spike(total[:-1], negative[:-1], total[-1], negative[-1]),
    ]
    return [s for s in found if s]


def _message(spike: Spike, scope: str, day: datetime.date) -> str:
    if spike.kind == Alert.Kind.VOLUME:
        before = (
            f"mức nền {format_number(round(spike.baseline, 2))}/ngày"
            if spike.baseline
            else "trước đó không có câu chuyện nào"
        )
        return (
            f"{scope}: {int(spike.observed)} câu chuyện ngày {day:%d/%m/%Y}, "
            f"{before} ({BASELINE_DAYS} ngày trước)"
        )
    return (
        f"{scope}: tỉ lệ tiêu cực {spike.observed:.0%} ngày {day:%d/%m/%Y}, "
        f"mức nền {spike.baseline:.0%}"
    )


def value_text(alert: Alert, baseline: bool = False) -> str:
    """An alert's observed (or baseline) value in words: a share as a percentage ("60%", as its
    message writes it), a volume as stories ("12 câu chuyện", "3,5 câu chuyện/ngày")."""
    value = alert.baseline if baseline else alert.observed
    if alert.kind == Alert.Kind.NEGATIVE:
        return f"{format_number(round(value * 100, 1))}%"
    return f"{format_number(round(value, 2))} câu chuyện{'/ngày' if baseline else ''}"


def items_url(alert: Alert) -> str:
    """The items list of what raised `alert` (its day's stories in its scope, the negative ones
    for a negative share), as the alerts list links them."""
    return f"{reverse('monitor_item:index')}?{alert_query(alert)}"


def _scope_name(watchlist) -> str:
    return watchlist.name if watchlist else "Toàn thành phố"


def _raise(spike: Spike, day, watchlist=None) -> Alert | None:
    """Store the alert unless it exists."""
    scope = _scope_name(watchlist)
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                kind=spike.kind,
                scope=str(watchlist.pk) if watchlist else "all",
                watchlist=watchlist,
                day=day,
                observed=spike.observed,
                baseline=spike.baseline,
                message=_message(spike, scope, day),
            )
    except IntegrityError:
        return None  # already raised today
    return alert


@mail.one_connection()
def mail_pending() -> int:
    """Mail each recent open alert not yet mailed; returns how many were (sent, or waiting in
    the outbox for their retry). Each is claimed with its mail queued in one transaction, so two
    workers running at once mail it once; the run's mail goes over one connection. Mail still
    waiting for its retry when the alert is acknowledged is not sent (`Alert.acknowledge`)."""
    queued = 0
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    for alert in Alert.objects.unmailed().select_related("watchlist"):
        recipients = set(settings.MONITOR_ALERT_EMAILS)
        if alert.watchlist:
            recipients |= set(alert.watchlist.recipients())
        if not recipients:
            continue
        message = mail.message(
            f"[Theo dõi dư luận] {alert.get_kind_display()}: {_scope_name(alert.watchlist)}",
            f"{alert.message}\n\nCác mục đã gây cảnh báo: {base}{items_url(alert)}",
            sorted(recipients),
        )
        with transaction.atomic():
            claimed = Alert.objects.filter(pk=alert.pk, mailed_at__isnull=True)
            if not claimed.update(mailed_at=timezone.now()):
                continue
            mail.send_after_commit([message], about=alert)
        queued += 1
    return queued


def detect(day: datetime.date | None = None) -> list[Alert]:
    """Check the city and every active watchlist for `day`, or, by default, for each of the
    last RECHECK_DAYS days (an alert already raised is not raised again)."""
    today = timezone.localdate()
    days = [day] if day else [today - datetime.timedelta(days=n) for n in range(RECHECK_DAYS)]
    raised = []
    scopes = [(None, Item.objects.all())] + [
        (w, Item.objects.for_watchlist(w)) for w in Watchlist.objects.filter(active=True)
    ]
    for day in sorted(days):
        for watchlist, items in scopes:
            for spike in spikes_on(day, items):
                if alert := _raise(spike, day, watchlist):
                    raised.append(alert)
    mail_pending()
    return raised
