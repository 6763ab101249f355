"""Hostile input, stored through the app's own forms and services and shown back: every text
field carries each XSS payload into every page that shows it, course Markdown goes through the
content loader, certificates carry payloads into the PDF, exports carry formulas into CSV and
XLSX, and uploads come malformed, oversized and disguised."""
import csv
import io
import re
import threading
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import func, select
from weasyprint import HTML

from app.auth.models import User
from app.certificates import pdf
from app.certificates.services import certificate_context, issue_certificate
from app.content.loader import load_content
from app.content.markdown import render_markdown
from app.content.models import Course
from app.courses.sync import sync_courses
from app.enrolment.roster_files import MAX_ROWS
from app.enrolment.services import enroll
from app.mentoring import checkins, workflow
from app.mentoring.plans import plan_content
from app.rounds.models import CohortSession, Enrollment
from app.rounds.schedule import new_checkin_code
from app.spreadsheets import FORMULA_PREFIXES
from tests.conftest import complete_every_activity
from tests.security.payloads import FORMULA_PAYLOADS, NUL_PAYLOADS, XSS_PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href",
                  "background", "poster", "codebase", "cite"}
# Attributes whose URL the browser loads by itself, without a click.
LOADING_ATTRIBUTES = {"src", "srcset", "data", "background", "poster", "style"}
FORBIDDEN_ELEMENTS = {"script", "iframe", "object", "embed", "base", "frame", "frameset",
                      "applet"}
SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
# The host the payloads try to load from: nothing listens there, and nothing may ask.
TRAP_HOST = "127.0.0.1:9"


