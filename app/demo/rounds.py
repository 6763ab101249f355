"""The demo's rounds, dated from the day it is seeded: a leadership round under way (sessions
held and attended, one today and one tomorrow), the round before it, finished with its
certificates, and a Living Lab workshop to come."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from app import clock
from app.certificates.services import issue_certificate
from app.demo.history import (attendance_taken, happening_at, learn, local_moment,
                              notifications_seen, plan_reviewed, spread)
from app.enrolment.services import enroll
from app.extensions import db
from app.mentoring.plans import plan_content
from app.regions.models import Region
from app.rounds.models import Cohort, CohortSession, Enrollment, RoundRole
from app.rounds.schedule import new_checkin_code
from app.rounds.services import change_status

DAY = timedelta(days=1)
ROUND_DAYS = 25
# A round's agenda: day of the round (0 = first), local start, hours, kind, title, JP.
AGENDA = (
    (0, "08:00", 3, "lecture", "Pembukaan dan kuliah umum: pemerintahan berbasis platform", 4),
    (1, "08:00", 3, "lecture", "Manajemen perubahan di pemerintah daerah", 4),
    (3, "09:00", 6, "site_visit", "Kunjungan ke Digital Services Living Lab, Sumedang", 6),
    (7, "13:00", 2, "coaching_clinic", "Klinik coaching: merumuskan rencana aksi", 2),
    (9, None, 3, "forum", "Forum berbagi praktik baik transformasi digital", 4),
    (10, "08:00", 3, "lecture", "Kepemimpinan digital dan tata kelola data", 4),
    (24, "08:00", 4, "seminar", "Seminar rancangan aksi perubahan dan penutupan", 4),
)
# The running round began this many days ago: its tenth day, whose session has no fixed hour
# (None above), is today, and that session is under way when the demo is seeded.
RUNNING_DAY = 9
WORKSHOP_IN_DAYS = 12
FINISHED_WEEKS_AGO = 13

# The finished round's action plans, by theme: what an alumnus of each region set out to do.
PLAN_THEMES = (
    ("Izin usaha di {region} masih diajukan di loket dengan berkas kertas; pelaku usaha mikro "
     "rata-rata datang tiga kali untuk satu izin.",
     "Semua izin usaha mikro dapat diajukan daring dalam enam bulan; waktu layanan turun dari "
     "14 menjadi 5 hari kerja.",
     "DPMPTSP, Diskominfo, Bagian Organisasi Setda, asosiasi UMKM.",
     "Pelaku usaha cukup datang sekali atau tidak sama sekali; indikator layanan publik "
     "berbasis elektronik naik satu tingkat.",
     ("Memetakan alur izin yang berjalan", "Menguji formulir daring bersama UMKM",
      "Meluncurkan layanan di semua kecamatan")),
    ("Data penduduk miskin di {region} dipegang empat perangkat daerah dengan angka yang "
     "berbeda, sehingga bantuan sosial sering salah sasaran.",
     "Satu data kemiskinan yang dimutakhirkan tiap bulan dan dipakai semua perangkat daerah "
     "dalam satu tahun.",
     "Bappeda, Dinas Sosial, Disdukcapil, Diskominfo, pemerintah desa.",
     "Bantuan tepat sasaran; indikator tata kelola data SPBE naik satu tingkat.",
     ("Menyepakati definisi dan kode data bersama", "Membangun dasbor satu data",
      "Menetapkan peraturan bupati tentang satu data")),
    ("Naskah dinas di {region} masih dicetak, diparaf dan diarsipkan manual; mencari surat "
     "lama memakan waktu berhari-hari.",
     "Seluruh naskah dinas perangkat daerah dibuat, ditandatangani dan diarsipkan secara "
     "elektronik dalam sembilan bulan.",
     "Sekretariat Daerah, Dinas Arsip, Diskominfo, BSrE.",
     "Naskah dapat dilacak dalam hitungan menit; indikator layanan administrasi pemerintahan "
     "berbasis elektronik naik.",
     ("Melatih operator naskah dinas", "Menerapkan tanda tangan elektronik",
      "Memindahkan arsip lima tahun terakhir")),
)
ASSIGNMENT_ANSWER = (
    "Perubahan paling sulit di daerah kami bukan teknologinya, melainkan kebiasaan kerja "
    "antarperangkat daerah. Kami memulai dari satu layanan yang dirasakan warga, membentuk "
    "tim lintas perangkat daerah, dan melaporkan kemajuan tiap bulan kepada Sekda.")


def _zone():
    return clock.organisation_zone()


def _cohort(program, name, **details):
    """The program's round of this name, made when missing; returns (round, made now)."""
    cohort = db.session.scalar(select(Cohort).filter_by(program_id=program.id, name=name))
    if cohort is not None:
        return cohort, False
    cohort = Cohort(program=program, name=name, timezone=current_app.config["TIMEZONE"],
                    **details)
    db.session.add(cohort)
    db.session.flush()
    return cohort, True


