import pytest

from chinhquyenso.core.choices import Role


@pytest.mark.django_db
def test_not_found_page_is_in_vietnamese(client, registry):
    client.force_login(registry.user("vanthu", Role.CLERK))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_is_in_vietnamese(client, registry):
    client.force_login(registry.user("chuyenvien", Role.SPECIALIST))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
