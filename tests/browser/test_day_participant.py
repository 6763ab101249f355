"""A participant's day in a real browser, in Indonesian and in English, on a phone and a
desktop: the journey, a lesson marked done, the quiz passed, a check-in to the session under
way, the action plan written and submitted, the certificate downloaded and verified publicly —
with axe-core on every page; and the lesson and quiz done with the keyboard alone."""
import re
import secrets
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app import clock
from app.auth import services as accounts
from app.content.models import Activity, Course
from app.enrolment.services import enroll
from app.extensions import db
from app.organisations.models import Organisation
from app.rounds.models import Cohort, CohortSession, Program
from app.rounds.schedule import new_checkin_code
from app.rounds.services import set_program_courses
from tests.browser.conftest import Day, tab_to
from tests.conftest import PASSWORD

WORKSHOP_COURSE = "lokakarya-living-lab-spbe"
# The few sentences the day reads, as the catalogs have them.
SAYS = {
    "id": {"requirements_met": "Anda telah memenuhi semua ketentuan program ini.",
           "fill_this_in": "Isi bagian ini sebelum mengirim.",
           "give_due_date": "Isi tenggat tonggak ini.",
           "valid": "Sertifikat ini sah.",
           "not_found": "Tidak ditemukan sertifikat dengan nomor dan nama ini."},
    "en": {"requirements_met": "You have met every requirement of this program.",
           "fill_this_in": "Fill this in before you submit.",
           "give_due_date": "Give the milestone a due date.",
           "valid": "This certificate is valid.",
           "not_found": "No certificate with this number and name was found."},
}
PLAN = {"problem": "Layanan perizinan masih memakai formulir kertas di tiap kecamatan.",
        "goals": "- Perizinan daring di semua kecamatan\n- Waktu layanan turun separuh",
        "stakeholders": "DPMPTSP, Diskominfo, camat",
        "outcome": "Indikator layanan publik SPBE naik satu tingkat."}


def a_round_under_way(live_app):
    """A running round of the Living Lab workshop, with a session on now and a new participant
    of its own, so that each day starts afresh in the shared live database. Completing it takes
    every activity, 70% in the quiz and the one session attended."""
    token = secrets.token_hex(4)
    with live_app.app_context():
        organisation = db.session.scalar(select(Organisation).filter_by(slug="bpsdm-jabar"))
        course = db.session.scalar(select(Course).filter_by(slug=WORKSHOP_COURSE))
        program = Program(organisation_id=organisation.id, slug=f"participant-day-{token}",
                          title=f"Lokakarya Living Lab SPBE {token}", min_quiz_score=70,
                          min_attendance_percent=100)
        db.session.add(program)
        db.session.flush()
        set_program_courses(program, [course])
        today = clock.today()
        cohort = Cohort(program=program, name=f"Angkatan {token}", starts_on=today,
                        ends_on=today + timedelta(days=1), place="Gedung Negara, Sumedang",
                        status="running")
        db.session.add(cohort)
        db.session.flush()
        now = clock.now()
        session = CohortSession(cohort_id=cohort.id, title=f"Pembukaan lokakarya {token}",
                                starts_at=now - timedelta(minutes=5),
                                ends_at=now + timedelta(hours=2), jp=2,
                                place=cohort.place, checkin_code=new_checkin_code())
        db.session.add(session)
        participant = accounts.create_user(
            email=f"peserta-{token}@madangan.example", name=f"Sri Wahyuni {token}",
            password=PASSWORD, roles=("participant",), position="Kepala Bagian Organisasi",
            institution="Sekretariat Daerah Kabupaten Sumedang", region_code="32.11")
        enroll(cohort, participant, actor=None)
        quiz = db.session.scalar(select(Activity).filter_by(course_id=course.id, kind="quiz"))
        round_ = {"cohort": cohort.id, "email": participant.email, "name": participant.name,
                  "session": session.title, "code": session.checkin_code,
                  "questions": quiz.spec["questions"]}
        db.session.commit()
        return round_


