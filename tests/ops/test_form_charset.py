"""A form posted in a charset other than UTF-8 is the 400 page, not a 500 with a traceback."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "koi8-r"])
def test_a_form_in_another_charset_is_a_400_page(charset, caplog):
    response = Client().post(
        "/sign-in/",
        b"email=a%40b.c",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", None])
def test_a_utf8_form_goes_on_to_its_view(charset):
    content_type = "application/x-www-form-urlencoded"
    if charset:
        content_type += f"; charset={charset}"
    response = Client().post("/sign-in/", b"email=a%40b.c", content_type=content_type)
    assert response.status_code != 400


def test_a_body_that_is_no_form_is_left_to_its_view():
    response = Client().post("/sign-in/", b"{}", content_type="application/json; charset=latin-1")
    assert response.status_code != 400
