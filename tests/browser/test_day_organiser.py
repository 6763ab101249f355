"""The organiser's and the administrator's days in a real browser, in Indonesian and English, on
a phone and a desktop: every page they pass is audited with axe-core and photographed.

Each run makes its own round, people and account, so the four runs share the live database
without stepping on each other or on the demo data other tests rely on."""
import itertools
import re
import secrets

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import User
from app.content.models import Activity
from app.extensions import db
from app.learning.services import record_completion
from app.progress.queries import required_activities
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment, Program
from tests.browser.conftest import Day
from tests.conftest import PASSWORD

# The last three digits of a NIP number its holder; a counter keeps every run's NIPs apart.
NIP_SERIALS = itertools.count(1)
ROSTER_HEADINGS = "Nama,Email,NIP,Jabatan,Instansi,Kode wilayah"
BAD_NIP = "19850230"  # 30 February: no one was born on it


def unique_suffix(screen, locale):
    return f"{screen}-{locale}-{secrets.token_hex(3)}"


def living_lab_program_id(live_app):
    with live_app.app_context():
        return db.session.scalar(select(Program.id).filter_by(slug="living-lab-spbe"))


def roster_people(suffix):
    """Three participants of a round, each with a NIP and an email of this run's own."""
    people = []
    for index, (name, region) in enumerate((("Siti Nurhaliza", "32.11"),
                                            ("Budi Santoso", "32.73"),
                                            ("Ratna Sari", "32.04"))):
        nip = f"1984071{index + 1}2009012{next(NIP_SERIALS):03d}"
        people.append([name, f"{name.split()[0].lower()}.{suffix}@jabarprov.go.id", nip,
                       "Kepala Bidang Aplikasi Informatika", "Dinas Kominfo", region])
    return people


def write_roster(path, people):
    path.write_text("\n".join([ROSTER_HEADINGS] + [",".join(row) for row in people]) + "\n",
                    encoding="utf-8")
    return path


def complete_every_activity(live_app, cohort_id):
    """What weeks of learning would do: every participant of the round has done every required
    activity of its program (quizzes with full marks)."""
    with live_app.app_context():
        required = required_activities(db.session.get(Cohort, cohort_id).program_id).subquery()
        activities = db.session.scalars(
            select(Activity).join(required, required.c.id == Activity.id)).all()
        enrollments = db.session.scalars(select(Enrollment).filter_by(
            cohort_id=cohort_id, role="participant")).all()
        for enrollment in enrollments:
            for activity in activities:
                record_completion(enrollment, activity,
                                  score=100 if activity.kind == "quiz" else None)
        db.session.commit()
        return len(enrollments)


def cohort_id_from(url):
    return int(re.search(r"/manage/cohorts/(\d+)$", url).group(1))


