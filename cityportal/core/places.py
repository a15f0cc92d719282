"""Load Ho Chi Minh City's administrative units: today's wards and communes from the
`vietnam-provinces` package, and the pre-July-2025 districts and wards with their successors."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from vietnam_provinces import Province, Ward

from .models import REFORM_DATE, AdministrativeUnit
from .text import slugify_vi

HCMC_CODE = 79
PRE_2025_FIXTURE = Path(__file__).parent / "data" / "hcmc_pre2025.json"
LAST_DAY_BEFORE_REFORM = REFORM_DATE - datetime.timedelta(days=1)
# Thành phố Thủ Đức was formed from Quận 2, Quận 9 and Quận Thủ Đức on 1 January 2021.
DISTRICT_VALID_FROM = {"769": datetime.date(2021, 1, 1)}


def _division_type(name: str) -> str:
    for prefix in ("Thành phố", "Thị trấn", "Đặc khu", "Phường", "Quận", "Huyện", "Xã", "Tỉnh"):
        if name.startswith(prefix):
            return prefix
    return ""


@transaction.atomic
def load_hcmc_units() -> dict[str, int]:
    """Create or update the city's units; running it again changes nothing."""
    existing = {(u.code, u.valid_until): u for u in AdministrativeUnit.objects.all()}
    used_slugs = {u.slug for u in existing.values()}
    counts = {"created": 0, "updated": 0}

    def upsert(code, name, level, parent=None, valid_from=None, valid_until=None, slug_hint=None):
        unit = existing.get((code, valid_until))
        fields = {
            "name": name,
            "division_type": _division_type(name),
            "level": level,
            "parent": parent,
            "valid_from": valid_from,
        }
        if unit is None:
            slug = slugify_vi(slug_hint or name, 110)
            if slug in used_slugs:
                slug = f"{slug}-{code}"
            used_slugs.add(slug)
            unit = AdministrativeUnit(code=code, valid_until=valid_until, slug=slug, **fields)
            unit.save()
            existing[(code, valid_until)] = unit
            counts["created"] += 1
        elif any(getattr(unit, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(unit, key, value)
            unit.save()
            counts["updated"] += 1
        return unit

    province = Province.from_code(HCMC_CODE)
    city = upsert(str(HCMC_CODE), province.name, AdministrativeUnit.Level.PROVINCE)
    new_wards = {}
    for ward in Ward.iter_all():
        if ward.province_code != HCMC_CODE:
            continue
        code = f"{int(ward.code):05d}"
        new_wards[code] = upsert(
            code, ward.name, AdministrativeUnit.Level.WARD, city, valid_from=REFORM_DATE
        )

    old = json.loads(PRE_2025_FIXTURE.read_text(encoding="utf-8"))
    successor_links = []
    for district in old["districts"]:
        d = upsert(
            district["code"],
            district["name"],
            AdministrativeUnit.Level.DISTRICT,
            city,
            valid_from=DISTRICT_VALID_FROM.get(district["code"]),
            valid_until=LAST_DAY_BEFORE_REFORM,
        )
        for ward in district["wards"]:
            w = upsert(
                ward["code"],
                ward["name"],
                AdministrativeUnit.Level.WARD,
                d,
                valid_until=LAST_DAY_BEFORE_REFORM,
                slug_hint=f"{ward['name']} {district['name']}",
            )
            for successor in ward["successors"]:
                if successor["code"] in new_wards:
                    successor_links.append((w, new_wards[successor["code"]]))

    through = AdministrativeUnit.successors.through
    have = set(
        through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id")
    )
    missing = [
        through(from_administrativeunit_id=a.pk, to_administrativeunit_id=b.pk)
        for a, b in successor_links
        if (a.pk, b.pk) not in have
    ]
    through.objects.bulk_create(missing)
    counts["links"] = len(missing)
    return counts
