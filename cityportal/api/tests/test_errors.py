"""Every refusal the API answers is in its schema, for its route, in the one documented shape."""

import pytest

from cityportal.api.schemas import Error

pytestmark = pytest.mark.django_db

REFUSALS = [  # (a request, the route in the schema, the status it answers)
    ("/api/v1/search?q=metro&limit=0", "/api/v1/search", 422),
    ("/api/v1/search?q=metro&from=2021-09-01&to=2021-07-01", "/api/v1/search", 422),
    ("/api/v1/search?q=metro&section=khong-co", "/api/v1/search", 422),
    ("/api/v1/search/suggest?q=quan&limit=50", "/api/v1/search/suggest", 422),
    ("/api/v1/datasets?limit=abc", "/api/v1/datasets", 422),
    ("/api/v1/datasets/khong-co", "/api/v1/datasets/{name}", 404),
    ("/api/v1/indicators/khong-co", "/api/v1/indicators/{code}", 404),
    ("/api/v1/indicators/khong-co/observations", "/api/v1/indicators/{code}/observations", 404),
    ("/api/v1/indicators?offset=-1", "/api/v1/indicators", 422),
    ("/api/v1/contributions", "/api/v1/contributions", 401),
    ("/api/v1/contributions/DG-2026-00001", "/api/v1/contributions/{tracking_number}", 401),
]


@pytest.mark.parametrize("url, route, status", REFUSALS)
def test_a_refusal_is_documented_and_has_the_error_shape(client, url, route, status):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    Error.model_validate(response.json())  # a sentence, or pydantic's list of problems
    documented = client.get("/api/v1/openapi.json").json()["paths"][route]["get"]["responses"]
    assert str(status) in documented
    error = documented[str(status)]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


def test_the_page_view_counter_is_documented_and_refuses_in_the_error_shape(client):
    """`POST /api/v1/hit` was outside the schema and refused in plain text."""
    agent = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Mobile"}
    response = client.post("/api/v1/hit", {"page": "abc"}, **agent)
    assert response.status_code == 400
    assert Error.model_validate(response.json()).detail == "page: số định danh của trang"
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/api/v1/hit", {"page": "999999"}, **agent).json() == {
        "detail": "Không có trang này"
    }
    route = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/hit"]["post"]
    assert set(route["responses"]) == {"204", "400"}
    error = route["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    form = route["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert "page" in form["properties"]
