"""Addresses under /api/v1/ that no route answers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/khong-co", "/api/v1/datasets/", "/api/v1/search/extra/", "/api/v1/x.json"]
)
def test_an_unknown_api_address_answers_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/v1/docs" in response.json()["detail"] and path in response.json()["detail"]


def test_the_routes_still_answer(client):
    assert client.get("/api/v1/search", {"q": "metro"}).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/datasets").status_code == 200
