"""Spike detection on synthetic series, and alerts raised once and e-mailed once, the mail not
lost when the server refuses it or the worker dies mid-send."""

import datetime
import socket

import pytest
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone

from cityportal.core import mail
from cityportal.core.models import QueuedMail
from cityportal.monitor import spikes
from cityportal.monitor.models import Alert, Cluster, Item, Source, Watchlist


@pytest.mark.parametrize(
    "history, today, spike",
    [
        ([10, 12, 9, 11, 10, 13, 10, 9, 12, 11, 10, 9, 11, 12], 40, True),
        ([10, 12, 9, 11, 10, 13, 10, 9, 12, 11, 10, 9, 11, 12], 16, False),  # ordinary noise
        ([0] * 14, 4, False),  # below the floor: four posts are not a story
        ([0] * 14, 6, True),
        ([5, 30, 2, 40, 1, 35, 3, 38, 2, 41, 4, 33, 2, 39], 45, False),  # a jumpy baseline
    ],
)
def test_volume_spike(history, today, spike):
    assert bool(spikes.volume_spike(history, today)) is spike


def test_negative_share_spike():
    total, negative = [20] * 14, [4] * 14  # 20 % negative as a rule
    assert spikes.negative_spike(total, negative, 20, 10)  # 50 %
    assert not spikes.negative_spike(total, negative, 20, 7)  # 35 %: within 20 points
    assert not spikes.negative_spike(total, negative, 4, 4)  # too few stories to tell


def make_stories(source, day, count, sentiment="neutral", text="chuyện"):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    for n in range(count):
        cluster = Cluster.objects.create(signature=b"", first_seen=moment, last_seen=moment)
        Item.objects.create(
            source=source,
            key=f"{day}-{text}-{n}",
            text=f"{text} {n}",
            text_folded=f"{text} {n}",
            published_at=moment,
            status=Item.Status.PROCESSED,
            sentiment=sentiment,
            cluster=cluster,
        )


def yesterday() -> datetime.date:
    """The day the alerts are about: alerts about older days are not mailed
    (AlertQuerySet.unmailed). Read when a test runs, not at import: a run crossing midnight in
    Hồ Chí Minh City (17:00 UTC) otherwise makes it two days ago, too old to mail."""
    return timezone.localdate() - datetime.timedelta(days=1)


RETRY = datetime.timedelta(minutes=5)  # the outbox's first retry


@pytest.fixture
def detect(django_capture_on_commit_callbacks):
    """`spikes.detect` as the worker runs it: alerts' mail goes once their claims commit."""

    def run(day=None):
        with django_capture_on_commit_callbacks(execute=True):
            return spikes.detect(day)

    return run


def ordinary_fortnight(settings, day=None) -> Source:
    """Three stories a day for the 14 days before `day` (yesterday), and someone to tell about
    spikes."""
    day = day or yesterday()
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    source = Source.objects.create(name="Báo", kind=Source.Kind.MANUAL)
    for back in range(1, 15):
        make_stories(source, day - datetime.timedelta(days=back), 3, text="thuong ngay")
    return source


