import datetime

from cityportal.core.models import AdministrativeUnit
from cityportal.core.places import load_hcmc_units
from cityportal.core.text import fold


def test_city_has_168_current_wards_and_22_former_districts(db):
    units = AdministrativeUnit.objects.all()
    today = datetime.date(2026, 1, 1)
    assert units.current(today).filter(level="ward").count() == 168
    districts = units.filter(level="district")
    assert districts.count() == 22
    assert {"Quận 1", "Thành phố Thủ Đức", "Huyện Cần Giờ"} <= set(
        districts.values_list("name", flat=True)
    )
    assert units.current(today).filter(level="district").count() == 0


def test_units_keep_their_validity_period(db):
    thu_duc = AdministrativeUnit.objects.get(slug="thanh-pho-thu-duc")
    assert thu_duc.valid_from == datetime.date(2021, 1, 1)
    assert thu_duc.valid_until == datetime.date(2025, 6, 30)
    in_2021 = AdministrativeUnit.objects.current(datetime.date(2021, 6, 28))
    assert in_2021.filter(pk=thu_duc.pk).exists()
    assert not in_2021.filter(slug="phuong-sai-gon").exists()


def test_old_wards_map_to_the_new_ward_that_took_them_over(db):
    ben_nghe = AdministrativeUnit.objects.get(slug="phuong-ben-nghe-quan-1")
    assert "Phường Sài Gòn" in set(ben_nghe.successors.values_list("name", flat=True))
    sai_gon = AdministrativeUnit.objects.get(slug="phuong-sai-gon")
    related = sai_gon.related_unit_ids()
    assert ben_nghe.pk in related
    assert AdministrativeUnit.objects.get(slug="quan-1").pk in related


def test_names_match_without_diacritics(db):
    names = set(AdministrativeUnit.objects.matching("thu duc").values_list("name", flat=True))
    assert {"Thành phố Thủ Đức", "Phường Thủ Đức"} <= names


def test_loading_again_changes_nothing(db):
    before = AdministrativeUnit.objects.count()
    links = AdministrativeUnit.successors.through.objects.count()
    counts = load_hcmc_units()
    assert counts == {"created": 0, "updated": 0, "links": 0}
    assert AdministrativeUnit.objects.count() == before
    assert AdministrativeUnit.successors.through.objects.count() == links


def test_editors_find_places_in_the_admin_without_diacritics(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("sa", "sa@example.invalid", "pw")
    client.force_login(admin)
    response = client.get("/admin/administrative_units/", {"q": "thu duc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thành phố Thủ Đức" in html and "Phường Thủ Đức" in html
    assert "Phường Sài Gòn" not in html


def test_names_are_tidy_and_listed_in_reading_order(db):
    """The source writes "Phường  An Nhơn" with two spaces; lists sort Đ among the D's."""
    names = list(AdministrativeUnit.objects.filter(level="ward").values_list("name", flat=True))
    assert names and not [name for name in names if "  " in name or name != name.strip()]
    assert "Phường An Nhơn" in names
    folded = [fold(name) for name in names]
    assert folded == sorted(folded)


def test_place_index_lists_numbered_districts_in_number_order(client, db):
    """QA: /dia-ban/ put "Quận 10, 11, 12" before "Quận 3", as a database compares text."""
    html = client.get("/dia-ban/").content.decode()
    positions = [html.index(f">Quận {n}<") for n in (1, 3, 4, 5, 6, 7, 8, 10, 11, 12)]
    assert positions == sorted(positions)
    assert html.index(">Quận 12<") < html.index(">Quận Bình Tân<")
    # Current units: "Đặc khu Côn Đảo" among the D's (before "Phường …"), not after "Xã …".
    assert html.index(">Đặc khu Côn Đảo<") < html.index(">Phường An Đông<")
