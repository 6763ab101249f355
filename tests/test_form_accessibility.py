"""Form fields name their errors and descriptions to screen readers (aria-describedby), and a
field with an error says so (aria-invalid)."""
import re

import pytest

from app import accessible_forms


def field_tag(html, field_id):
    return re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', html).group(0)


def test_an_error_is_tied_to_its_field(client, sign_in_en, participant):
    sign_in_en(participant)
    html = client.post("/account/password", data={
        "current": "wrong", "password": "short", "confirm": "short"}).text
    tag = field_tag(html, "password")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="password-error-1"' in tag
    assert re.search(r'id="password-error-1">A password has at least 12', html)
    assert "aria-invalid" not in field_tag(html, "current")
    new = "a long new pass phrase"
    html = client.post("/account/password", data={
        "current": "wrong", "password": new, "confirm": new}).text
    assert 'aria-describedby="current-error-1"' in field_tag(html, "current")


def test_a_description_is_tied_to_its_field(client, sign_in_en, participant):
    sign_in_en(participant)
    html = client.get("/account/password").text
    tag = field_tag(html, "password")
    assert 'aria-describedby="password-description"' in tag and "aria-invalid" not in tag
    assert re.search(r'id="password-description">At least 12 characters', html)


def test_an_upgrade_that_moves_what_is_changed_stops_the_app_at_start(monkeypatch, tmp_path):
    changed = tmp_path / "form.html"
    changed.write_text("{% macro render_field(field) %}{{ field() }}{% endmacro %}")
    monkeypatch.setattr(accessible_forms, "SOURCE", changed)
    with pytest.raises(RuntimeError, match="update app/accessible_forms.py"):
        accessible_forms.accessible_form_template()
