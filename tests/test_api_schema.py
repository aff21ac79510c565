"""The OpenAPI document is valid OpenAPI 3 and the docs page is served without a CDN."""

import pytest
from openapi_spec_validator import validate


@pytest.mark.django_db
def test_openapi_document_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/v1/me" in spec["paths"]
    assert any(
        "Bearer" in str(s) or s.get("scheme") == "bearer"
        for s in spec["components"]["securitySchemes"].values()
    )


@pytest.mark.django_db
def test_docs_page_uses_vendored_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "jsdelivr" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


@pytest.mark.django_db
def test_api_refuses_anonymous_callers(client):
    assert client.get("/api/v1/me").status_code == 401
