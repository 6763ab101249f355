"""The days of a participant's guides in a real browser, in Indonesian and in English, on a phone
and a desktop: the coach reviews an action plan and logs a check-in, the mentor endorses the
plan the coach approved. Every page passes axe-core and is photographed under test-artifacts/.

Each run brings its own coach, mentor and participant (enrolled in the demo round, with a plan
submitted four days ago): the runs do not depend on each other, and the demo accounts other
tests sign in with keep their language."""
import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app import clock
from app.auth import services as accounts
from app.auth.models import User
from app.enrolment.guides import save_guides
from app.enrolment.services import enroll
from app.extensions import db
from app.mentoring import workflow
from app.mentoring.models import SubmissionVersion
from app.mentoring.plans import plan_content
from app.rounds.models import Cohort, Enrollment
from tests.browser.conftest import Day
from tests.conftest import PASSWORD

# A new participant per run: (role of the day, screen, language) → their name.
PARTICIPANTS = {
    ("coach", "phone", "id"): "Sri Wahyuni",
    ("coach", "phone", "en"): "Bayu Pratama",
    ("coach", "desktop", "id"): "Nur Aini Lestari",
    ("coach", "desktop", "en"): "Teguh Santoso",
    ("mentor", "phone", "id"): "Wulan Sari",
    ("mentor", "phone", "en"): "Ujang Rukmana",
    ("mentor", "desktop", "id"): "Euis Komariah",
    ("mentor", "desktop", "en"): "Dedi Supriatna",
}
DAYS_WAITING = 4
PROBLEM = "Warga Sumedang mengurus izin usaha di tiga kantor yang berbeda."
BASELINE = "Sekitar 400 izin usaha per bulan."

# What the pages say, from app/translations/id/LC_MESSAGES/messages.po.
TEXTS = {
    "en": {
        "waiting_review": f"Submission waiting for your review for {DAYS_WAITING} days",
        "waiting_endorsement":
            f"Approved plan waiting for your endorsement for {DAYS_WAITING} days",
        "my_participants": "My participants",
        "action_plan": "Action plan",
        "comments": "Comments",
        "request_revision": "Request a revision",
        "approve": "Approve",
        "endorse": "Endorse",
        "comments_needed": "Write your comments for the participant first.",
        "review_saved": "Your review is saved; the participant is told.",
        "revision_requested": "Revision requested",
        "approved": "Approved",
        "endorsed": "Endorsed",
        "added": "Added:",
        "save_check_in": "Save the check-in",
        "check_in_saved": "The check-in is saved; the participant can read it.",
        "shared": "Shared with the participant",
    },
    "id": {
        "waiting_review": f"Kiriman menunggu tinjauan Anda selama {DAYS_WAITING} hari",
        "waiting_endorsement":
            f"Rencana yang disetujui menunggu pengukuhan Anda selama {DAYS_WAITING} hari",
        "my_participants": "Peserta saya",
        "action_plan": "Rencana aksi",
        "comments": "Komentar",
        "request_revision": "Minta perbaikan",
        "approve": "Setujui",
        "endorse": "Kukuhkan",
        "comments_needed": "Tulis komentar Anda untuk peserta terlebih dahulu.",
        "review_saved": "Tinjauan Anda telah disimpan; peserta telah diberi tahu.",
        "revision_requested": "Perbaikan diminta",
        "approved": "Disetujui",
        "endorsed": "Dikukuhkan",
        "added": "Ditambahkan:",
        "save_check_in": "Simpan catatan pertemuan",
        "check_in_saved": "Catatan pertemuan telah disimpan; peserta dapat membacanya.",
        "shared": "Dibagikan kepada peserta",
    },
}


def plan(problem=PROBLEM):
    return plan_content(
        {"problem": problem,
         "goals": "- Satu loket daring untuk izin usaha pada bulan Juni.",
         "stakeholders": "- DPMPTSP\n- Diskominfo",
         "outcome": "Izin terbit dalam 3 hari, bukan 14 hari."},
        [{"title": "Memetakan proses perizinan", "due_on": "2027-01-15"}])


def one(model, **lookup):
    return db.session.scalar(select(model).filter_by(**lookup))


def new_person(name, role, **details):
    return accounts.create_user(email=f"{role}-{uuid.uuid4().hex[:12]}@madangan.example",
                                name=name, password=PASSWORD, roles=(role,), **details)


def guided_participant(live_app, name, approved=False):
    """A new participant of the demo round with a new coach and mentor of their own, whose
    action plan was submitted (and, if `approved`, approved by the coach) four days ago.
    Returns the guides' emails and the participant's enrollment id."""
    with live_app.app_context():
        round_one = one(Cohort, name="Angkatan II")
        coach = new_person("Dr. Ratih Purnamasari", "coach",
                           position="Coach, Program Studi Administrasi Publik",
                           institution="Universitas Padjadjaran")
        mentor = new_person("Dadan Ramdani", "mentor", position="Asisten Perekonomian",
                            institution="Sekretariat Daerah Kabupaten Sumedang")
        user = new_person(name, "participant", position="Kepala Bagian Perekonomian",
                          institution="Sekretariat Daerah Kabupaten Sumedang",
                          region_code="32.11")
        enroll(round_one, coach, "coach", actor=None)
        enroll(round_one, mentor, "mentor", actor=None)
        enrollment = enroll(round_one, user, actor=None)
        save_guides(None, round_one, {enrollment.id: (coach.id, mentor.id)})
        submission = workflow.write_action_plan(user, enrollment, plan(), submit_it=True)
        four_days_ago = clock.now() - timedelta(days=DAYS_WAITING)
        submission.submitted_at = four_days_ago
        one(SubmissionVersion, submission_id=submission.id).submitted_at = four_days_ago
        if approved:
            workflow.review(coach, submission, "approve").created_at = four_days_ago
        db.session.commit()
        return coach.email, mentor.email, enrollment.id


