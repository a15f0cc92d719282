"""Load Ho Chi Minh City's administrative units: today's wards and communes from the
`vietnam-provinces` package, and the pre-July-2025 districts and wards with their successors."""

import datetime
import json
from functools import cache
from pathlib import Path

from django.db import transaction
from vietnam_provinces import Province, Ward

from .models import REFORM_DATE, AdministrativeUnit
from .text import fold, slugify_vi

HCMC_CODE = 79
PRE_2025_FIXTURE = Path(__file__).parent / "data" / "hcmc_pre2025.json"
PROVINCES_FIXTURE = Path(__file__).parent / "data" / "provinces_pre2025.json"
COUNTRY_CODE = "VN"
# The statistics office's six socio-economic regions (codes are ours; the office numbers them).
REGIONS = {
    "VN-R1": "Đồng bằng sông Hồng",
    "VN-R2": "Trung du và miền núi phía Bắc",
    "VN-R3": "Bắc Trung Bộ và duyên hải miền Trung",
    "VN-R4": "Tây Nguyên",
    "VN-R5": "Đông Nam Bộ",
    "VN-R6": "Đồng bằng sông Cửu Long",
}
LAST_DAY_BEFORE_REFORM = REFORM_DATE - datetime.timedelta(days=1)
# Each kind of unit, folded, and how people shorten it: "Q.1", "P. Bến Thành", "TP Thủ Đức".
UNIT_ABBREVIATIONS = {
    "quan": ["q"],
    "huyen": ["h"],
    "phuong": ["p"],
    "xa": [],
    "thi tran": ["tt"],
    "thanh pho": ["tp"],
}
# Thành phố Thủ Đức was formed from Quận 2, Quận 9 and Quận Thủ Đức on 1 January 2021.
DISTRICT_VALID_FROM = {"769": datetime.date(2021, 1, 1)}


def _division_type(name: str) -> str:
    for prefix in ("Thành phố", "Thị trấn", "Đặc khu", "Phường", "Quận", "Huyện", "Xã", "Tỉnh"):
        if name.startswith(prefix):
            return prefix
    return ""


class _Upserter:
    """Create or update units keyed by (code, valid_until); running it again changes nothing."""

    def __init__(self):
        self.existing = {(u.code, u.valid_until): u for u in AdministrativeUnit.objects.all()}
        self.used_slugs = {u.slug for u in self.existing.values()}
        self.counts = {"created": 0, "updated": 0}

    def __call__(
        self, code, name, level, parent=None, valid_from=None, valid_until=None, slug_hint=None
    ):
        name = " ".join(name.split())  # the source writes "Phường  An Nhơn" now and then
        unit = self.existing.get((code, valid_until))
        fields = {
            "name": name,
            "division_type": _division_type(name),
            "level": level,
            "parent": parent,
            "valid_from": valid_from,
        }
        if unit is None:
            slug = slugify_vi(slug_hint or name, 110)
            if slug in self.used_slugs:
                slug = f"{slug}-{code}".lower()
            self.used_slugs.add(slug)
            unit = AdministrativeUnit(code=code, valid_until=valid_until, slug=slug, **fields)
            unit.save()
            self.existing[(code, valid_until)] = unit
            self.counts["created"] += 1
        elif any(getattr(unit, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(unit, key, value)
            unit.save()
            self.counts["updated"] += 1
        return unit


def _link_successors(links) -> int:
    through = AdministrativeUnit.successors.through
    have = set(
        through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id")
    )
    missing = [
        through(from_administrativeunit_id=a.pk, to_administrativeunit_id=b.pk)
        for a, b in links
        if (a.pk, b.pk) not in have
    ]
    through.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def load_hcmc_units() -> dict[str, int]:
    """Create or update the city's units; running it again changes nothing."""
    upsert = _Upserter()
    counts = upsert.counts

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

    counts["links"] = _link_successors(successor_links)
    return counts


@transaction.atomic
def load_national_units() -> dict[str, int]:
    """The country, its six socio-economic regions, the 63 provinces before the 2025 reform and
    the 34 after it: the units the statistics compare Ho Chi Minh City with. Needs the city
    (`load_hcmc_units`) first; running it again changes nothing."""
    upsert = _Upserter()
    country = upsert(COUNTRY_CODE, "Việt Nam", AdministrativeUnit.Level.COUNTRY)
    for code, name in REGIONS.items():
        upsert(code, name, AdministrativeUnit.Level.REGION, country)
    current = {}
    for province in Province.iter_all():
        code = f"{int(province.code):02d}"
        if (code, None) in upsert.existing and code == str(HCMC_CODE):
            current[code] = upsert.existing[(code, None)]  # the city, loaded with its wards
            continue
        current[code] = upsert(
            code, province.name, AdministrativeUnit.Level.PROVINCE, country, REFORM_DATE
        )
    old = json.loads(PROVINCES_FIXTURE.read_text(encoding="utf-8"))
    links = []
    for province in old["provinces"]:
        unit = upsert(
            province["code"],
            province["name"],
            AdministrativeUnit.Level.PROVINCE,
            country,
            valid_until=LAST_DAY_BEFORE_REFORM,
            slug_hint=f"{province['name']} truoc 2025",
        )
        links += [(unit, current[code]) for code in province["successors"] if code in current]
    counts = upsert.counts
    counts["links"] = _link_successors(links)
    return counts


@cache  # the package's tables do not change while a process runs
def ward_names_elsewhere() -> frozenset[str]:
    """The names of the wards and communes of July 2025 outside the city, folded and without
    their kind ("phuoc long": one in Đồng Nai, one in Tây Ninh, one in An Giang): a ward the city
    shares a name with. From the package's tables, not the database, which holds only the city's."""
    return frozenset(
        fold(ward.name[len(_division_type(ward.name)) :]).strip()
        for ward in Ward.iter_all()
        if ward.province_code != HCMC_CODE
    )