@pytest.mark.django_db
def test_the_scheduled_run_finds_a_spike_in_posts_that_arrived_late(smtp, settings, detect):
    """Yesterday's export uploaded this morning: the hourly run (no day given) still raises
    that day's alert, and mails it once. A spike found four days late stands in the admin
    without a mail: that news is old."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    source = ordinary_fortnight(settings, yesterday)
    make_stories(source, yesterday, 12, text="ket xe")
    raised = detect()
    assert [(a.day, str(a.kind)) for a in raised] == [(yesterday, "volume")]
    assert detect() == [] and len(smtp.messages) == 1

    old = yesterday - datetime.timedelta(days=3)
    make_stories(source, old, 12, text="ngap")
    assert [a.day for a in detect()] == [old]
    assert len(smtp.messages) == 1 and Alert.objects.get(day=old).mailed_at is None
    assert not QueuedMail.objects.exists()


@pytest.mark.django_db
def test_detect_raises_each_alert_once_and_emails_it(smtp, settings, detect):
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, sentiment="negative", text="ngap nuoc")
    watch = Watchlist.objects.create(
        name="Chống ngập",
        slug="chong-ngap",
        terms="ngập nước",
        notify="so-xay-dung@example.invalid",
    )

    raised = detect(day)
    again = detect(day)

    # The city: more stories than usual, and all of them negative. The watchlist had no story
    # before, so only its volume jumped (a share needs a baseline).
    kinds = sorted((a.scope, str(a.kind)) for a in raised)
    assert kinds == [(str(watch.pk), "volume"), ("all", "negative"), ("all", "volume")]
    assert again == []
    assert Alert.objects.count() == len(raised)
    city = Alert.objects.get(scope="all", kind="volume")
    assert city.observed == 12 and city.baseline == 3
    assert f"12 câu chuyện ngày {yesterday():%d/%m/%Y}" in city.message
    recipients = sorted(tuple(sorted(rcpts)) for rcpts, _ in smtp.messages)
    assert recipients == [
        ("lanh-dao@example.invalid",),
        ("lanh-dao@example.invalid",),
        ("lanh-dao@example.invalid", "so-xay-dung@example.invalid"),
    ]


@pytest.mark.django_db
def test_an_alert_mailed_while_the_server_was_down_goes_out_once_on_its_retry(
    smtp, settings, detect
):
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, text="ket xe")
    working = settings.EMAIL_PORT
    with socket.socket() as probe:  # a port nobody listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]

    [alert] = detect(day)
    alert.refresh_from_db()
    assert alert.mailed_at is not None and smtp.messages == []  # claimed, its mail queued
    [queued] = QueuedMail.objects.all()
    assert (
        queued.to == ["lanh-dao@example.invalid"] and "ConnectionRefusedError" in queued.last_error
    )

    settings.EMAIL_PORT = working
    assert detect(day) == []  # nothing raised twice, nor queued twice
    assert smtp.messages == [] and QueuedMail.objects.count() == 1
    assert mail.send_queued(timezone.now() + RETRY)["sent"] == 1  # the mail goes now
    [(recipients, text)] = smtp.messages
    assert recipients == ["lanh-dao@example.invalid"] and "12 câu chuyện" in text
    detect(day)
    assert mail.send_queued(timezone.now() + 100 * RETRY)["sent"] == 0
    assert len(smtp.messages) == 1  # once

    # An alert acknowledged, or raised over a day ago, is not mailed late.
    Alert.objects.update(mailed_at=None)
    Alert.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert spikes.mail_pending() == 0


@pytest.mark.django_db
def test_an_alert_whose_addresses_are_refused_does_not_hold_back_the_others(smtp, settings, detect):
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, text="ngap nuoc")
    # Saved around the form's check (an address typed before it existed): Django refuses it.
    Watchlist.objects.create(name="Hỏng", slug="hong", terms="ngap", notify="không phải thư")
    raised = detect(day)
    assert len(raised) == 2  # the city and the watchlist
    [(recipients, text)] = smtp.messages
    assert recipients == ["lanh-dao@example.invalid"] and "Toàn thành phố" in text
    [refused] = QueuedMail.objects.all()  # waits in the outbox, for staff to see if it never goes
    assert "không phải thư" in refused.to and "Hỏng" in refused.subject
    assert refused.last_error
    assert Alert.objects.filter(mailed_at__isnull=True).count() == 0
    detect(day)
    assert len(smtp.messages) == 1 and QueuedMail.objects.count() == 1  # not queued twice


@pytest.mark.django_db
def test_a_worker_dying_mid_send_neither_loses_the_alert_nor_mails_it_twice(
    smtp, settings, detect, django_capture_on_commit_callbacks
):
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, text="ket xe")
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the worker died
        [alert] = spikes.detect(day)
    assert smtp.messages == []
    assert detect(day) == [] and smtp.messages == []  # the next run: not a second copy
    assert mail.send_queued(timezone.now() + RETRY)["sent"] == 1
    [(recipients, text)] = smtp.messages
    assert recipients == ["lanh-dao@example.invalid"] and alert.message in text


@pytest.mark.django_db
def test_a_concurrent_run_does_not_mail_an_alert_twice(
    smtp, settings, django_capture_on_commit_callbacks
):
    """The other run claims the alert between this run's reading it and claiming it: this run's
    conditional UPDATE then changes nothing, and it queues nothing."""
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    Alert.objects.create(
        kind=Alert.Kind.VOLUME, scope="all", day=yesterday(), observed=12, baseline=3
    )
    other = {}

    def race(execute, sql, params, many, context):
        if not other and sql.startswith('UPDATE "monitor_alert"'):
            other["mailed"] = 0  # once
            other["mailed"] = spikes.mail_pending()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(race), django_capture_on_commit_callbacks(execute=True):
        mine = spikes.mail_pending()
    assert (other["mailed"], mine) == (1, 0)
    assert len(smtp.messages) == 1 and not QueuedMail.objects.exists()


@pytest.mark.django_db
def test_an_alert_whose_mail_could_not_be_queued_is_not_claimed(smtp, settings, detect):
    """The claim and the queued mail commit together: a claim without its mail would be an
    alert never mailed."""
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, text="ket xe")

    def outbox_fails(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "core_queuedmail"'):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(outbox_fails), pytest.raises(DatabaseError):
        detect(day)
    [alert] = Alert.objects.all()
    assert alert.mailed_at is None and smtp.messages == []
    assert detect(day) == [] and len(smtp.messages) == 1


@pytest.mark.django_db
def test_an_alert_acknowledged_before_its_mails_retry_is_not_mailed_late(
    smtp, settings, client, analyst, django_capture_on_commit_callbacks
):
    """The server was down when the alerts were mailed. An analyst handled one in the admin
    before the retry: its mail would tell of an alert already handled, and is not sent; the
    other alert's still goes."""
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    handled, other = (
        Alert.objects.create(
            kind=kind, scope="all", day=yesterday(), observed=12, baseline=3, message=m
        )
        for kind, m in [(Alert.Kind.VOLUME, "Kẹt xe"), (Alert.Kind.NEGATIVE, "Ngập nước")]
    )
    working = settings.EMAIL_PORT
    with socket.socket() as probe:  # a port nobody listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    with django_capture_on_commit_callbacks(execute=True):
        assert spikes.mail_pending() == 2
    assert QueuedMail.objects.count() == 2

    settings.EMAIL_PORT = working
    client.force_login(analyst)
    client.post(reverse("monitor_alert_acknowledge", args=[handled.pk]))
    assert mail.send_queued(timezone.now() + RETRY) == {"sent": 1, "waiting": 0, "failed": 0}
    [(_, text)] = smtp.messages
    assert "Ngập nước" in text and "Kẹt xe" not in text
    assert not QueuedMail.objects.exists()


