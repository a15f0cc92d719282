"""Publishers and answering bodies."""

from django.db import models

from .places import AdministrativeUnit


class Organisation(models.Model):
    """A publisher or answering body: a city department, the statistics office, a ward's
    People's Committee, Thủ Đức City."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Sở, ban, ngành"
        STATISTICS = "statistics", "Cơ quan thống kê"
        LOCAL = "local", "UBND quận, huyện, phường, xã"
        PARTY = "party", "Cơ quan Đảng, đoàn thể"
        PORTAL = "portal", "Cổng thông tin"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    description = models.TextField("giới thiệu", blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    email = models.EmailField("email liên hệ", blank=True)
    website = models.URLField("trang web", blank=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
