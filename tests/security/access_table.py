"""Who may use each route: the declared access table that tests/security/test_access_matrix.py
checks every route of the URL map against, as each member of the cast.

The cast, in one world: an organisation runs a program whose running round has a participant
guided by a coach and a mentor, and a second coach who guides someone else; another
organisation's organiser runs a round of their own with another participant in it.

A route's entry names, per HTTP method, the members who are let through: the request reaches
the view's logic. Everyone else is turned away (401, 403, 404, or the sign-in page) and
nothing is written. Routes that take a secret in the address (an invitation, a calendar feed,
a certificate's verification code) are public to whoever holds the secret.
"""

ADMIN = "admin"
ORG = "organiser"  # an organiser of the organisation that runs the round
OTHER_ORG = "other_organiser"  # an organiser of another organisation
COACH = "coach"  # the participant's coach
OTHER_COACH = "other_coach"  # a coach of the same round who does not guide the participant
MENTOR = "mentor"  # the participant's mentor
EXAMINER = "examiner"  # the participant's seminar examiner, a trainer with a coach's account
PARTICIPANT = "participant"
OTHER_PARTICIPANT = "other_participant"  # a participant of the other organisation's round
ANON = "anonymous"

CAST = (ADMIN, ORG, OTHER_ORG, COACH, OTHER_COACH, MENTOR, EXAMINER, PARTICIPANT,
        OTHER_PARTICIPANT, ANON)

EVERYONE = frozenset(CAST)
SIGNED_IN = EVERYONE - {ANON}
ADMIN_ONLY = frozenset({ADMIN})
ORGANISERS = frozenset({ADMIN, ORG, OTHER_ORG})  # pages over the user's own organisations
STAFF_OF_ORG = frozenset({ADMIN, ORG})  # the round's program, round, people and records
GUIDES = frozenset({COACH, MENTOR})  # the participant's assigned coach and mentor
ROUND_COACHES = STAFF_OF_ORG | {COACH, OTHER_COACH}  # the round's staff, every coach of it
SCORERS = GUIDES | {EXAMINER}  # who scores the participant's action-plan seminar
LEARNER = frozenset({PARTICIPANT})  # the participant's own journey and records
# Roles that may see the SPBE benchmark (public government data used to plan training).
BENCHMARK_VIEWERS = frozenset({ADMIN, ORG, OTHER_ORG, COACH, OTHER_COACH, MENTOR, EXAMINER})
# Through the API, everyone taking part in the round sees it (each sees only their share of
# its people); the other organisation's people do not.
IN_THE_ROUND = STAFF_OF_ORG | {COACH, OTHER_COACH, MENTOR, EXAMINER, PARTICIPANT}
# The participant's own enrolment and certificate, through the API.
ON_THE_ENROLLMENT = STAFF_OF_ORG | GUIDES | LEARNER

GET, POST = "GET", "POST"


def pages(allowed):
    """A form page: shown and submitted by the same people."""
    return {GET: allowed, POST: allowed}