class MarkupAudit(HTMLParser):
    """What in a page would run script or fetch from outside if it came from a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag}> element")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.findings.append("<meta> refresh")
        self.in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…> event handler")
            plain = re.sub(r"[\x00-\x20]", "", unescape(value))
            if name in URL_ATTRIBUTES and SCRIPT_SCHEME.match(plain):
                self.findings.append(f"<{tag} {name}={value[:40]!r}>")
            if TRAP_HOST in value and name in LOADING_ATTRIBUTES:
                self.findings.append(f"<{tag} {name}> loads from outside")
            if name == "style" and "javascript" in plain.lower():
                self.findings.append(f"<{tag} style> with javascript")

    def handle_data(self, data):
        if self.in_style and TRAP_HOST in data:
            self.findings.append("<style> loads from outside")

    def handle_endtag(self, tag):
        self.in_style = False


def audit(html):
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.findings


def assert_inert(response, what):
    assert response.status_code == 200, (what, response.status_code)
    findings = audit(response.get_data(as_text=True))
    assert not findings, f"{what}: {findings}"


def shown_as_text(html, payload):
    """The payload appears in the page as text: escaped exactly as Jinja escapes it."""
    return str(escape(payload)) in html


# --- the cast, with every text field carrying one payload ------------------------------------

@pytest.fixture
def hostile_round(db, organiser, participant, coach, mentor, guided_enrollment, cohort,
                  program):
    """Store `payload` in every text field a person can fill in, through the services (or the
    rows the admin forms write); returns the pages that show them, by who may open them."""
    def store(payload):
        # Fields hold at most 200 characters; every payload fits.
        participant.name = participant.position = participant.institution = payload
        program.title = program.description = payload
        cohort.name = cohort.place = cohort.partner_institution = payload
        session = CohortSession(cohort_id=cohort.id, title=payload, description=payload,
                                place=payload, jp=Decimal(2), checkin_code=new_checkin_code(),
                                starts_at=datetime(2026, 11, 17, 1, tzinfo=timezone.utc),
                                ends_at=datetime(2026, 11, 17, 3, tzinfo=timezone.utc))
        db.session.add(session)
        db.session.flush()
        plan = workflow.write_action_plan(participant, guided_enrollment, plan_content(
            {"problem": payload, "goals": payload, "stakeholders": payload, "outcome": payload},
            [{"title": payload, "due_on": "2026-12-01", "status": "planned"}]))
        workflow.submit(participant, plan)
        workflow.review(coach, plan, "request_revision", payload)
        checkins.log_check_in(coach, guided_enrollment, date(2026, 11, 20), payload, payload,
                              shared=True)
        checkins.record_follow_up(coach, guided_enrollment, 3, date(2027, 3, 12), "partly",
                                  payload)
        db.session.flush()
        return {
            "organiser": [
                "/manage/", f"/manage/programs/{program.id}", f"/manage/cohorts/{cohort.id}",
                f"/manage/cohorts/{cohort.id}/people", f"/manage/cohorts/{cohort.id}/dashboard",
                f"/manage/cohorts/{cohort.id}/agenda", f"/manage/cohorts/{cohort.id}/guides",
                f"/manage/cohorts/{cohort.id}/audit", f"/manage/cohorts/{cohort.id}/edit",
                f"/manage/programs/{program.id}/edit",
                f"/manage/sessions/{session.id}/attendance",
                f"/manage/sessions/{session.id}/edit",
                f"/manage/cohorts/{cohort.id}/certificates",
            ],
            "participant": [
                "/", f"/journey/{cohort.id}", f"/journey/{cohort.id}/action-plan",
                f"/journey/{cohort.id}/check-ins", "/notifications", "/calendar",
            ],
            "coach": [
                "/mentoring/", f"/mentoring/participants/{guided_enrollment.id}",
                f"/mentoring/submissions/{plan.id}",
                f"/mentoring/submissions/{plan.id}/versions/1", "/notifications",
            ],
        }

    return store


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_no_payload_in_any_text_field_becomes_markup_in_any_page(
        client, sign_in, hostile_round, organiser, participant, coach, payload):
    pages = hostile_round(payload)
    people = {"organiser": organiser, "participant": participant, "coach": coach}
    shown = False
    for role, urls in pages.items():
        sign_in(people[role])
        for url in urls:
            response = client.get(url)
            assert_inert(response, f"{role} {url}")
            shown = shown or shown_as_text(response.get_data(as_text=True), payload)
        client.post("/sign-out", data={})
    assert shown, "the payload was shown nowhere as text: the test would prove nothing"


def test_the_admin_users_page_shows_hostile_names_as_text(client, sign_in, admin, make_user):
    for payload in XSS_PAYLOADS:
        make_user(name=payload, position=payload, institution=payload)
    sign_in(admin)
    html = ""
    page = 1
    while (response := client.get(f"/admin/users?page={page}")).status_code != 404:
        assert_inert(response, f"/admin/users?page={page}")
        html += response.get_data(as_text=True)
        page += 1
    assert shown_as_text(html, "<script>window.__xss=1</script>")


def test_enrolling_through_the_form_keeps_hostile_names_as_text(
        client, sign_in, organiser, cohort):
    sign_in(organiser)
    for n, payload in enumerate(XSS_PAYLOADS):
        client.post(f"/manage/cohorts/{cohort.id}/people", data={
            "email": f"hostile{n}@madangan.example", "role": "participant",
            "name": payload, "position": payload, "institution": payload})
    response = client.get(f"/manage/cohorts/{cohort.id}/people")
    assert_inert(response, "people")
    assert shown_as_text(response.get_data(as_text=True), "\"><img src=x onerror=window.__xss=1>")


def test_template_injection_is_shown_literally_not_evaluated(client, sign_in, hostile_round,
                                                             participant):
    hostile_round("{{7*7}} ${7*7} {{ config.SECRET_KEY }}")
    sign_in(participant)
    html = client.get("/").get_data(as_text=True)
    assert "{{7*7}} ${7*7} {{ config.SECRET_KEY }}" in unescape(html)
    assert "test-secret" not in html


@pytest.mark.parametrize("payload", NUL_PAYLOADS, ids=range(len(NUL_PAYLOADS)))
def test_a_nul_character_in_a_form_is_refused_and_nothing_is_saved(
        db, client, sign_in, organiser, program, cohort, payload):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/edit", data={
        "organisation_id": program.organisation_id, "title": payload, "slug": program.slug,
        "description": payload})
    assert response.status_code == 400
    response = client.post(f"/manage/cohorts/{cohort.id}/people", data={
        "email": "nul@madangan.example", "role": "participant", "name": payload})
    assert response.status_code == 400
    db.session.refresh(program)
    assert program.title == "Digital Leadership"
    assert db.session.scalar(select(User).filter_by(email="nul@madangan.example")) is None


# --- course content ----------------------------------------------------------------------------

def write_course(root, payloads):
    """A course folder with one lesson per payload, as authors write them."""
    course = root / "courses" / "hostile"
    (course / "lessons").mkdir(parents=True)
    entries = []
    for n, payload in enumerate(payloads):
        (course / "lessons" / f"l{n}.md").write_text(
            f"# Lesson {n}\n\n{payload}\n\nInline: {payload}\n\n> {payload}\n\n"
            f"- {payload}\n\n| a | b |\n|---|---|\n| {payload} | x |\n", encoding="utf-8")
        entries.append(f'[[modules.activities]]\nslug = "l{n}"\nkind = "lesson"\n'
                       f'title = "Lesson {n}"\nfile = "lessons/l{n}.md"\nminutes = 5\n')
    (course / "course.toml").write_text(
        'slug = "hostile"\ntitle = "Hostile"\nlanguage = "en"\njp = 2\nsummary = "x"\n\n'
        '[[modules]]\nslug = "m"\ntitle = "Module"\n\n' + "\n".join(entries),
        encoding="utf-8")


def test_course_markdown_with_payloads_is_rendered_inert(db, tmp_path, client, sign_in,
                                                         participant, cohort, make_program,
                                                         make_cohort):
    write_course(tmp_path, XSS_PAYLOADS)
    [source] = load_content(tmp_path)
    for activity in source.modules[0].activities:
        assert not audit(activity.body_html), activity.slug
    sync_courses([source])
    hostile_program = make_program(
        [db.session.scalar(select(Course).filter_by(slug="hostile"))],
        organisation=cohort.program.organisation, slug="hostile")
    hostile_cohort = make_cohort(hostile_program, name="Hostile round")
    enroll(hostile_cohort, participant, actor=None)
    sign_in(participant)
    for n in range(len(XSS_PAYLOADS)):
        assert_inert(client.get(f"/journey/{hostile_cohort.id}/hostile/l{n}"), f"lesson {n}")


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_markdown_renderer_leaves_no_script_or_outside_load(payload):
    html = render_markdown(f"{payload}\n\n*{payload}*\n\n[{payload}]({payload})")
    assert not audit(html)
    assert "<img" not in html  # images are not in the allowed tags at all


# --- the certificate PDF -------------------------------------------------------------------

class CountingHandler(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    """A local HTTP server that counts the requests it gets; yields (host:port, hits)."""
    CountingHandler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}", CountingHandler.hits
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def certificate_payloads(host):
    return [p.replace(TRAP_HOST, host) for p in XSS_PAYLOADS if len(p) < 120] + [
        f'<img src="http://{host}/img.png">', f"<link rel=stylesheet href=http://{host}/a.css>",
        f"<style>@import url(http://{host}/b.css);</style>",
    ]


def test_certificate_pdf_shows_payloads_as_text_and_fetches_nothing(counting_server):
    host, hits = counting_server
    renderer = pdf.CertificateRenderer()
    for payload in certificate_payloads(host):
        context = {
            "number": "BPSDM/DL/2026/0001", "verification_code": "x" * 43,
            "verify_url": "https://madangan.example/verify/x",
            "holder": {"name": payload, "nip": None, "position": payload,
                       "institution": payload},
            "program_title": payload, "qualification": payload,
            "cohort": {"name": payload, "starts_on": date(2026, 11, 16),
                       "ends_on": date(2026, 12, 11), "place": payload},
            "organisation_name": payload, "jp": Decimal(40), "issued_on": date(2026, 12, 12),
            "signatories": [{"name": payload, "title": payload, "nip": None,
                             "institution": payload}],
            "languages": ["id", "en"], "revoked": False,
        }
        html = renderer.html(context)
        assert not audit(html), payload
        document = PdfReader(io.BytesIO(renderer.render(context)))
        text = " ".join(page.extract_text() for page in document.pages)
        if "window.__xss=1" in payload and payload.isascii():
            assert "window.__xss=1" in text, payload
        for page in document.pages:
            assert "/JavaScript" not in str(page.get("/AA", "")) and "/JS" not in str(page)
        assert "/JavaScript" not in str(document.trailer["/Root"])
    assert hits == [] and renderer.refused == []


def test_the_certificate_fetcher_refuses_what_a_payload_would_load(counting_server):
    """Were a payload ever to reach the PDF as markup, its loads would still go nowhere."""
    host, hits = counting_server
    renderer = pdf.CertificateRenderer()
    markup = (f'<img src="http://{host}/img.png"><link rel=stylesheet href="http://{host}/a.css">'
              f'<img src="file:///etc/passwd"><img src="data:image/png;base64,iVBORw0KGgo=">')
    HTML(string=markup, url_fetcher=renderer.fetcher(pdf.DEFAULT_TEMPLATE)).write_pdf()
    assert hits == []
    assert {f"http://{host}/img.png", f"http://{host}/a.css",
            "file:///etc/passwd"} <= set(renderer.refused)


def test_an_issued_certificate_carries_hostile_names_into_its_pdf(db, participant, program,
                                                                  enrollment, organiser):
    participant.name = "<script>window.__xss=1</script>"
    program.title = "\"><img src=x onerror=window.__xss=1>"
    complete_every_activity(enrollment, datetime(2026, 12, 1, tzinfo=timezone.utc))
    db.session.flush()
    certificate = issue_certificate(organiser, enrollment, today=date(2026, 12, 12),
                                    now=datetime(2026, 12, 12, tzinfo=timezone.utc))
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(certificate.pdf)).pages)
    assert "<script>window.__xss=1</script>" in text
    assert "onerror=window.__xss=1>" in text
    assert certificate_context(certificate)["holder"]["name"] == participant.name


# --- exports ---------------------------------------------------------------------------------

def read_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    return [[cell for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def exports(cohort, program):
    """Every spreadsheet the organiser can download about the round."""
    def urls(fmt):
        return [f"/manage/cohorts/{cohort.id}/export.{fmt}",
                f"/manage/cohorts/{cohort.id}/outcomes.{fmt}",
                f"/manage/programs/{program.id}/outcomes.{fmt}",
                f"/manage/reports/jp.{fmt}"]
    return urls


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS, ids=range(len(FORMULA_PAYLOADS)))
def test_exports_neutralise_formulas(client, sign_in, organiser, hostile_round, exports,
                                     payload):
    hostile_round(payload)
    sign_in(organiser)
    found = 0
    for url in exports("csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        rows = read_csv(response.data)
        for cell in (cell for row in rows for cell in row):
            assert not cell.startswith(FORMULA_PREFIXES), (url, cell)
            found += payload in cell
    for url in exports("xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        for cell in (cell for row in read_xlsx(response.data) for cell in row):
            assert cell.data_type != "f", (url, cell.value)
            found += isinstance(cell.value, str) and payload in cell.value
    assert found >= 2, "the payload reached no export: the test would prove nothing"


# --- uploads ---------------------------------------------------------------------------------

def xlsx_bytes(build):
    workbook = openpyxl.Workbook()
    build(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_sheet(content, replace):
    """The workbook with its first sheet's XML changed by `replace` (bytes → bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = replace(data)
            target.writestr(item, data)
    return out.getvalue()