def test_a_participant_learns_checks_in_plans_and_shows_the_certificate(
        day_context, live_server, live_app):
    """A new participant opens her journey, checks in with the code shown in the room, reads
    the lessons, passes the quiz, writes her action plan, and takes her certificate home."""
    page, screen, locale = day_context
    says = SAYS[locale]
    round_ = a_round_under_way(live_app)
    journey = f"/journey/{round_['cohort']}"
    day = Day(page, live_server, "participant", screen, locale)
    day.sign_in(round_["email"], PASSWORD)
    day.visit("/", "my-learning")
    day.visit(journey, "journey")

    page.locator("#checkin-code").fill(round_["code"].lower())
    page.locator("form:has(#checkin-code) [type=submit]").click()
    expect(page.locator(".alert-success[role=status]")).to_contain_text(round_["session"])
    expect(page.locator("#checkin-code")).to_have_count(0)
    day.check("checked-in")

    page.locator(f"a[href='{journey}/next']").first.click()
    day.check("lesson")
    while page.locator("form[action$='/done'] [type=submit]").count():
        title = page.locator("h1").inner_text()
        expect(page.locator(".lesson-body")).not_to_be_empty()
        page.locator("form[action$='/done'] [type=submit]").click()
        expect(page.locator(".alert-success[role=status]")).to_contain_text(title)

    day.check("quiz")
    page.locator("form[action$='/attempts'] [type=submit]").click()
    day.check("quiz-attempt")
    for question in round_["questions"]:
        for index in question["correct"]:
            page.locator(f"#q-{question['key']}-{index}").check()
    page.locator("#quiz-attempt > [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    expect(page.locator(".alert-success[role=status]")).to_contain_text("100")
    day.check("quiz-result")

    day.visit(journey, "journey-complete")
    expect(page.locator("[aria-labelledby=still-needed]")).to_contain_text(
        says["requirements_met"])

    write_and_submit_the_action_plan(day, f"{journey}/action-plan", says)
    take_the_certificate_home(day, round_, says)
    day.assert_accessible()


def write_and_submit_the_action_plan(day, path, says):
    """Submitting too early names what is missing at each field; then the plan goes in."""
    page = day.page
    day.visit(path, "action-plan")
    page.locator("#milestones-0-title").fill("Peraturan bupati tentang perizinan daring")
    page.locator("form [name=submit]").click()
    for field in PLAN:
        expect(page.locator(f"#{field}")).to_have_class(re.compile(r"\bis-invalid\b"))
        expect(page.locator(f"#{field} ~ .invalid-feedback")).to_have_text(says["fill_this_in"])
    due_on = page.locator("#milestones-0-due_on")
    expect(due_on).to_have_class(re.compile(r"\bis-invalid\b"))
    error_id = due_on.get_attribute("aria-describedby")
    expect(page.locator(f"#{error_id}")).to_have_text(says["give_due_date"])
    day.check("action-plan-errors")

    for field, text in PLAN.items():
        page.locator(f"#{field}").fill(text)
    due_on.fill("2027-03-31")
    page.locator("form [name=submit]").click()
    expect(page.locator(".alert-success[role=status]")).to_be_visible()
    expect(page.locator("form [name=submit]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Peraturan bupati tentang perizinan daring")
    day.check("action-plan-submitted")


def take_the_certificate_home(day, round_, says):
    """Download the PDF, open the page to share, and find the certificate by number."""
    page = day.page
    day.visit("/certificates", "my-certificates")
    row = page.locator("article.certificate")
    number = row.locator(".certificate-number").inner_text().strip()
    with page.expect_download() as download_info:
        row.locator("a[href$='/pdf']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    row.locator("a[href*='/verify/']").click()
    expect(page.locator(".alert-success[role=status]")).to_have_text(says["valid"])
    expect(page.locator("dl")).to_contain_text(round_["name"])
    verification_url = page.url
    day.check("verify")

    day.visit("/verify", "verify-lookup")
    page.locator("#number").fill(number)
    page.locator("#name").fill("Someone Else")
    page.locator("form:has(#number) [type=submit]").click()
    expect(page.locator("main .alert-warning[role=alert]")).to_have_text(says["not_found"])
    day.check("verify-not-found")
    page.locator("#name").fill(round_["name"])
    page.locator("form:has(#number) [type=submit]").click()
    expect(page).to_have_url(verification_url)


# --- the keyboard alone --------------------------------------------------------------------

def test_a_participant_reads_a_lesson_and_passes_the_quiz_with_the_keyboard_alone(
        browser, live_server, live_app):
    """From My learning to a passed quiz with Tab, Enter and Space (and the arrow keys a radio
    group moves by), the focus always in sight."""
    round_ = a_round_under_way(live_app)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-ID")
    page = context.new_page()
    try:
        Day(page, live_server, "participant", "desktop", "en").sign_in(round_["email"], PASSWORD)
        tab_to(page, f"a[href='/journey/{round_['cohort']}/next']")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(f"/{WORKSHOP_COURSE}/"))
        lessons = 0
        while page.locator("form[action$='/done']").count():
            tab_to(page, "form[action$='/done'] [type=submit]")
            page.keyboard.press("Enter" if lessons % 2 else "Space")
            expect(page.locator(".alert-success[role=status]")).to_be_visible()
            lessons += 1
        assert lessons == 3

        tab_to(page, "form[action$='/attempts'] [type=submit]")
        page.keyboard.press("Enter")
        expect(page.locator("#quiz-attempt")).to_be_visible()
        for question in round_["questions"]:
            first, *others = question["correct"]
            tab_to(page, f"#q-{question['key']}-{0 if question['kind'] == 'single' else first}")
            if question["kind"] == "single":
                page.keyboard.press("Space")
                for _step in range(first):
                    page.keyboard.press("ArrowDown")
            else:
                page.keyboard.press("Space")
                for index in others:
                    tab_to(page, f"#q-{question['key']}-{index}")
                    page.keyboard.press("Space")
        tab_to(page, "#quiz-attempt > [type=submit]")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
        expect(page.locator(".alert-success[role=status]")).to_contain_text("100")
    finally:
        context.close()