def acknowledged_while_sending(monkeypatch, alert, user):
    """The analyst acknowledges `alert` while its mail is with the (unreachable) server: the
    acknowledgement lands between the outbox row being read and the result being written."""
    send = mail._send

    def slow_server(messages):
        Alert.objects.get(pk=alert.pk).acknowledge(user)
        return send(messages)

    monkeypatch.setattr(mail, "_send", slow_server)


@pytest.mark.django_db
def test_an_alert_acknowledged_while_its_mail_is_sent_leaves_no_mail_and_no_error(
    smtp_down, settings, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    """The first try and a retry both fail while the alert is handled: neither run fails on
    the outbox row that went away, and nothing is kept to be tried again."""
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    first = Alert.objects.create(
        kind=Alert.Kind.VOLUME, scope="all", day=yesterday(), observed=12, baseline=3
    )
    acknowledged_while_sending(monkeypatch, first, analyst)
    with django_capture_on_commit_callbacks(execute=True):
        assert spikes.mail_pending() == 1
    assert not QueuedMail.objects.exists()

    monkeypatch.undo()
    second = Alert.objects.create(
        kind=Alert.Kind.NEGATIVE, scope="all", day=yesterday(), observed=9, baseline=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert spikes.mail_pending() == 1
    assert QueuedMail.objects.about(second).count() == 1
    acknowledged_while_sending(monkeypatch, second, analyst)
    assert mail.send_queued(timezone.now() + RETRY) == {"sent": 0, "waiting": 0, "failed": 0}
    assert not QueuedMail.objects.exists()


@pytest.mark.django_db
def test_an_alerts_given_up_mail_goes_when_it_is_acknowledged_or_deleted(
    smtp_down, settings, analyst, django_capture_on_commit_callbacks
):
    """Mail given up on is kept for staff to see; once its alert is handled (or the alert is
    gone) there is nothing left to see."""
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    alerts = [
        Alert.objects.create(kind=kind, scope="all", day=yesterday(), observed=12, baseline=3)
        for kind in Alert.Kind
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert spikes.mail_pending() == 2
    QueuedMail.objects.update(status=QueuedMail.Status.FAILED, next_attempt_at=None)
    keep = QueuedMail.objects.create(subject="Nhắc hạn gửi bài", body="…", to=["a@example.vn"])

    alerts[0].acknowledge(analyst)
    assert not QueuedMail.objects.about(alerts[0]).exists()
    alerts[1].delete()
    assert list(QueuedMail.objects.all()) == [keep]


@pytest.mark.django_db(transaction=True)
def test_a_run_mails_all_its_alerts_over_one_connection(smtp, settings):
    """Committed for real, as the worker runs it: one connection for the run, not one for each
    alert."""
    settings.MONITOR_ALERT_EMAILS = ["lanh-dao@example.invalid"]
    for kind in Alert.Kind:
        Alert.objects.create(kind=kind, scope="all", day=yesterday(), observed=12, baseline=3)
    assert spikes.mail_pending() == 2
    assert len(smtp.messages) == 2
    assert smtp.sessions == 1


def test_alert_messages_write_numbers_as_vietnamese_readers_do():
    day = datetime.date(2026, 11, 27)
    usual = spikes._message(spikes.Spike(Alert.Kind.VOLUME, 12, 0.79), "Chống ngập", day)
    assert usual == "Chống ngập: 12 câu chuyện ngày 27/11/2026, mức nền 0,79/ngày (14 ngày trước)"
    new = spikes._message(spikes.Spike(Alert.Kind.VOLUME, 6, 0.0), "Chống ngập", day)
    assert "trước đó không có câu chuyện nào" in new and "0/ngày" not in new


@pytest.mark.django_db
def test_an_alert_mail_links_to_the_stories_that_raised_it(smtp, settings, client, analyst, detect):
    """The mail linked to the dashboard, where the reader had to find the day and scope again."""
    from urllib.parse import urlsplit

    settings.WAGTAILADMIN_BASE_URL = "https://cong.example.vn"
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, sentiment="negative", text="ngap nuoc")
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập nước")
    detect(day)
    links = {}
    for _, text in smtp.messages:
        subject, link = (
            text.splitlines()[0].strip(),
            text.split("Các mục đã gây cảnh báo: ")[1].split()[0],
        )
        links[subject] = urlsplit(link)
    assert all(link.netloc == "cong.example.vn" for link in links.values())
    client.force_login(analyst)

    def listed(link):
        page = client.get(f"{link.path}?{link.query}")
        return sorted(i.key for i in page.context["object_list"])

    ours = [f"{day}-ngap nuoc-{n}" for n in range(12)]
    negative = links["[Theo dõi dư luận] Tỉ lệ tiêu cực tăng đột biến: Toàn thành phố"]
    assert "sentiment=negative" in negative.query and listed(negative) == sorted(ours)
    watched = links["[Theo dõi dư luận] Lượng thảo luận tăng đột biến: Chống ngập"]
    assert "watchlist=chong-ngap" in watched.query and listed(watched) == sorted(ours)
    city = links["[Theo dõi dư luận] Lượng thảo luận tăng đột biến: Toàn thành phố"]
    assert f"start={day}&end={day}" in city.query and listed(city) == sorted(ours)


@pytest.mark.django_db
def test_a_watchlist_with_no_term_or_place_raises_no_alert_for_the_whole_city(
    smtp, settings, detect
):
    """A row saved before the rule (or around the form) followed every item: the city's spike
    was raised again under its name, and mailed to its recipients."""
    source, day = ordinary_fortnight(settings), yesterday()
    make_stories(source, day, 12, text="ket xe")
    Watchlist.objects.create(name="Chưa cấu hình", slug="chua-cau-hinh", notify="a@example.invalid")
    raised = detect(day)
    assert [(a.scope, str(a.kind)) for a in raised] == [("all", "volume")]
    assert [sorted(rcpts) for rcpts, _ in smtp.messages] == [["lanh-dao@example.invalid"]]
