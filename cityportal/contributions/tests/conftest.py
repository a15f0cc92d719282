"""Two agencies, a press officer in each, and the newsroom's editor (who reviews)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cityportal.contributions.models import Membership, Submission
from cityportal.core.models import Organisation
from cityportal.news.newsroom import CONTRIBUTOR


@pytest.fixture
def agencies(db):
    return {
        "so-tttt": Organisation.objects.create(
            slug="so-tttt", name="Sở Thông tin và Truyền thông", kind="department"
        ),
        "thu-duc": Organisation.objects.create(
            slug="tp-thu-duc", name="UBND Thành phố Thủ Đức", kind="local"
        ),
    }


@pytest.fixture
def officers(agencies):
    """officers["so-tttt"] belongs to the department, officers["thu-duc"] to Thủ Đức."""
    User = get_user_model()
    group = Group.objects.get(name=CONTRIBUTOR)
    found = {}
    for key, organisation in agencies.items():
        user = User.objects.create_user(
            f"cb-{key}", email=f"{key}@example.invalid", password="pw", first_name=key
        )
        user.groups.add(group)
        Membership.objects.create(user=user, organisation=organisation)
        found[key] = user
    return found


@pytest.fixture
def make_submission(officers, agencies):
    def make(key="so-tttt", **fields):
        fields.setdefault("title", "Ra mắt cổng dịch vụ công mới")
        fields.setdefault("body", "<p>Nội dung bài.</p>")
        return Submission.objects.create(
            organisation=agencies[key],
            submitted_by=officers[key],
            idempotency_key=uuid.uuid4(),
            **fields,
        )

    return make
