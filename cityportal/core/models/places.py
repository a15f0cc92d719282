"""Administrative units with validity periods, so 2021 content keeps 2021's districts."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..text import fold, natural_key

# The two-tier local government reform (Nghị quyết 202/2025/QH15) took effect on 1 July 2025:
# districts were abolished and wards/communes merged.
REFORM_DATE = datetime.date(2025, 7, 1)
CITY_CODE = "79"


class FoldedMatchQuerySet(models.QuerySet):
    """`matching(text)`: every word of `text`, typed with or without diacritics, in the model's
    folded search column (`folded_field`, kept by the model's save)."""

    folded_field = ""

    def matching(self, text: str):
        qs = self
        for word in fold(text).split():
            qs = qs.filter(**{f"{self.folded_field}__contains": word})
        return qs


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )

    def local(self):
        """The city and its own districts and wards, without the national units the data system
        compares it with (only Ho Chi Minh City's districts and wards are loaded)."""
        return self.filter(
            models.Q(level__in=[AdministrativeUnit.Level.DISTRICT, AdministrativeUnit.Level.WARD])
            | models.Q(level=AdministrativeUnit.Level.PROVINCE, code=CITY_CODE, valid_until=None)
        )

    def in_name_order(self) -> list["AdministrativeUnit"]:
        """By level, then by name as people read it (`natural_key`): "Quận 3" before "Quận 10",
        which `ordering` cannot do in SQL on both databases."""
        return sorted(self, key=lambda unit: (unit.level, natural_key(unit.name)))

    def matching(self, text: str):
        """Units whose name matches `text` with or without diacritics ("thu duc" → Thủ Đức)."""
        return self.filter(name_folded__contains=fold(text).strip())

    def grouped_choices(self, value: str = "pk") -> list[tuple[str, list[tuple]]]:
        """The units as a select's groups: today's before those of an earlier period ("Phường,
        xã, thị trấn (đến 30/6/2025)"), each by level, so hundreds of wards read in the order
        people look for one. Names sorted as the model orders them; `value`, the field each
        option sends."""
        levels = list(AdministrativeUnit.Level.values)
        groups: dict = {}
        for unit in self.select_related("parent"):
            until = unit.valid_until
            key = (until is not None, until, levels.index(unit.level))
            label = unit.get_level_display()
            if until:
                label += f" (đến {until.day}/{until.month}/{until.year})"
            groups.setdefault(key, (label, []))[1].append((getattr(unit, value), str(unit)))
        return [groups[key] for key in sorted(groups)]


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        COUNTRY = "country", "Cả nước"
        REGION = "region", "Vùng kinh tế - xã hội"
        PROVINCE = "province", "Tỉnh, thành phố"
        DISTRICT = "district", "Quận, huyện, thành phố thuộc thành phố"
        WARD = "ward", "Phường, xã, thị trấn"

    code = models.CharField(
        "mã", max_length=10, help_text="Mã đơn vị hành chính của Tổng cục Thống kê"
    )
    name = models.CharField("tên", max_length=120)
    division_type = models.CharField("loại", max_length=40)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="Đơn vị mới tiếp nhận (toàn bộ hoặc một phần) địa bàn của đơn vị này",
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    # Processes that keep a gazetteer of the units (the monitor's) rebuild it when this moves:
    # a rename changes neither the count nor the keys.
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        # By the folded name: "Phường Đa Kao" among the D's, not after Z as code points sort.
        ordering = ["level", "name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_until"], name="unit_code_per_period"),
        ]

    def __str__(self) -> str:
        label = self.name
        if (
            self.level == self.Level.WARD
            and self.parent
            and self.parent.level == self.Level.DISTRICT
        ):
            label = f"{label}, {self.parent.name}"
        if self.valid_until:
            label = f"{label} (đến {self.valid_until:%m/%Y})"
        return label

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("place", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    def related_unit_ids(self) -> set[int]:
        """This unit, the units inside it, and the units whose area it took over or passed on.

        A new ward finds content tagged with the old wards merged into it and their districts;
        an old district finds its wards' content and the content of the wards that replaced them.
        """
        ids = {self.pk}
        ids |= set(AdministrativeUnit.objects.filter(parent=self).values_list("pk", flat=True))
        if self.level == self.Level.PROVINCE:
            # The whole city: old wards sit one level further down, under their districts.
            ids |= set(
                AdministrativeUnit.objects.filter(parent__parent=self).values_list("pk", flat=True)
            )
            return ids
        through = AdministrativeUnit.successors.through
        predecessors = set(
            through.objects.filter(to_administrativeunit_id__in=ids).values_list(
                "from_administrativeunit_id", flat=True
            )
        )
        successors = set(
            through.objects.filter(from_administrativeunit_id__in=ids).values_list(
                "to_administrativeunit_id", flat=True
            )
        )
        ids |= predecessors | successors
        ids |= set(
            AdministrativeUnit.objects.filter(
                pk__in=predecessors, parent__level=self.Level.DISTRICT
            ).values_list("parent_id", flat=True)
        )
        return ids
