"""Scale-out: two app servers, A and B, and one RQ worker share one database and one Redis,
and nothing a request leaves behind lives in a process or on its disk."""
import re
from urllib.parse import urljoin

from tests.scaleout.conftest import ORGANISER, SIGN_IN_LIMIT, sign_in, wait_for_run

CERTIFICATE_PDF = r'href="(/certificates/\d+/pdf)"'


def test_a_session_started_on_one_server_is_valid_on_the_other(
        cluster, fresh_limits, browser):
    assert "/sign-in" in browser.get(cluster.b + "/").url  # not signed in anywhere yet

    signed_in = sign_in(browser, cluster.a, ORGANISER)

    assert signed_in.url == cluster.a + "/"
    home_on_b = browser.get(cluster.b + "/")
    assert home_on_b.url == cluster.b + "/"
    assert "Rina Kartika" in home_on_b.text


def test_failed_sign_ins_on_both_servers_count_against_one_limit(
        cluster, fresh_limits, browser):
    for attempt in range(SIGN_IN_LIMIT):
        server = (cluster.a, cluster.b)[attempt % 2]
        assert sign_in(browser, server, ORGANISER, "wrong password").status_code == 200

    assert sign_in(browser, cluster.a, ORGANISER, "wrong password").status_code == 429
    assert sign_in(browser, cluster.b, ORGANISER).status_code == 429


def test_behind_a_proxy_each_client_has_a_sign_in_limit_of_its_own(
        cluster, fresh_limits, behind_proxy):
    guessing, other = behind_proxy("203.0.113.7"), behind_proxy("198.51.100.23")
    for attempt in range(SIGN_IN_LIMIT):
        server = (cluster.a, cluster.b)[attempt % 2]
        assert sign_in(guessing, server, ORGANISER, "wrong password").status_code == 200
    assert sign_in(guessing, cluster.b, ORGANISER, "wrong password").status_code == 429

    signed_in = sign_in(other, cluster.b, ORGANISER)

    assert (signed_in.status_code, signed_in.url) == (200, cluster.b + "/")


def test_a_bulk_issue_started_on_one_server_is_run_by_the_worker_and_seen_on_the_other(
        cluster, bulk_run):
    organiser, progress = bulk_run

    page = wait_for_run(organiser, urljoin(cluster.b, progress))

    assert "Done — 2 of 2 done" in page.text
    cluster.wait_for_log("worker", "Successfully completed app.certificates.bulk.run_bulk_issue")
    assert "run_bulk_issue" not in cluster.logs["server-a"].read_text()


def test_a_certificate_issued_through_one_server_downloads_from_the_other(cluster, bulk_run):
    organiser, progress = bulk_run
    wait_for_run(organiser, urljoin(cluster.b, progress))
    tab = organiser.get(f"{cluster.b}/manage/cohorts/{cluster.cohort_id}/certificates")
    links = re.findall(CERTIFICATE_PDF, tab.text)
    assert len(links) == 2

    download = organiser.get(cluster.b + links[0])

    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert organiser.get(cluster.a + links[0]).content == download.content