HEADINGS = ["Name", "Email", "NIP", "Position", "Institution"]


def zip_of(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def with_dimension(content, dimension, extra_rows=""):
    """The workbook with its first sheet claiming `dimension` and holding `extra_rows`."""
    def replace(xml):
        xml = re.sub(rb'<dimension ref="[^"]*" ?/>',
                     f'<dimension ref="{dimension}"/>'.encode(), xml)
        return xml.replace(b"</sheetData>", extra_rows.encode() + b"</sheetData>")
    return rewrite_sheet(content, replace)


def far_cell(row):
    return f'<row r="{row}"><c r="XFD{row}" t="inlineStr"><is><t>x</t></is></c></row>'


def roster_workbook(*people):
    return xlsx_bytes(lambda sheet: [sheet.append(row) for row in (HEADINGS, *people)])


def zip_bomb():
    """A workbook of about a megabyte that unpacks to more XML than any roster needs."""
    return with_dimension(roster_workbook(), "A1:XFD1048576",
                          "".join(far_cell(n) for n in range(2, 200_002)))


def sheet_claiming_every_cell():
    """A small workbook whose sheet claims a million rows of 16,384 columns, with one person
    and one cell in the very last row and column."""
    return with_dimension(roster_workbook(["Dewi Lestari", "dewi@example.org"]),
                          "A1:XFD1048576", far_cell(1048576))


MALFORMED_UPLOADS = {
    "not a zip": ("roster.xlsx", b"Name,Email\nDewi,dewi@example.org\n"),
    "html as xlsx": ("roster.xlsx", b"<html><script>alert(1)</script></html>"),
    "truncated zip": ("roster.xlsx", xlsx_bytes(lambda s: s.append(HEADINGS))[:500]),
    "zip without a workbook": ("roster.xlsx", zip_of({"a.txt": "a"})),
    "zip bomb": ("roster.xlsx", zip_bomb()),
    "sheet claiming every cell": ("roster.xlsx", sheet_claiming_every_cell()),
    "csv with NUL bytes": ("roster.csv",
                           b"Name,Email\nDe\x00wi,dewi@example.org\n\x00\x00\x00,\x00\n"),
    "csv in UTF-16": ("roster.csv", "Name,Email\nDewi,dewi@example.org\n".encode("utf-16")),
    "csv of invalid UTF-8": ("roster.csv", b"Name,Email\n\xff\xfe\xc3\x28,dewi@example.org\n"),
    "csv of 10k columns": ("roster.csv", (
        ",".join(["Name", "Email"] + [f"c{i}" for i in range(10_000)]) + "\n"
        + ",".join(["Dewi", "d@example.org"] + ["x"] * 10_000) + "\n").encode()),
    "csv with a 1 MB cell": ("roster.csv", b"Name,Email\n" + b"x" * 1_000_000 + b",a@b.org\n"),
    "csv of blank lines": ("roster.csv", b"Name,Email\n" + b"\n" * 2_000_000),
    "csv of unclosed quotes": ("roster.csv", b"Name,Email\n\"Dewi,dewi@example.org\n" * 3),
    "csv with formulas": ("roster.csv", ("Name,Email,Position\n" + "".join(
        f"\"{p}\",f{n}@example.org,\"{p}\"\n" for n, p in enumerate(FORMULA_PAYLOADS))).encode()),
    "no extension": ("roster", b"Name,Email\n"),
    "exe": ("roster.exe", b"MZ\x90\x00"),
}


def upload(client, url, filename, content, **kwargs):
    """Post a file as a browser does; the test client's own multipart encoder leaves a
    temporary file open for bodies over 500 KB."""
    boundary = "hostile-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{client.csrf_token()}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"{filename}\"\r\nContent-Type: "
            f"application/octet-stream\r\n\r\n").encode() + content + \
        f"\r\n--{boundary}--\r\n".encode()
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}",
                       **kwargs)