ACCESS = {
    # --- public -------------------------------------------------------------------------------
    "static": {GET: EVERYONE},
    "bootstrap.static": {GET: EVERYONE},
    "health.health": {GET: EVERYONE},
    "auth.sign_in": pages(EVERYONE),
    "auth.set_language": {POST: EVERYONE},
    "auth.sign_out": {POST: SIGNED_IN},
    "auth.change_password": pages(SIGNED_IN),
    "auth.forgot_password": pages(EVERYONE),
    "auth.reset_password": pages(EVERYONE),  # with the emailed reset link's secret
    "invitations.accept": pages(EVERYONE),  # with the invitation's secret link
    "verify.lookup": pages(EVERYONE),
    "verify.show": {GET: EVERYONE},  # with the verification code
    "verify.badge": {GET: EVERYONE},
    "sessions.cohort_feed": {GET: EVERYONE},  # with the round's calendar secret
    "sessions.user_feed": {GET: EVERYONE},  # with the person's calendar secret

    # --- the admin ----------------------------------------------------------------------------
    "admin.users": {GET: ADMIN_ONLY},
    "admin.new_user": pages(ADMIN_ONLY),
    "admin.toggle_active": {POST: ADMIN_ONLY},
    "admin.organisations": {GET: ADMIN_ONLY},
    "admin.organisation": pages(ADMIN_ONLY),  # both /new and /<id>
    "admin.add_organiser": {POST: ADMIN_ONLY},
    "admin.remove_organiser": {POST: ADMIN_ONLY},
    "admin.audit_log": {GET: ADMIN_ONLY},
    "xapi.statements": {GET: ADMIN_ONLY},
    "xapi.send": {POST: ADMIN_ONLY},
    "xapi.export": {GET: ADMIN_ONLY},
    "outbox.index": {GET: ADMIN_ONLY},
    "outbox.retry": {POST: ADMIN_ONLY},
    "outbox.retry_given_up": {POST: ADMIN_ONLY},

    # --- everyone signed in, on their own things ----------------------------------------------
    "courses.home": {GET: SIGNED_IN},
    "notifications.index": {GET: SIGNED_IN},
    "notifications.read_all": {POST: SIGNED_IN},
    "notifications.preferences": pages(SIGNED_IN),
    "notifications.read": {POST: LEARNER},  # the participant's notification
    "certificates.mine": {GET: SIGNED_IN},
    "reports.my_jp": {GET: SIGNED_IN},
    "sessions.my_calendar": {GET: SIGNED_IN},
    "sessions.new_calendar_link": {POST: SIGNED_IN},
    "tokens.index": {GET: SIGNED_IN},
    "tokens.create": {POST: SIGNED_IN},
    "tokens.revoke": {POST: LEARNER},  # the participant's token

    # --- the participant's journey ------------------------------------------------------------
    "courses.journey": {GET: LEARNER},
    "courses.next_step": {GET: LEARNER},
    "courses.activity": {GET: LEARNER},
    "courses.mark_done": {POST: LEARNER},
    "quizzes.start": {POST: LEARNER},
    "quizzes.save": {POST: LEARNER},
    "quizzes.submit": {POST: LEARNER},
    "quizzes.result": {GET: LEARNER},
    "plans.action_plan": {GET: LEARNER},
    "plans.save_action_plan": {POST: LEARNER},
    "plans.milestone_progress": {POST: LEARNER},
    "plans.answer": {POST: LEARNER},
    "targets.plan_targets": pages(LEARNER),
    "mentees.my_check_ins": {GET: LEARNER},
    "attendance.check_in": {POST: LEARNER},
    "certificates.badge": {GET: LEARNER},
    "certificates.download": {GET: STAFF_OF_ORG | LEARNER},

    # --- coaches and mentors ------------------------------------------------------------------
    "mentoring.home": {GET: frozenset({COACH, OTHER_COACH, MENTOR, EXAMINER})},
    "mentees.show": {GET: GUIDES},
    "mentees.log_check_in": {POST: GUIDES},
    "mentees.record_follow_up": {POST: frozenset({COACH})},
    "mentees.edit_check_in": pages(frozenset({COACH})),  # the coach wrote the check-in
    "mentees.delete_check_in": {POST: frozenset({COACH})},
    "plans.review": {GET: GUIDES},
    "plans.record_review": {POST: GUIDES},
    "plans.version": {GET: GUIDES | LEARNER},
    "targets.review_targets": {GET: GUIDES},
    "benchmark.region": {GET: BENCHMARK_VIEWERS},
    "benchmark.province": {GET: BENCHMARK_VIEWERS},

    # --- organisers, over their own organisations ---------------------------------------------
    "manage.home": {GET: ORGANISERS},
    "programs.new": pages(ORGANISERS),
    "reports.jp": {GET: ORGANISERS},
    "reports.jp_export": {GET: ORGANISERS},
    "rosters.template": {GET: ORGANISERS},
    "scores.index": {GET: ORGANISERS},
    "scores.new": pages(ORGANISERS),
    "scores.import_file": pages(ORGANISERS),
    "scores.apply_import": {POST: ORGANISERS},

    # --- organisers of the round's organisation -----------------------------------------------
    "programs.show": {GET: STAFF_OF_ORG},
    "programs.edit": pages(STAFF_OF_ORG),
    "programs.courses": pages(STAFF_OF_ORG),
    "programs.rules": pages(STAFF_OF_ORG),
    "manage.new_cohort": pages(STAFF_OF_ORG),
    "manage.cohort": {GET: STAFF_OF_ORG},
    "manage.edit_cohort": pages(STAFF_OF_ORG),
    "manage.change_status": {POST: STAFF_OF_ORG},
    "enrolment.people": pages(STAFF_OF_ORG),
    "enrolment.remove_person": {POST: STAFF_OF_ORG},
    "manage.replicate": pages(STAFF_OF_ORG),
    "manage.audit_log": {GET: STAFF_OF_ORG},
    "dashboard.show": {GET: STAFF_OF_ORG},
    "dashboard.export": {GET: STAFF_OF_ORG},
    "sessions.agenda": {GET: STAFF_OF_ORG},
    "sessions.new": pages(STAFF_OF_ORG),
    "sessions.edit": pages(STAFF_OF_ORG),
    "sessions.delete": {POST: STAFF_OF_ORG},
    # Coaches of the round record attendance too.
    "attendance.sheet": pages(STAFF_OF_ORG | {COACH, OTHER_COACH}),
    "rosters.upload": pages(STAFF_OF_ORG),
    "rosters.preview": {GET: STAFF_OF_ORG},
    "rosters.apply": {POST: STAFF_OF_ORG},
    "guides.assign": pages(STAFF_OF_ORG),
    # --- the action-plan seminar ------------------------------------------------------------
    "seminars.home": {GET: SIGNED_IN},  # lists whom the user scores: nobody, for most
    "seminars.score": pages(SCORERS),
    "seminars.result": {GET: LEARNER},
    "seminar_manage.overview": {GET: STAFF_OF_ORG},
    "seminar_manage.publish": {POST: STAFF_OF_ORG},
    "seminar_manage.publish_one": {POST: STAFF_OF_ORG},
    "seminar_manage.unpublish": {POST: STAFF_OF_ORG},
    "seminar_manage.settings": pages(STAFF_OF_ORG),
    "seminar_programs.rules": pages(STAFF_OF_ORG),
    "guides.balance": {POST: STAFF_OF_ORG},
    "guides.invite_mentor": {POST: STAFF_OF_ORG},
    "certificates.cohort": {GET: STAFF_OF_ORG},
    # A round's quizzes: its organisers, and its coaches for their own mentees.
    "quiz_staff.index": {GET: ROUND_COACHES},
    "quiz_staff.quiz": {GET: ROUND_COACHES},
    "quiz_staff.change_settings": {POST: STAFF_OF_ORG},
    "quiz_staff.participant": {GET: STAFF_OF_ORG | {COACH}},
    "quiz_staff.grant": {POST: STAFF_OF_ORG | {COACH}},
    "quiz_staff.attempt": {GET: STAFF_OF_ORG | {COACH}},
    "certificates.issue": {POST: STAFF_OF_ORG},
    "certificates.revoke": {POST: STAFF_OF_ORG},
    "certificates.reissue": {POST: STAFF_OF_ORG},
    "certificates.settings": pages(STAFF_OF_ORG),
    "certificates.add_signatory": {POST: STAFF_OF_ORG},
    "certificates.remove_signatory": {POST: STAFF_OF_ORG},
    "bulk.start": {POST: STAFF_OF_ORG},
    "bulk.progress": {GET: STAFF_OF_ORG},
    "bulk.download_zip": {GET: STAFF_OF_ORG},
    "outcomes.program_outcomes": {GET: STAFF_OF_ORG},
    "outcomes.program_export": {GET: STAFF_OF_ORG},
    "outcomes.cohort_outcomes": {GET: STAFF_OF_ORG},
    "outcomes.cohort_export": {GET: STAFF_OF_ORG},

    # --- the JSON API, with each member's personal access token (none for ANON) --------------
    "api-docs.openapi_json": {GET: EVERYONE},
    "api_certificates.verify": {GET: EVERYONE},  # with the verification code
    "api_me.get_me": {GET: SIGNED_IN},
    "api_programs.list_programs": {GET: SIGNED_IN},  # lists hold only what each may see
    "api_cohorts.list_cohorts": {GET: SIGNED_IN},
    "api_enrollments.list_enrollments": {GET: SIGNED_IN},
    "api_certificates.list_certificates": {GET: SIGNED_IN},
    "api_regions.list_regions": {GET: SIGNED_IN},
    "api_regions.get_region": {GET: SIGNED_IN},
    "api_regions.list_scores": {GET: BENCHMARK_VIEWERS},
    "api_programs.get_program": {GET: IN_THE_ROUND},
    "api_cohorts.get_cohort": {GET: IN_THE_ROUND},
    "api_cohorts.list_sessions": {GET: IN_THE_ROUND},
    "api_enrollments.list_cohort_enrollments": {GET: IN_THE_ROUND},
    "api_progress.list_progress": {GET: IN_THE_ROUND},
    "api_attendance.list_attendance": {GET: IN_THE_ROUND},
    "api_enrollments.enroll": {POST: STAFF_OF_ORG},
    "api_enrollments.get_enrollment": {GET: ON_THE_ENROLLMENT},
    "api_progress.get_progress": {GET: ON_THE_ENROLLMENT},
    "api_certificates.get_certificate": {GET: ON_THE_ENROLLMENT},
    "api_certificates.get_credential": {GET: ON_THE_ENROLLMENT},
}