def resubmit_with_baseline(live_app, enrollment_id):
    """The participant answers the coach's request: the problem now names the baseline."""
    with live_app.app_context():
        enrollment = db.session.get(Enrollment, enrollment_id)
        user = db.session.get(User, enrollment.user_id)
        workflow.write_action_plan(user, enrollment, plan(f"{PROBLEM}\n\n{BASELINE}"),
                                   submit_it=True)
        db.session.commit()


def row_of(page, name):
    """The participant's row on the guide's home."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def open_participant(page, name):
    """Follow the link named after the participant (a home row or a breadcrumb) to their page."""
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_the_coach_reviews_a_plan_and_logs_a_check_in(day_context, live_server, live_app):
    """The coach sees who waits for a review, sends the plan back for a baseline, approves the
    revised version, and logs the conversation they had with the participant by keyboard."""
    page, screen, locale = day_context
    text, name = TEXTS[locale], PARTICIPANTS[("coach", screen, locale)]
    coach, _mentor, enrollment_id = guided_participant(live_app, name)
    day = Day(page, live_server, "coach", screen, locale)
    day.sign_in(coach, PASSWORD)

    day.visit("/mentoring/", "home")
    expect(row_of(page, name)).to_contain_text(text["waiting_review"])

    open_participant(page, name)
    day.check("participant")
    page.get_by_role("link", name=text["action_plan"], exact=True).click()
    expect(page.get_by_text(PROBLEM).first).to_be_visible()
    day.check("review")

    request_revision = page.get_by_role("button", name=text["request_revision"], exact=True)
    request_revision.click()
    expect(page.get_by_role("status")).to_contain_text(text["comments_needed"])
    page.get_by_label(text["comments"]).fill("Sebutkan angka awalnya: berapa izin per bulan?")
    request_revision.click()
    expect(page.get_by_role("status")).to_contain_text(text["review_saved"])
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["revision_requested"])
    day.check("review-revision-requested")

    resubmit_with_baseline(live_app, enrollment_id)
    page.reload()
    expect(page.locator("ins", has_text=BASELINE)).to_contain_text(text["added"])
    page.get_by_role("button", name=text["approve"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["approved"])
    day.check("review-approved")

    open_participant(page, name)
    page.get_by_role("button", name=text["save_check_in"]).click()
    notes = page.locator("#check_in-notes")
    expect(notes).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(notes.locator("xpath=following-sibling::*[contains(@class, 'invalid-feedback')]")
           ).to_be_visible()
    day.check("check-in-error")

    # The rest of the form by keyboard alone, from the notes onwards.
    notes.focus()
    page.keyboard.type("Membahas angka awal perizinan bersama DPMPTSP.")
    page.keyboard.press("Tab")
    expect(page.locator("#check_in-next_steps")).to_be_focused()
    page.keyboard.type("Kirim data izin tiga bulan terakhir.")
    page.keyboard.press("Tab")
    expect(page.locator("#check_in-shared")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=text["save_check_in"])).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(text["check_in_saved"])
    entry = page.locator("article", has_text="Membahas angka awal perizinan bersama DPMPTSP.")
    expect(entry).to_contain_text(text["shared"])
    day.check("check-in")
    day.assert_accessible()


def test_the_mentor_endorses_the_plan_the_coach_approved(day_context, live_server, live_app):
    """The mentor sees that a mentee's approved plan waits for them, opens it from the
    notification the coach's approval sent, endorses it, and finds the mentee up to date."""
    page, screen, locale = day_context
    text, name = TEXTS[locale], PARTICIPANTS[("mentor", screen, locale)]
    _coach, mentor, _enrollment_id = guided_participant(live_app, name, approved=True)
    day = Day(page, live_server, "mentor", screen, locale)
    day.sign_in(mentor, PASSWORD)

    day.visit("/mentoring/", "home")
    expect(row_of(page, name)).to_contain_text(text["waiting_endorsement"])

    page.locator("#notifications-bell").click()
    day.check("notifications")
    page.get_by_role("listitem").filter(has_text=name).locator("button[name=open]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["approved"])
    expect(page.get_by_text(PROBLEM).first).to_be_visible()
    expect(page.get_by_role("button", name=text["approve"], exact=True)).to_have_count(0)
    day.check("review")

    page.get_by_label(text["comments"]).fill("Saya dukung; laporkan kemajuannya tiap bulan.")
    page.get_by_role("button", name=text["endorse"], exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(text["review_saved"])
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["endorsed"])
    day.check("review-endorsed")

    open_participant(page, name)
    expect(page.locator("section[aria-labelledby=plan]")).to_contain_text(text["endorsed"])
    day.check("participant")
    page.get_by_role("link", name=text["my_participants"], exact=True).first.click()
    expect(row_of(page, name)).to_contain_text(text["endorsed"])
    expect(row_of(page, name)).not_to_contain_text(text["waiting_endorsement"])
    day.assert_accessible()