def _under_way(now, zone):
    """A start on the hour for the session held today, so that it is under way now (kept
    between 07:00 and 20:00)."""
    hour = min(max(now.astimezone(zone).hour, 7), 20)
    return f"{hour:02d}:00"


def _plan_agenda(cohort, now):
    """The round's sessions, day by day from its start; returns them in order."""
    zone = _zone()
    sessions = []
    for day, start, hours, kind, title, jp in AGENDA:
        starts_at = local_moment(cohort.starts_on + day * DAY, start or _under_way(now, zone),
                                 zone)
        sessions.append(CohortSession(
            cohort_id=cohort.id, kind=kind, title=title, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours), place=cohort.place, jp=Decimal(jp),
            timezone=cohort.timezone, checkin_code=new_checkin_code()))
    db.session.add_all(sessions)
    db.session.flush()
    return sessions


def _attendance_status(position, session_number):
    """The two named participants, enrolled first, came to every session, so their pages show
    JP earned; of the others, one in seven missed them all and the rest mostly came."""
    if position < 2:
        return "present"
    if position % 7 == 0:
        return "absent"
    return ("present", "present", "present", "late", "excused")[(position + session_number) % 5]


def _enroll(cohort, people, role):
    for user in people:
        enroll(cohort, user, role, actor=None)


def _enrollment(cohort, user):
    return db.session.scalar(select(Enrollment).filter_by(cohort_id=cohort.id,
                                                          user_id=user.id))


def running_round(program, people, participants_of, now):
    """Angkatan II, on its tenth day: the named participants came to every session held so
    far and Dewi finished the first course just now; the others are at various points."""
    today = clock.today()
    starts_on = today - RUNNING_DAY * DAY
    with happening_at(local_moment(starts_on - 7 * DAY, "09:00", _zone())):
        participants = participants_of()
        cohort, made = _cohort(program, "Angkatan II", starts_on=starts_on,
                               ends_on=starts_on + (ROUND_DAYS - 1) * DAY,
                               place="BPSDM Jawa Barat, Cimahi", capacity=30, status="running")
        if not made:
            return cohort
        coach, mentor = people["coach"], people["mentor"]
        named = [people["participant"], people["participant2"]]
        _enroll(cohort, [coach], "coach")
        _enroll(cohort, [mentor], "mentor")
        _enroll(cohort, named + participants, "participant")
        for enrollment in db.session.scalars(select(Enrollment).filter_by(
                cohort_id=cohort.id, role=RoundRole.PARTICIPANT)):
            enrollment.coach_id = coach.id
        # The demo mentor, a Sumedang official, mentors Dewi, who is from Sumedang too.
        _enrollment(cohort, named[0]).mentor_id = mentor.id
        # The demo examiner scores the named participants' seminar.
        _enroll(cohort, [people["examiner"]], "examiner")
        for user in named:
            _enrollment(cohort, user).examiner_id = people["examiner"].id
    ids = [_enrollment(cohort, user).id for user in named + participants]
    for number, session in enumerate(_plan_agenda(cohort, now)):
        if session.ends_at <= now:
            attendance_taken(people["organiser"], session, {
                enrollment_id: _attendance_status(position, number)
                for position, enrollment_id in enumerate(ids)})
    evening = local_moment(cohort.starts_on, "19:00", _zone())
    learn(_enrollment(cohort, named[0]), spread(evening, now, 5))
    learn(_enrollment(cohort, named[1]), [evening])
    for index, user in enumerate(participants):
        lessons = (index * 5) % 17
        if lessons:
            learn(_enrollment(cohort, user), spread(evening, now - 2 * DAY * (index % 4), lessons))
    return cohort


