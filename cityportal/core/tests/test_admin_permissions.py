"""Every admin listing and chooser of the project's models refuses users without a permission on
the model: a ward's press officer and a reporter log in to the admin, and see none of it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from cityportal.contributions.models import Membership
from cityportal.core.models import Organisation
from cityportal.news.newsroom import CONTRIBUTOR

from .listings import project_viewsets


def _project_listings() -> list[str]:
    """The URL names of each listing and chooser of a CityPortal model."""
    names = []
    for viewset in project_viewsets():
        if isinstance(viewset, ChooserViewSet):
            names += [viewset.get_url_name("choose"), viewset.get_url_name("choose_results")]
        elif isinstance(viewset, SnippetViewSet):
            names.append(viewset.get_url_name("list"))
        elif isinstance(viewset, ModelViewSet):
            names.append(viewset.get_url_name("index"))
    return names


LISTINGS = _project_listings()


def test_the_leaky_choosers_are_among_those_checked():
    for model in ["feedback_comment", "events_registration", "events_accreditation"]:
        assert f"wagtailsnippetchoosers_{model}:choose" in LISTINGS


@pytest.fixture
def low_privilege(db, staff):
    ward = get_user_model().objects.create_user("cb-phuong", "phuong@example.invalid", "pw")
    ward.groups.add(Group.objects.get(name=CONTRIBUTOR))
    organisation = Organisation.objects.create(slug="p-ben-thanh", name="UBND phường Bến Thành")
    Membership.objects.create(user=ward, organisation=organisation)
    return {"ward contributor": ward, "reporter": staff["reporter"]}


@pytest.mark.parametrize("url_name", LISTINGS)
def test_admin_listings_and_choosers_refuse_users_without_permission(
    client, low_privilege, url_name
):
    for who, user in low_privilege.items():
        client.force_login(user)
        response = client.get(reverse(url_name))
        # Wagtail answers PermissionDenied with a redirect to its dashboard.
        assert response.status_code == 302, (who, url_name, response.status_code)
        assert response["Location"] == reverse("wagtailadmin_home"), (who, url_name)


def test_an_editor_still_chooses_comments(client, staff):
    client.force_login(staff["editor"])
    assert client.get(reverse("wagtailsnippetchoosers_feedback_comment:choose")).status_code == 200


def test_the_import_menu_item_shows_only_to_those_who_may_import(client, low_privilege):
    from cityportal.opendata.editors import DATA_EDITORS

    import_url = reverse("opendata_import")
    for who, user in low_privilege.items():
        client.force_login(user)
        assert import_url not in client.get(reverse("wagtailadmin_home")).content.decode(), who
    user.groups.add(Group.objects.get(name=DATA_EDITORS))
    client.force_login(user)
    assert import_url in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("listing", ["search_synonyms:index", "memberships:index"])
def test_a_settings_menu_item_shows_only_to_those_who_may_open_it(client, staff, listing):
    """The synonyms and the agencies' members were in the settings menu of everyone who logs in
    to the admin (a reporter, an analyst), and opening them bounced to the dashboard with "no
    permission"."""
    url = reverse(listing)
    client.force_login(staff["reporter"])
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(get_user_model().objects.create_superuser("chief", "c@x.vn", "pw"))
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