def test_organiser_plans_a_round_enrols_a_roster_takes_attendance_and_certifies_it(
        day_context, live_server, live_app, tmp_path):
    """Rina plans a round of the Living Lab workshop, uploads the roster from the regencies
    (row 3's NIP is wrong: she corrects it and confirms), opens and runs the round, adds the
    session, records attendance with the keyboard, issues everyone's certificate in one go
    and plans the next round from this one."""
    page, screen, locale = day_context
    day = Day(page, live_server, "organiser", screen, locale)
    suffix = unique_suffix(screen, locale)
    round_name = f"Lokakarya Garut {suffix}"
    day.sign_in("organiser@madangan.example", PASSWORD)

    day.visit("/manage/", "programs")
    day.visit(f"/manage/programs/{living_lab_program_id(live_app)}", "program")
    page.locator("main a[href$='/cohorts/new']").click()
    day.check("new-round")
    page.locator("#name").fill(round_name)
    page.locator("#starts_on").fill("2027-02-08")
    page.locator("#ends_on").fill("2027-02-01")
    page.locator("#place").fill("Gedung Negara, Garut")
    page.locator("#capacity").fill("40")
    page.locator("main #submit").click()
    # The end before the start is refused next to its field.
    expect(page.locator("#ends_on")).to_have_class(re.compile(r"\bis-invalid\b"))
    day.check("new-round-error")
    page.locator("#ends_on").fill("2027-02-08")
    page.locator("main #submit").click()
    expect(page.locator("h1")).to_contain_text(round_name)
    cohort_id = cohort_id_from(page.url)
    day.check("round-draft")

    # The roster: row 3 (the second person) has a NIP whose birth date cannot be.
    people = roster_people(suffix)
    fixed = write_roster(tmp_path / "peserta.csv", people)
    broken = [row[:] for row in people]
    broken[1][2] = BAD_NIP + broken[1][2][8:]
    broken = write_roster(tmp_path / "peserta-salah.csv", broken)
    page.locator(f"a[href$='/manage/cohorts/{cohort_id}/roster']").click()
    day.check("roster-upload")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.locator("main #submit").click()
    problem = page.locator("#problems-heading + .table-responsive tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("3")
    expect(problem.locator("td").nth(1)).to_have_text("NIP")
    expect(problem.locator("td").nth(2)).to_contain_text(BAD_NIP)
    expect(page.locator("#row-3")).to_have_class(re.compile(r"\btable-danger\b"))
    expect(page.locator("form[action$='/apply']")).to_have_count(0)
    day.check("roster-problems")
    page.locator(".alert-danger a.alert-link").click()
    page.locator("input[type=file]").set_input_files(str(fixed))
    page.locator("main #submit").click()
    expect(page.locator("#problems-heading")).to_have_count(0)
    day.check("roster-clean")
    page.locator("form[action$='/apply'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("peserta.csv")
    with live_app.app_context():
        enrolled = db.session.scalars(
            select(User.nip).join(Enrollment, Enrollment.user_id == User.id)
            .filter(Enrollment.cohort_id == cohort_id)).all()
    assert sorted(enrolled) == sorted(row[2] for row in people)

    # Open the round, then run it: participants see it and can check in.
    for status in ("open", "running"):
        page.locator(f"button[name=status][value={status}]").click()
        expect(page.locator(".alert-success")).to_be_visible()
    day.check("round-running")

    page.locator(f"a[href$='/manage/cohorts/{cohort_id}/agenda']").click()
    page.locator(f"main a[href$='/manage/cohorts/{cohort_id}/sessions/new']").click()
    day.check("new-session")
    page.locator("#title").fill("Penilaian mandiri SPBE")
    page.locator("#start_date").fill("2027-02-08")
    page.locator("#start_time").fill("08:00")
    page.locator("#end_time").fill("12:00")
    page.locator("#place").fill("Aula Gedung Negara")
    page.locator("#jp").fill("4")
    page.locator("main #submit").click()
    day.check("agenda")

    # Attendance for the whole round on one screen, with the keyboard only: Tab moves from one
    # participant's choices to the next, the arrow keys move along a participant's choices.
    page.locator("main a[href$='/attendance']").first.click()
    expect(page.locator("main tbody tr")).to_have_count(3)
    page.locator("main input[type=radio][value=present]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    for _step in ("late", "excused", "absent"):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    expect(page.locator("main form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("3")
    expect(page.locator("main input[type=radio][value=absent]").nth(2)).to_be_checked()
    day.check("attendance")
    with live_app.app_context():
        statuses = sorted(db.session.scalars(
            select(Attendance.status).join(CohortSession)
            .where(CohortSession.cohort_id == cohort_id)))
    assert statuses == ["absent", "present", "present"]

    # Weeks later everyone has done the work: issue the certificates in one run.
    assert complete_every_activity(live_app, cohort_id) == 3
    day.visit(f"/manage/cohorts/{cohort_id}/certificates", "certificates")
    page.locator("form[action$='/certificates/bulk'] button").click()
    expect(page.locator("progress")).to_have_attribute("value", "100", timeout=60_000)
    expect(page.locator("main [role=status]")).to_contain_text("3")
    expect(page.locator("main a[href$='/certificates.zip']")).to_be_visible()
    day.check("bulk-issue-done")
    day.visit(f"/manage/cohorts/{cohort_id}/certificates", "certificates-issued")
    expect(page.locator("main a[href$='/pdf']")).to_have_count(3)

    # Run this again: a new draft with the same agenda, a month later.
    next_name = f"Lokakarya Garut II {suffix}"
    page.goto(f"{live_server}/manage/cohorts/{cohort_id}")
    page.locator(f"a[href$='/manage/cohorts/{cohort_id}/replicate']").click()
    day.check("replicate")
    page.locator("#name").fill(next_name)
    page.locator("#starts_on").fill("2027-03-08")
    page.locator("main #submit").click()
    expect(page.locator("h1")).to_contain_text(next_name)
    next_id = cohort_id_from(page.url)
    assert next_id != cohort_id
    day.check("replicated")
    with live_app.app_context():
        copied = db.session.scalars(select(CohortSession).filter_by(cohort_id=next_id)).all()
        assert [(s.title, s.starts_at.day) for s in copied] == [("Penilaian mandiri SPBE", 8)]
        assert db.session.get(Cohort, next_id).status == "draft"
    day.assert_accessible()


def test_admin_adds_a_user_and_looks_over_organisations_audit_log_and_learning_records(
        day_context, live_server, live_app):
    """The administrator adds an account, looks at the organisations, finds the new account
    in the audit log and glances at the learning records waiting for the LRS."""
    page, screen, locale = day_context
    day = Day(page, live_server, "admin", screen, locale)
    suffix = unique_suffix(screen, locale)
    name, email = f"Yani Rahmawati {suffix}", f"yani.{suffix}@jabarprov.go.id"
    nip = f"198706152011012{next(NIP_SERIALS):03d}"
    day.sign_in("admin@madangan.example", PASSWORD)

    day.visit("/admin/users", "users")
    page.locator("main a[href$='/admin/users/new']").click()
    day.check("new-user")
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#nip").fill("12345")
    page.locator("#region_code").fill("32.05")
    page.locator("input[name=roles][value=organiser]").check()
    page.locator("#organisation_id").select_option(index=1)
    page.locator("#password").fill("Garut-Kota-Intan-2027")
    page.locator("main #submit").click()
    # A short NIP is refused next to its field; the rest of the form is kept.
    expect(page.locator("#nip")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#name")).to_have_value(name)
    day.check("new-user-error")
    page.locator("#nip").fill(nip)
    page.locator("#password").fill("Garut-Kota-Intan-2027")
    page.locator("main #submit").click()
    expect(page.locator(".alert-success")).to_contain_text(name)
    day.check("user-added")
    with live_app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        assert (user.nip, user.region_code) == (nip, "32.05")

    day.visit("/admin/organisations", "organisations")
    page.locator("main table a").first.click()
    expect(page.locator("main h1")).to_be_visible()
    day.check("organisation")

    day.visit("/admin/audit?kind=accounts", "audit")
    expect(page.locator("main table")).to_contain_text(email)
    day.visit("/admin/learning-records", "learning-records")
    day.assert_accessible()