def finished_round(program, people, alumni_of, now):
    """Angkatan I, which began thirteen weeks ago: each alumnus read and passed the whole
    journey, came to the sessions and had an action plan approved, and was certified the day
    after it closed; one missed most sessions and was not."""
    today = clock.today()
    starts_on = today - FINISHED_WEEKS_AGO * 7 * DAY
    ends_on = starts_on + (ROUND_DAYS - 1) * DAY
    zone = _zone()
    opened = local_moment(starts_on - 7 * DAY, "09:00", zone)
    with happening_at(opened):
        alumni = alumni_of()
        cohort, made = _cohort(program, "Angkatan I", starts_on=starts_on, ends_on=ends_on,
                               place="BPSDM Jawa Barat, Cimahi", capacity=30, status="running")
        if not made:
            return cohort
        coach, organiser = people["coach"], people["organiser"]
        _enroll(cohort, [coach], "coach")
        _enroll(cohort, alumni, "participant")
        enrollments = [_enrollment(cohort, user) for user in alumni]
        for enrollment in enrollments:
            enrollment.coach_id = coach.id
    dropout = len(enrollments) - 1
    for number, session in enumerate(_plan_agenda(cohort, now)):
        attendance_taken(organiser, session, {
            enrollment.id: "absent" if position == dropout and number > 1 else "present"
            for position, enrollment in enumerate(enrollments)})
    evenings = spread(local_moment(starts_on, "19:00", zone),
                      local_moment(starts_on + 20 * DAY, "19:00", zone), 21)
    for position, (enrollment, user) in enumerate(zip(enrollments, alumni)):
        learn(enrollment, evenings, coach=coach, answer=ASSIGNMENT_ANSWER)
        plan_reviewed(enrollment, _plan(position, user, ends_on),
                      local_moment(starts_on + 17 * DAY, "20:00", zone), coach,
                      revision="Tujuan kedua belum terukur: sebutkan angka dan batas waktunya."
                      if position % 3 == 1 else None)
    closed = local_moment(ends_on + DAY, "10:00", zone)
    with happening_at(closed):
        for enrollment in enrollments[:dropout]:
            issue_certificate(organiser, enrollment, today=closed.date())
        change_status(organiser, cohort, "completed")
    notifications_seen([coach.id, organiser.id] + [user.id for user in alumni],
                       closed + 7 * DAY)
    return cohort


def _plan(position, user, ends_on):
    problem, goals, stakeholders, outcome, milestones = PLAN_THEMES[position % len(PLAN_THEMES)]
    region = db.session.scalar(select(Region.name).filter_by(code=user.region_code))
    due = (ends_on + 30 * DAY, ends_on + 90 * DAY, ends_on + 180 * DAY)
    return plan_content(
        {"problem": problem.format(region=region), "goals": goals,
         "stakeholders": stakeholders, "outcome": outcome},
        [{"title": title, "due_on": on, "status": "planned"}
         for title, on in zip(milestones, due)])


def upcoming_workshop(program, participant):
    """The Living Lab workshop in twelve days, with its one session, open for registration:
    Dewi has enrolled and may start its online part."""
    day = clock.today() + WORKSHOP_IN_DAYS * DAY
    cohort, made = _cohort(program, "Lokakarya Sumedang", starts_on=day, ends_on=day,
                           place="Gedung Negara, Sumedang", capacity=60, status="open")
    if made:
        enroll(cohort, participant, actor=None)
        starts_at = local_moment(day, "08:00", _zone())
        db.session.add(CohortSession(
            cohort_id=cohort.id, kind="forum", title="Lokakarya Living Lab SPBE",
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=8), place=cohort.place,
            jp=Decimal(4), timezone=cohort.timezone, checkin_code=new_checkin_code()))
        db.session.flush()
    return cohort
