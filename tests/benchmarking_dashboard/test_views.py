"""The benchmark pages: who may open them, what they show, and their query budget."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from app.benchmarking.models import RegionScore
from app.enrolment.services import enroll
from app.regions.models import Region

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def svgs(html):
    return re.findall(r"<svg.*?</svg>", html, flags=re.S)


@pytest.mark.parametrize("who, status", [("organiser", 200), ("admin", 200), ("coach", 200),
                                         ("mentor", 200), ("participant", 403)])
@pytest.mark.parametrize("url", ["/benchmark/regions/32.11", "/benchmark/provinces/32"])
def test_access(request, client, sign_in, west_java, who, status, url):
    sign_in(request.getfixturevalue(who))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", ["/benchmark/regions/32.11", "/benchmark/provinces/32"])
def test_it_asks_strangers_to_sign_in(client, url):
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("url", ["/benchmark/regions/99.99", "/benchmark/provinces/99",
                                 "/benchmark/provinces/32.11", "/benchmark/regions/32",
                                 "/benchmark/regions/32.11?framework=unknown"])
def test_unknown_codes_are_404(client, sign_in_en, organiser, framework, url):
    sign_in_en(organiser)
    assert client.get(url).status_code == 404


def test_region_page_shows_ranks_gap_and_charts(client, sign_in_en, organiser, west_java):
    sign_in_en(organiser)
    html = client.get("/benchmark/regions/32.11").text
    assert "3.20" in html and "Baik" in html
    assert re.search(r'id="province-rank">3 of 6', html)
    assert re.search(r'id="kind-rank">2 of 4', html)
    assert re.search(r'id="national-rank">5 of 8', html)
    assert "0.30 below the target" in html
    lagging = re.search(r'id="lagging-list">(.*?)</ol>', html, flags=re.S).group(1)
    assert lagging.index("Aspect A2") < lagging.index("Domain D1")
    assert len(svgs(html)) == 4  # trend, domains, radar, aspects


def test_region_page_takes_a_target(client, sign_in_en, organiser, west_java):
    sign_in_en(organiser)
    assert "0.80 below the target" in client.get("/benchmark/regions/32.11?target=4").text


def test_region_page_says_when_a_self_assessment_is_shown(client, sign_in_en, organiser,
                                                          west_java):
    sign_in_en(organiser)
    assert "self-assessment" in client.get("/benchmark/regions/32.72").text


def test_charts_carry_no_script_and_no_external_url(client, sign_in_en, organiser, west_java,
                                                    program):
    sign_in_en(organiser)
    pages = [client.get("/benchmark/regions/32.11").text,
             client.get(f"/benchmark/provinces/32?program={program.id}").text]
    charts = [svg for page in pages for svg in svgs(page)]
    assert len(charts) == 5
    for svg in charts:
        assert "<script" not in svg.lower()
        assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= NAMESPACES
        assert not re.search(r"(?:href|src)=\"(?!#)", svg)
        assert 'role="img"' in svg and "aria-label=" in svg


def test_province_chart_lists_every_scored_region(client, sign_in_en, organiser, west_java):
    sign_in_en(organiser)
    html = client.get("/benchmark/provinces/32").text
    table = re.search(r'id="standings".*?</table>', html, flags=re.S).group(0)
    assert re.findall(r'data-region="([\d.]+)"', table) == [
        "32.73", "32.71", "32.04", "32.11", "32.72", "32.01"]
    (chart,) = svgs(html)
    for name in ("Kota Bandung", "Kota Bogor", "Kabupaten Sumedang", "Kabupaten Bogor"):
        assert name in chart
    assert "Kota Semarang" not in html


def test_province_page_marks_the_regions_a_program_reached(client, sign_in_en, organiser,
                                                           west_java, cohort, make_user):
    for code in ("32.11", "32.11", "32.73"):
        enroll(cohort, make_user(region_code=code), actor=None)
    sign_in_en(organiser)
    html = client.get(f"/benchmark/provinces/32?program={cohort.program_id}").text
    assert re.findall(r'data-region="([\d.]+)" data-reached', html) == ["32.73", "32.11"]
    assert "2 of 6 regions with scores have people trained by Digital Leadership" in html
    assert "Reached by the program" in svgs(html)[0]


def test_program_of_another_organisation_is_404(client, sign_in_en, other_organiser, program,
                                                west_java):
    sign_in_en(other_organiser)
    assert client.get(f"/benchmark/provinces/32?program={program.id}").status_code == 404


@pytest.mark.parametrize("url", ["/benchmark/regions/32.02", "/benchmark/provinces/32",
                                 "/benchmark/provinces/32?year=2019"])
def test_empty_state(client, sign_in_en, organiser, framework, make_score, url):
    make_score("33.74", index="4.50", year=2019 if "regions" in url else 2024)
    sign_in_en(organiser)
    html = client.get(url).text
    assert 'id="empty-state"' in html and not svgs(html)


def test_empty_state_without_any_framework(client, sign_in_en, organiser):
    sign_in_en(organiser)
    assert 'id="empty-state"' in client.get("/benchmark/provinces/32").text


def test_programs_home_links_to_the_province(client, sign_in_en, organiser, organisation,
                                             program, db):
    organisation.region_code = "32.11"
    db.session.flush()
    sign_in_en(organiser)
    assert 'href="/benchmark/provinces/32"' in client.get("/manage/").text


def score_everyone_else(db, framework, province_code=None):
    """Official scores, in bulk, for every regency and city (of one province when given)
    that has none yet."""
    query = select(Region.code).where(Region.kind != "provinsi")
    if province_code:
        query = query.where(Region.province_code == province_code)
    scored = set(db.session.scalars(select(RegionScore.region_code)))
    codes = [code for code in db.session.scalars(query) if code not in scored]
    db.session.execute(insert(RegionScore), [
        {"region_code": code, "framework_id": framework.framework.id, "year": 2024,
         "stage": "official", "index": 1 + (n % 400) / 100, "predicate": "Cukup", "source": ""}
        for n, code in enumerate(codes)])
    return len(codes)


def page_queries(client, count_queries, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/benchmark/regions/32.11",
                                 "/benchmark/provinces/32?program={program}"])
def test_query_count_is_the_same_for_27_and_514_regions(client, sign_in_en, organiser, db,
                                                        framework, make_score, program,
                                                        count_queries, url):
    make_score("32.11", levels=(5, 4, 2, 2, 4, 2))
    url = url.format(program=program.id)
    sign_in_en(organiser)
    assert score_everyone_else(db, framework, "32") == 26
    in_west_java = page_queries(client, count_queries, url)
    assert score_everyone_else(db, framework) == 514 - 27
    nationally = page_queries(client, count_queries, url)
    assert in_west_java == nationally <= 12
    print(f"{url}: {nationally} queries")


def test_a_region_page_opens_at_the_regions_own_latest_year(client, sign_in, organiser,
                                                            make_score):
    make_score("32.73", index="4.10", year=2024)
    make_score("32.10", index="2.75", year=2019)
    sign_in(organiser)
    page = client.get("/benchmark/regions/32.10").text
    assert "2.75" in page and "2019" in page


def test_a_programs_target_comes_before_the_default(client, sign_in_en, db, organiser, program,
                                                    west_java):
    program.spbe_target = Decimal("3.80")
    db.session.flush()
    sign_in_en(organiser)
    page = client.get(f"/benchmark/regions/32.11?program={program.id}").text
    assert "0.60 below the target" in page


def test_organiser_sets_the_programs_target(client, sign_in, db, organiser, program):
    sign_in(organiser)
    client.post(f"/manage/programs/{program.id}/edit", data={
        "organisation_id": program.organisation_id, "title": program.title,
        "slug": program.slug, "description": "", "spbe_target": "3.75"})
    db.session.refresh(program)
    assert program.spbe_target == Decimal("3.75")
    response = client.post(f"/manage/programs/{program.id}/edit", data={
        "organisation_id": program.organisation_id, "title": program.title,
        "slug": program.slug, "description": "", "spbe_target": "6"})
    assert response.status_code == 200 and "is-invalid" in response.text
