"""A page made private (Wagtail's Privacy dialog, on it or on a section above it) leaves search at
once, with everything under it, and comes back when it is public again."""

from django.urls import reverse
from wagtail.models import PageViewRestriction

from cityportal.search.engine import search


def found(client, text):
    data = client.get("/api/v1/search", {"q": text}).json()
    return [r["title"] for r in data["results"]]


def test_privacy_dialog_on_a_section_hides_its_articles(
    client, admin_client, make_article, section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Dự toán ngân sách nội bộ", sapo="Số liệu chưa công bố.")
    assert found(client, "du toan ngan sach") == ["Dự toán ngân sách nội bộ"]

    privacy = reverse("wagtailadmin_pages:set_privacy", args=[section.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(privacy, {"restriction_type": "login"})
    assert response.status_code == 200 and PageViewRestriction.objects.filter(page=section)
    assert found(client, "du toan ngan sach") == []
    assert found(client, "chua cong bo") == []  # no snippet of the body or lead either
    page = client.get("/tim-kiem/", {"q": "du toan ngan sach"}).content.decode()
    assert "Dự toán ngân sách nội bộ" not in page and "Số liệu chưa công bố" not in page

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(privacy, {"restriction_type": "none"})
    assert not PageViewRestriction.objects.filter(page=section)
    assert found(client, "du toan ngan sach") == ["Dự toán ngân sách nội bộ"]


def test_a_password_on_one_article_hides_only_it(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        secret = make_article(title="Biên bản họp kín")
        make_article(title="Biên bản họp công khai")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
    assert [h.document.title for h in search("bien ban hop").hits] == ["Biên bản họp công khai"]

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert search("bien ban hop").total == 2
