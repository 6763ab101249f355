"""Certificate PDFs: what they show, the QR code, escaping, refused resources, the deadline."""
import http.server
import io
import re
import shutil
import threading
from datetime import date
from decimal import Decimal

import pypdf
import pytest

from app.certificates import pdf
from app.certificates.pdf import CertificateRenderer, RenderTimeout, UnknownTemplate, qr_svg

VERIFY_URL = "https://madangan.example/verify/Zq3-abc"


def context(**overrides):
    """A plain-data context as services.certificate_context gives it."""
    values = {
        "number": "BPSDM-JABAR/PROGRAM/2026/0007", "verification_code": "Zq3-abc",
        "verify_url": VERIFY_URL,
        "holder": {"name": "Dewi Lestari", "nip": "198701012010012001",
                   "position": "Analis Kebijakan", "institution": "Diskominfo Jabar"},
        "program_title": "Digital Leadership", "qualification": "Pemimpin Digital",
        "cohort": {"name": "Angkatan I", "starts_on": date(2026, 11, 16),
                   "ends_on": date(2026, 12, 11), "place": "Bandung"},
        "organisation_name": "BPSDM Provinsi Jawa Barat", "jp": Decimal("40.00"),
        "issued_on": date(2026, 12, 12),
        "signatories": [{"name": "Budi Santoso", "title": "Kepala BPSDM",
                         "nip": "196801011990011001", "institution": "BPSDM Jabar"},
                        {"name": "Jane Roe", "title": "Director", "nip": None,
                         "institution": "Institute of Public Service"}],
        "languages": ["id", "en"], "revoked": False,
    }
    values.update(overrides)
    return values


def text_of(body):
    assert body.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


@pytest.fixture(scope="module")
def renderer():
    return CertificateRenderer()


def test_the_pdf_shows_the_holder_the_number_and_the_jp(renderer):
    text = text_of(renderer.render(context()))
    assert "Dewi Lestari" in text
    assert "BPSDM-JABAR/PROGRAM/2026/0007" in text
    assert "40 JP" in text
    assert "SERTIFIKAT / CERTIFICATE" in text
    assert "16 November 2026 – 11 Desember 2026" in text  # Indonesian dates
    assert "11 December 2026" in text  # and English ones
    assert "Jane Roe" in text and "NIP 196801011990011001" in text
    assert len(pypdf.PdfReader(io.BytesIO(renderer.render(context()))).pages) == 1


def test_render_certificate_reuses_one_renderer_per_process():
    assert pdf.renderer() is pdf.renderer()
    assert "Dewi Lestari" in text_of(pdf.render_certificate(context()))


def test_the_qr_code_encodes_the_verify_url_and_is_in_the_pdf(renderer):
    svg = str(qr_svg(VERIFY_URL))
    assert svg.startswith("<svg") and f"<title>{VERIFY_URL}</title>" in svg
    other = str(qr_svg(VERIFY_URL + "x"))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    assert path != re.search(r' d="([^"]+)"', other).group(1)  # the modules follow the URL
    assert svg in renderer.html(context())
    assert VERIFY_URL in text_of(renderer.render(context()))  # printed under the code too


def test_context_strings_are_escaped(renderer):
    hostile = '<img src="file:///etc/passwd"><b>Dewi</b>'
    html = renderer.html(context(holder={**context()["holder"], "name": hostile}))
    assert hostile not in html and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    before = len(renderer.refused)
    text = text_of(renderer.render(context(holder={**context()["holder"], "name": hostile})))
    assert '<img src="file:///etc/passwd"><b>Dewi</b>' in text  # shown as text
    assert renderer.refused[before:] == []  # nothing was even attempted


class Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that records any request made to it."""
    Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile_templates(tmp_path, local_server):
    """A template folder next to the real default, with a template that reaches out."""
    shutil.copytree(pdf.TEMPLATES_DIR / "default", tmp_path / "default")
    folder = tmp_path / "hostile"
    folder.mkdir()
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>')
    (folder / "certificate.html").write_text(f"""<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="http://169.254.169.254/x.css">
<link rel="stylesheet" href="{local_server}/linked.css">
</head><body>
<img src="file:///etc/passwd"> <img src="{local_server}/image.png">
<img src="../secret.svg"> <img src="logo.svg">
<p>{{{{ c.holder.name }}}}</p>
</body></html>""")
    (folder / "certificate.css").write_text(
        f'@import url(http://example.org/x.css);\n@import url({local_server}/imported.css);\n'
        'body { background: url(file:///etc/hostname); }\n')
    return tmp_path


def test_a_hostile_template_fetches_nothing_outside_the_app(hostile_templates, local_server):
    renderer = CertificateRenderer(templates_dir=hostile_templates)
    text = text_of(renderer.render(context(), "hostile"))
    assert "Dewi Lestari" in text
    assert Recorder.requests == []
    refused = set(renderer.refused)
    assert {"file:///etc/passwd", "http://169.254.169.254/x.css", "http://example.org/x.css",
            f"{local_server}/linked.css", f"{local_server}/image.png",
            f"{local_server}/imported.css", "file:///etc/hostname",
            (hostile_templates / "secret.svg").as_uri()} <= refused
    assert (hostile_templates / "hostile" / "logo.svg").as_uri() not in refused


def test_the_fetcher_serves_app_static_files():
    fetcher = pdf.LocalOnlyFetcher([pdf.STATIC_DIR])
    response = fetcher.fetch((pdf.STATIC_DIR / "madangan.css").as_uri())
    assert response.read() == (pdf.STATIC_DIR / "madangan.css").read_bytes()
    for url in ["file:///etc/passwd", (pdf.STATIC_DIR / ".." / "config.py").as_uri(),
                "data:text/css,body{}", "https://madangan.example/static/madangan.css",
                "file://evil.example" + str(pdf.STATIC_DIR / "madangan.css")]:
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


@pytest.mark.parametrize("name", ["../default", "..", "default/../../etc", "Default",
                                  "/etc/passwd", "", None, "a" * 61])
def test_unsafe_template_names_fall_back_to_the_default(renderer, name):
    assert renderer.template_name(name) == "default"


def test_a_safe_but_unknown_template_name_is_an_error(renderer):
    with pytest.raises(UnknownTemplate):
        renderer.render(context(), "no-such-template")


def test_a_render_past_its_deadline_is_cut_off():
    slow = CertificateRenderer(timeout=0.001)
    with pytest.raises(RenderTimeout):
        slow.render(context())
    assert "Dewi Lestari" in text_of(slow.render(context(), timeout=30))


def test_the_deadline_keeps_an_outer_timer():
    import signal
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        CertificateRenderer().render(context())
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 90 < left <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_off_the_main_thread_a_child_process_renders_within_the_deadline():
    outcome = {}

    def work():
        renderer = CertificateRenderer()
        try:
            renderer.render(context(), timeout=0.001)
        except RenderTimeout:
            outcome["timeout"] = True
        outcome["pdf"] = renderer.render(context(), timeout=60)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert outcome.get("timeout") is True
    assert "Dewi Lestari" in text_of(outcome["pdf"])