def people_count(db):
    return (db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(Enrollment)))


@pytest.mark.parametrize("name", MALFORMED_UPLOADS)
def test_malformed_roster_files_are_refused_with_a_message_and_enrol_nobody(
        db, client, sign_in, organiser, cohort, name):
    filename, content = MALFORMED_UPLOADS[name]
    sign_in(organiser)
    before = people_count(db)
    response = upload(client, f"/manage/cohorts/{cohort.id}/roster", filename, content)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302:
        preview = client.get(response.location)
        assert preview.status_code == 200
        assert_inert(preview, name)
        assert people_count(db) == before  # a preview enrols nobody
        applied = client.post(f"{response.location}/apply", data={})
        assert applied.status_code in (302, 409)
        if applied.status_code == 409:  # problems: all or nobody
            assert people_count(db) == before
    else:
        assert people_count(db) == before


def test_a_zip_bomb_is_refused_naming_the_limit(client, sign_in, organiser, cohort):
    sign_in(organiser)
    response = upload(client, f"/manage/cohorts/{cohort.id}/roster", "roster.xlsx", zip_bomb())
    preview = client.get(response.location, headers={"Accept-Language": "en"})
    assert "unpacks to more than 8 MB" in preview.get_data(as_text=True)


@pytest.mark.parametrize("dimension", ["A1:E1", "A1:XFD1048576"])
def test_a_sheet_is_read_as_it_is_whatever_size_it_claims(client, sign_in, organiser, cohort,
                                                          dimension):
    """Excel-like tools write the size of the sheet in it; a wrong one neither hides people
    nor makes the server pad a million empty rows."""
    content = with_dimension(roster_workbook(["Dewi Lestari", "dewi@example.org"],
                                             ["Asep Sunandar", "asep@example.org"]),
                             dimension, far_cell(1048576))
    sign_in(organiser)
    response = upload(client, f"/manage/cohorts/{cohort.id}/roster", "roster.xlsx", content)
    html = client.get(response.location).get_data(as_text=True)
    assert "Dewi Lestari" in html and "asep@example.org" in html


