"""The places picker: a select of hundreds of units that a script turns into a search box. The
page carries what the script needs (each place's search words, the chosen places, the messages)
and the select itself still sends the choice."""

import re

from django import forms
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from cityportal.core.models import AdministrativeUnit
from cityportal.core.widgets import PlacesWidget, search_words
from cityportal.news.models import ArticlePage


def test_a_place_is_found_by_its_name_without_diacritics_and_by_its_abbreviation():
    assert (
        search_words("Phường 5, Quận 3 (đến 06/2025)")
        == "phuong 5 quan 3 den 06 2025 p 5 p5 q 3 q3"
    )
    assert search_words("Thành phố Thủ Đức") == "thanh pho thu duc tp thu duc"
    assert search_words("Huyện Củ Chi") == "huyen cu chi h cu chi"


class WatchForm(forms.Form):
    places = forms.ModelMultipleChoiceField(AdministrativeUnit.objects.local(), widget=PlacesWidget)


def test_the_widget_renders_every_place_the_chosen_ones_selected(db):
    thu_duc = AdministrativeUnit.objects.get(name="Thành phố Thủ Đức")
    ward = AdministrativeUnit.objects.filter(level="ward", name="Phường 5").first()
    html = str(WatchForm(initial={"places": [thu_duc.pk, ward.pk]})["places"])
    assert "data-places-picker" in html
    assert 'data-msg-remove="Bỏ"' in html
    assert html.count("<option") == AdministrativeUnit.objects.local().count()
    assert re.search(
        rf'<option value="{thu_duc.pk}" selected data-search="[^"]* tp thu duc" data-past>',
        html,
    )
    assert re.search(
        rf'<option value="{ward.pk}" selected data-search="[^"]* p 5 p5 [^"]*" data-past>', html
    )
    assert html.count(" selected ") == 2
    assert str(WatchForm().media).count("core/places-widget.") == 2


def test_an_editor_picks_places_in_the_article_form_and_they_are_saved(client, section, staff):
    client.force_login(staff["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    page = client.get(add_url).content.decode()
    assert "data-places-picker" in page
    assert "core/places-widget.js" in page and "core/places-widget.css" in page
    picks = list(AdministrativeUnit.objects.matching("thủ đức").values_list("pk", flat=True)[:2])
    data = querydict_from_html(page, form_id="page-edit-form")
    data.setlist("places", [str(pk) for pk in picks])
    data.update(
        {
            "title": "Thủ Đức mở thêm tuyến xe buýt",
            "slug": "thu-duc-mo-them-tuyen-xe-buyt",
            "sapo": "Tuyến mới nối ga metro với khu dân cư.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": rich_text("<p>Nội dung.</p>"),
            "body-0-deleted": "",
            "body-0-order": "0",
        }
    )
    response = client.post(add_url, dict(data.lists()))  # every place, not the last
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="thu-duc-mo-them-tuyen-xe-buyt")
    assert sorted(article.places.values_list("pk", flat=True)) == sorted(picks)
