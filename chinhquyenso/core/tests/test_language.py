import pytest


@pytest.mark.django_db
def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/identity/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"


@pytest.mark.django_db
def test_english_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/identity/login/")
    assert response.headers["Content-Language"] == "en"
