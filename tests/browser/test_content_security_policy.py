"""The pages work under their strict Content Security Policy in Chromium: nothing they need is
refused, and the charts keep their styles through the page's nonce."""
from sqlalchemy import select

from app.extensions import db
from app.rounds.models import Cohort
from tests.conftest import PASSWORD


def test_the_organisers_pages_break_no_rule_of_the_policy(page, live_server, live_app):
    with live_app.app_context():
        cohort_id = db.session.scalar(select(Cohort.id).filter_by(name="Angkatan II"))
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and refused.append(message.text))
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email").fill("organiser@madangan.example")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    for path in ("/", f"/manage/cohorts/{cohort_id}", f"/manage/cohorts/{cohort_id}/dashboard",
                 "/benchmark/regions/32.11", "/benchmark/provinces/32", "/manage/scores/",
                 "/verify", "/account/password"):
        response = page.goto(live_server + path)
        assert response.status < 400, path
    assert refused == []
    # A chart drawn under the policy: its stylesheet ran, so the lines have their colour.
    page.goto(live_server + "/benchmark/regions/32.11")
    line = page.locator("svg .series path.line").first
    assert line.evaluate("node => getComputedStyle(node).stroke") == "rgb(11, 93, 75)"
