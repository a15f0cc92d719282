"""Event pages: the calendar (upcoming and past) and one talk, seminar, press conference or
livestream with its speakers, agenda and documents."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from cityportal.core.middleware import CONTENT_SECONDS, content_version, fresh_until
from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.news.blocks import BodyBlock
from cityportal.news.models import CoverImage, NewsroomPage, paginate

# Event slugs that would be shadowed by the per-visitor URLs under /su-kien/ (see urls.py).
RESERVED_SLUGS = {"dang-ky", "xac-nhan-dang-ky", "huy-dang-ky", "tac-nghiep", "da-dien-ra"}


def _aware(value, end: bool = False) -> datetime.datetime:
    """A datetime as given; a date as the local midnight that starts it (or the next day)."""
    if isinstance(value, datetime.datetime):
        return value
    day = value + datetime.timedelta(days=1) if end else value
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class EventQuerySet(PageQuerySet):
    def published(self):
        return self.live().public()

    def next_turn(self, now=None):
        """When the calendar next changes by itself: the soonest start (an event under way) or
        end (one moving to the past) still ahead; None if nothing is ahead."""
        now = now or timezone.now()
        ahead = self.published().aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=now)),
            end=Min("ends_at", filter=Q(ends_at__gt=now)),
        )
        return min((m for m in ahead.values() if m is not None), default=None)

    def upcoming(self, now=None):
        """Not over yet (an event under way is still upcoming for a visitor), soonest first."""
        return self.published().filter(ends_at__gt=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.published().filter(ends_at__lte=now or timezone.now()).order_by("-starts_at")

    def held_between(self, start, end):
        """Published events, not cancelled, that began in the period: dates count whole days
        (both included), datetimes give the half-open range [start, end)."""
        start, end = _aware(start), _aware(end, end=True)
        return self.published().filter(
            cancelled=False,
            starts_at__gte=start,
            starts_at__lt=min(end, timezone.now()),
        )

    def with_counts(self):
        """Each event with `registered`, `waiting` and `attended` people, in the same query."""
        from .registrations import Registration

        status = "registrations__status"
        return self.annotate(
            registered=Count("registrations", filter=Q(**{status: Registration.Status.CONFIRMED})),
            waiting=Count("registrations", filter=Q(**{status: Registration.Status.WAITING})),
            attended=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )

    def totals(self) -> dict[str, int]:
        """What the quarterly report counts for these events."""
        from .press import Accreditation
        from .registrations import Registration

        confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
        return self.aggregate(
            events=Count("pk", distinct=True),
            registered=Count("registrations", filter=confirmed, distinct=True),
            attended=Count(
                "registrations",
                filter=Q(registrations__checked_in_at__isnull=False),
                distinct=True,
            ),
            accredited=Count(
                "accreditations",
                filter=Q(accreditations__status=Accreditation.Status.APPROVED),
                distinct=True,
            ),
        )


class EventManager(PageManager.from_queryset(EventQuerySet)):
    def calendar_turn(self, now=None):
        """`next_turn()` of every published event, kept in the cache: the lists and the calendar
        feed ask on every render, and the answer only moves when content is published (the
        content version) or when that moment itself has passed (the next one is then asked for).
        A change made without Wagtail's signals is seen after CONTENT_SECONDS at most."""
        now = now or timezone.now()
        key = f"cityportal:events:next-turn:{content_version()}"
        kept = cache.get(key)  # a 1-tuple, so that "nothing ahead" (None) is kept too
        if kept is None or (kept[0] is not None and kept[0] <= now):
            kept = (self.next_turn(now),)
            cache.set(key, kept, CONTENT_SECONDS)
        return kept[0]


