"""The organisation running Madangan names itself and sets its colour; a colour that would make
the navigation unreadable, or that is not a colour, is refused at start-up."""
import re

import pytest

from app import config


@pytest.fixture
def branded(app):
    saved = {key: app.config[key] for key in ("SITE_ORGANISATION", "BRAND_COLOUR")}
    app.config.update(SITE_ORGANISATION="BPSDM Provinsi Jawa Barat", BRAND_COLOUR="#1f3a93")
    yield
    app.config.update(saved)


def test_the_organisation_and_its_colour_are_on_every_page(client, branded):
    response = client.get("/sign-in")
    assert response.text.count("BPSDM Provinsi Jawa Barat") == 2  # navigation and footer
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">:root {{ --madangan: #1f3a93; }}</style>' in response.text


def test_without_settings_the_page_says_only_madangan(client):
    html = client.get("/sign-in").text
    assert "--madangan: #0b5d4b" in html and "BPSDM" not in html


@pytest.mark.parametrize("colour, message", [
    ("red", "must be a colour like #0b5d4b"),
    ("#0b5d4b; } body { display: none", "must be a colour like #0b5d4b"),
    ("#ffd700", "too light"),
])
def test_a_colour_that_is_not_one_or_is_too_light_is_refused(colour, message):
    settings = {"PRODUCTION": False, "SECRET_KEY": "x", "TIMEZONE": "Asia/Jakarta",
                "BRAND_COLOUR": colour}
    with pytest.raises(RuntimeError, match=message):
        config.check(settings)


def test_the_default_colour_meets_wcag_aa_with_white_text():
    assert config.contrast_with_white("#0b5d4b") >= 4.5