def test_a_roster_over_the_row_limit_is_refused_naming_the_limit(db, client, sign_in,
                                                                 organiser, cohort):
    content = ("Name,Email\n" + "".join(f"P{n},p{n}@example.org\n"
                                        for n in range(MAX_ROWS + 1))).encode()
    sign_in(organiser)
    before = people_count(db)
    response = client.post(f"/manage/cohorts/{cohort.id}/roster",
                           data={"file": (io.BytesIO(content), "roster.csv")},
                           follow_redirects=True)
    assert f"more than {MAX_ROWS} people" in response.get_data(as_text=True)
    assert people_count(db) == before


def test_a_score_file_bomb_or_disguise_gets_a_message_not_an_error(client, sign_in,
                                                                   organiser):
    sign_in(organiser)
    for name in ("not a zip", "zip bomb", "sheet claiming every cell", "csv with NUL bytes",
                 "csv of 10k columns", "csv of invalid UTF-8", "zip without a workbook"):
        filename, content = MALFORMED_UPLOADS[name]
        response = upload(client, "/manage/scores/import",
                          filename.replace("roster", "scores"), content)
        assert response.status_code < 500, name


def test_the_roster_preview_shows_hostile_cells_as_text(client, sign_in, organiser, cohort):
    rows = "".join(f"\"{p.replace(chr(34), chr(34) * 2)}\",h{n}@example.org,\"{p}\"\n"
                   for n, p in enumerate(XSS_PAYLOADS) if "\n" not in p)
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/roster",
                           data={"file": (io.BytesIO(("Name,Email,Position\n" + rows)
                                                     .encode()), "roster.csv")})
    assert response.status_code == 302
    preview = client.get(response.location)
    assert_inert(preview, "roster preview")
    assert shown_as_text(preview.get_data(as_text=True), "<svg onload=window.__xss=1>")