class EventIndexPage(RoutablePageMixin, NewsroomPage):
    """Sự kiện: upcoming events here, past ones under da-dien-ra/."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "lịch sự kiện"

    def events(self):
        return EventPage.objects.child_of(self).select_related("unit", "cover_image")

    def get_context(self, request, *args, listing="upcoming", **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = listing
        if listing == "upcoming":
            context["page_obj"] = paginate(request, self.events().upcoming())
            context["recent_past"] = list(self.events().past()[:3])
        else:
            context["page_obj"] = paginate(request, self.events().past())
        return context

    def serve(self, request, *args, **kwargs):
        # The lists move an event on when it begins and ends, with no publish to clear caches.
        # Every event is under the one index (max_count = 1): the calendar's turn is the lists'.
        response = super().serve(request, *args, **kwargs)
        return fresh_until(response, EventPage.objects.calendar_turn())

    @path("da-dien-ra/")
    def past_events(self, request):
        return self.render(request, listing="past")


class EventPage(RoutablePageMixin, CoverImage, NewsroomPage):  # noqa: DJ008 - Page has __str__
    class Kind(models.TextChoices):
        TALK = "talk", "Tọa đàm"
        SEMINAR = "seminar", "Hội thảo"
        PRESS_CONFERENCE = "press_conference", "Họp báo"
        LIVESTREAM = "livestream", "Phát trực tuyến"

    kind = models.CharField("loại sự kiện", max_length=20, choices=Kind.choices)
    summary = models.TextField("tóm tắt", help_text="Một, hai câu giới thiệu sự kiện")
    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True)
    starts_at = models.DateTimeField("bắt đầu", db_index=True)
    ends_at = models.DateTimeField("kết thúc")
    cancelled = models.BooleanField("đã hủy", default=False)
    venue = models.CharField("địa điểm", max_length=255, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    online_url = models.URLField(
        "đường dẫn phát trực tuyến hoặc video",
        max_length=1000,
        blank=True,
        help_text="YouTube, Facebook, trang phát trực tiếp; sau sự kiện có thể thay bằng video",
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name="đơn vị tổ chức",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepts_registrations = models.BooleanField("nhận đăng ký tham dự", default=True)
    capacity = models.PositiveIntegerField(
        "số chỗ", null=True, blank=True, help_text="Để trống nếu không giới hạn"
    )
    registration_opens_at = models.DateTimeField(
        "mở đăng ký từ", null=True, blank=True, help_text="Để trống: mở ngay khi đăng trang"
    )
    registration_closes_at = models.DateTimeField(
        "hạn đăng ký", null=True, blank=True, help_text="Để trống: đến giờ bắt đầu"
    )
    summary_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name="bài tổng kết",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summarised_events",
    )

    objects = EventManager()

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("cancelled"),
            ],
            "Thời gian (giờ Việt Nam)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("unit"),
                FieldPanel("online_url"),
            ],
            "Địa điểm",
        ),
        FieldPanel("organiser"),
        CoverImage.cover_panel,
        FieldPanel("body"),
        InlinePanel("speakers", label="Diễn giả, khách mời"),
        InlinePanel("agenda_items", label="Chương trình"),
        InlinePanel("documents", label="Tài liệu"),
        MultiFieldPanel(
            [
                FieldPanel("accepts_registrations"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            "Đăng ký tham dự",
        ),
        FieldPanel("summary_article"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "sự kiện"
        verbose_name_plural = "sự kiện"

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"Địa chỉ “{self.slug}” đã dành cho trang khác; hãy chọn địa chỉ khác."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "Thời gian kết thúc phải sau thời gian bắt đầu."
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Hạn đăng ký phải sau thời điểm mở đăng ký."
        elif closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = "Hạn đăng ký không thể sau khi sự kiện kết thúc."
        if self.accepts_registrations and self.starts_at and self._moved_into_the_past():
            errors["starts_at"] = (
                "Thời gian bắt đầu đã qua: sự kiện nhận đăng ký phải diễn ra trong tương lai. "
                "Kiểm tra lại ngày giờ, hoặc bỏ chọn “nhận đăng ký tham dự” để lưu một sự kiện "
                "đã diễn ra."
            )
        if errors:
            raise ValidationError(errors)

    def _moved_into_the_past(self) -> bool:
        """A start in the past, newly set (a past event kept as it was may still be edited)."""
        if self.starts_at >= timezone.now():
            return False
        saved = EventPage.objects.filter(pk=self.pk).values_list("starts_at", flat=True).first()
        return saved != self.starts_at

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def comments_closed(self) -> bool:
        """Questions to the speakers are taken before and during the event (the feedback app
        reads this)."""
        return self.cancelled or self.is_over

    @property
    def attendance_mode(self) -> str:
        if self.online_url and not self.venue:
            return "OnlineEventAttendanceMode"
        return "MixedEventAttendanceMode" if self.online_url else "OfflineEventAttendanceMode"

    def registration_closed(self, now=None) -> str | None:
        """Why registration is over for good, in words for the public (the event cancelled or
        begun, no online registration, the deadline past); None while it is or will be open.
        The event page says this instead of offering the form: it only ever turns from None
        to a reason, so a page kept a few minutes in a cache never hides a form just opened."""
        from django.template.defaultfilters import date as format_date

        now = now or timezone.now()
        if self.cancelled:
            return "Sự kiện đã bị hủy, không nhận đăng ký."
        if self.starts_at <= now:
            return "Sự kiện đã bắt đầu hoặc đã diễn ra, không nhận đăng ký thêm."
        if not self.accepts_registrations:
            return "Sự kiện này không nhận đăng ký trực tuyến."
        if self.registration_closes_at and now >= self.registration_closes_at:
            closes = timezone.localtime(self.registration_closes_at)
            return f"Đã hết hạn đăng ký (hạn chót {format_date(closes, 'H:i d/m/Y')})."
        return None

    def registration_problem(self, now=None) -> str | None:
        """Why the public cannot register now (closed, or not open yet), in words for them; None
        when they can. The form's check, under the event's lock (registration.register)."""
        from django.template.defaultfilters import date as format_date

        now = now or timezone.now()
        if problem := self.registration_closed(now):
            return problem
        if self.registration_opens_at and now < self.registration_opens_at:
            opens = timezone.localtime(self.registration_opens_at)
            return f"Chưa mở đăng ký: đăng ký mở từ {format_date(opens, 'H:i d/m/Y')}."
        return None

    def next_turn(self, now=None):
        """When this page next changes by itself: registration closing or the event beginning
        (the button gives way to "registration closed"), or it ending; None once all passed. (The
        button shows before registration opens: the form says when it will.)"""
        now = now or timezone.now()
        moments = (self.registration_closes_at, self.starts_at, self.ends_at)
        return min((m for m in moments if m is not None and m > now), default=None)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return fresh_until(response, self.next_turn())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index"] = self.get_parent()
        context["speakers"] = list(self.speakers.all())
        context["agenda"] = list(self.agenda_items.all())
        context["documents"] = list(self.documents.select_related("document"))
        article = self.summary_article
        context["summary"] = article if article and article.live else None
        return context

    @path("ics/")
    def ics(self, request):
        from ..calendar import calendar_of

        response = HttpResponse(
            calendar_of([self], request).to_ical(), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("họ tên", max_length=200)
    role = models.CharField("chức vụ", max_length=255, blank=True)
    affiliation = models.CharField("cơ quan, đơn vị", max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("affiliation")]

    def __str__(self) -> str:
        return self.name


class EventAgendaItem(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="agenda_items")
    time = models.TimeField("giờ", null=True, blank=True)
    title = models.CharField("nội dung", max_length=255)
    speaker = models.CharField("người trình bày", max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("time"), FieldPanel("title")]), FieldPanel("speaker")]

    def __str__(self) -> str:
        return self.title


class EventDocument(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="tài liệu", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("tên hiển thị", max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or self.document.title
