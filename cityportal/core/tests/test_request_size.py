"""A visitor's request body larger than any public form takes is refused before it is read:
Django writes uploaded files to disk whole before a form (or the CSRF check) sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cityportal.feedback.models import Enquiry

pytestmark = pytest.mark.django_db

LIMIT = 64 * 1024


def question(size: int) -> dict:
    return {
        "kind": "question",
        "topic": "hanh-chinh",
        "title": "Hồ sơ cấp phép xây dựng",
        "body": "Xin hỏi hồ sơ gồm những gì?",
        "name": "Trần Thị Bình",
        "email": "binh@example.invalid",
        "consent": "on",
        "attachments": SimpleUploadedFile("ban-ve.pdf", b"%PDF-1.4 " + b"x" * size),
    }


def test_a_visitors_oversized_body_is_refused_before_the_csrf_check_reads_it(settings):
    settings.PUBLIC_MAX_REQUEST_BYTES = LIMIT
    # No CSRF token: a 413 rather than the 403 shows nothing parsed the body to look for one.
    response = Client(enforce_csrf_checks=True).post("/gop-y/", question(2 * LIMIT))
    assert response.status_code == 413
    assert "nội dung quá lớn" in response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert not Enquiry.objects.exists()


def test_a_visitors_body_within_the_limit_reaches_the_form(client, settings):
    settings.PUBLIC_MAX_REQUEST_BYTES = LIMIT
    response = client.post("/gop-y/", question(LIMIT // 2), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert Enquiry.objects.get().attachments.count() == 1


def test_signed_in_staff_are_left_to_their_forms_limits(client, settings, staff):
    settings.PUBLIC_MAX_REQUEST_BYTES = LIMIT
    client.force_login(staff["editor"])
    response = client.post("/gop-y/", question(2 * LIMIT), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert Enquiry.objects.get().attachments.get().size > LIMIT
