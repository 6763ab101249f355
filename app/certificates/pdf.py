"""Certificate PDFs: a plain-data context, a Jinja template of our own and WeasyPrint.

A `CertificateRenderer` keeps what is costly to build — the parsed stylesheet of each
template, one FontConfiguration and WeasyPrint's image `cache` — and reuses it for every
document (about 14 ms a page instead of about 118 ms when each document starts afresh).

WeasyPrint reaches resources only through `LocalOnlyFetcher`: files under app/static and the
template's own folder; everything else (other files, any http(s) host, data: URLs) is refused,
recorded in `refused` and skipped by WeasyPrint with a logged warning.

Each render is bounded in time: a real-time interval timer (SIGALRM) interrupts a render that
runs past its deadline with `RenderTimeout`. Python checks signals between bytecodes, and
WeasyPrint lays out in Python, so the interruption comes within milliseconds. A timer set by
someone else (an RQ work horse's job timeout) is kept and restored. Off the main thread, where
signals cannot be delivered, the render runs in a child process that is killed at the deadline.
"""
import logging
import mimetypes
import multiprocessing
import re
import signal
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import qrcode
import qrcode.image.svg
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

APP_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = APP_DIR / "static"
DEFAULT_TEMPLATE = "default"
DEFAULT_TIMEOUT = 30.0  # seconds; a one-page certificate takes well under one
SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")

logger = logging.getLogger(__name__)


class RenderTimeout(Exception):
    """A certificate took longer to render than its deadline allows."""


class UnknownTemplate(LookupError):
    """A well-formed template name with no template folder behind it."""


class RefusedURL(ValueError):
    """A resource WeasyPrint may not fetch; WeasyPrint logs it and carries on without it."""


def qr_svg(url, *, size_mm=28):
    """An inline SVG QR code for `url`, titled with the URL for screen readers and search."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'width="[^"]*" height="[^"]*"', f'width="{size_mm}mm" height="{size_mm}mm"',
                 svg, count=1)
    head, _, rest = svg.partition(">")
    return Markup(f'{head} role="img"><title>{escape(url)}</title>{rest}')


def _date(value, locale):
    return format_date(value, "d MMMM y", locale=locale) if value else ""


def _jp(value):
    """JP as people write it: 40, not 40.00; 12,5 would be written 12.5 in both languages."""
    text = f"{value}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def template_environment(templates_dir=TEMPLATES_DIR):
    """A Jinja environment for certificates alone: autoescaped, no Flask, no request."""
    env = Environment(loader=FileSystemLoader(str(templates_dir)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["date_id"] = lambda value: _date(value, "id")
    env.filters["date_en"] = lambda value: _date(value, "en")
    env.filters["jp"] = _jp
    env.globals["qr_svg"] = qr_svg
    return env


class LocalOnlyFetcher(URLFetcher):
    """Serve files under the allowed folders; refuse every other URL and remember it."""

    def __init__(self, roots):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [Path(root).resolve() for root in roots]
        self.refused = []

    def fetch(self, url, headers=None):
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"certificate resources must be local app files: {url}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": mime_type})

    def _local_path(self, url):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            return None
        return path


class CertificateRenderer:
    """Render certificates from plain-data contexts, reusing stylesheets, fonts and cache."""

    def __init__(self, templates_dir=TEMPLATES_DIR, static_dir=STATIC_DIR,
                 timeout=DEFAULT_TIMEOUT):
        self.templates_dir = Path(templates_dir).resolve()
        self.static_dir = Path(static_dir).resolve()
        self.timeout = timeout
        self.env = template_environment(self.templates_dir)
        self.font_config = FontConfiguration()
        self.cache = {}
        self.refused = []
        self._stylesheets = {}

    def template_name(self, name):
        """The template folder to use: an unsafe name falls back to the default one; a safe
        name must exist, so a misspelt template is noticed rather than silently replaced."""
        if not isinstance(name, str) or not SAFE_SLUG.match(name):
            return DEFAULT_TEMPLATE
        folder = self.templates_dir / name
        if not (folder / "certificate.html").is_file():
            raise UnknownTemplate(f"no certificate template named {name!r}")
        return name

    def fetcher(self, template):
        fetcher = LocalOnlyFetcher([self.static_dir, self.templates_dir / template])
        fetcher.refused = self.refused  # one record of refusals per renderer
        return fetcher

    def stylesheet(self, template):
        """The template's certificate.css, parsed once per renderer."""
        if template not in self._stylesheets:
            path = self.templates_dir / template / "certificate.css"
            self._stylesheets[template] = [
                CSS(string=path.read_text(encoding="utf-8"), base_url=path.as_uri(),
                    font_config=self.font_config, url_fetcher=self.fetcher(template))
            ] if path.is_file() else []
        return self._stylesheets[template]

    def html(self, context, template=DEFAULT_TEMPLATE):
        """The certificate as HTML, for tests and previews."""
        template = self.template_name(template)
        return self.env.get_template(f"{template}/certificate.html").render(c=context)

    def render(self, context, template=DEFAULT_TEMPLATE, timeout=None):
        """The certificate as PDF bytes, within `timeout` seconds (the renderer's default)."""
        timeout = self.timeout if timeout is None else timeout
        if threading.current_thread() is not threading.main_thread():
            return _render_in_child(self, context, template, timeout)
        with deadline(timeout):
            return self._render(context, template)

    def _render(self, context, template):
        template = self.template_name(template)
        folder = self.templates_dir / template
        markup = self.env.get_template(f"{template}/certificate.html").render(c=context)
        document = HTML(string=markup, base_url=(folder / "certificate.html").as_uri(),
                        url_fetcher=self.fetcher(template))
        return document.write_pdf(stylesheets=self.stylesheet(template),
                                  font_config=self.font_config, cache=self.cache)


class deadline:
    """Raise RenderTimeout in the main thread once `seconds` have passed, keeping any
    interval timer already set (it still fires, at its own time)."""

    def __init__(self, seconds):
        self.seconds = seconds

    def _expired(self, signum, frame):
        self.expired = True
        raise RenderTimeout(f"rendering took longer than {self.seconds} s")

    def __enter__(self):
        self.expired = False
        self.started = time.monotonic()
        self.previous_handler = signal.signal(signal.SIGALRM, self._expired)
        self.previous_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)[0]
        if self.previous_timer and self.previous_timer < self.seconds:
            # The outer timer is due first: let it fire as it would have.
            signal.setitimer(signal.ITIMER_REAL, self.previous_timer)
            signal.signal(signal.SIGALRM, self.previous_handler)
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous_handler)
        if self.previous_timer:
            left = self.previous_timer - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
        if self.expired and exc[0] is None:
            # WeasyPrint swallowed the interruption (e.g. while fetching); the deadline stands.
            raise RenderTimeout(f"rendering took longer than {self.seconds} s")
        return False


def _child_render(connection, templates_dir, static_dir, context, template):
    try:
        renderer = CertificateRenderer(templates_dir, static_dir, timeout=None)
        connection.send(("ok", renderer._render(context, template), renderer.refused))
    except Exception as error:  # sent back to the parent, which raises it
        connection.send(("error", error, []))
    finally:
        connection.close()


def _render_in_child(renderer, context, template, timeout):
    """Render in a fresh process, killed at the deadline: threads cannot be interrupted."""
    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_child_render, daemon=True, args=(
        sender, renderer.templates_dir, renderer.static_dir, context, template))
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"rendering took longer than {timeout} s")
        outcome, value, refused = receiver.recv()
    except EOFError:
        raise RuntimeError("the certificate renderer process died") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    renderer.refused.extend(refused)
    if outcome == "error":
        raise value
    return value


_renderer = None


def renderer():
    """This process's renderer, built on first use."""
    global _renderer
    if _renderer is None:
        _renderer = CertificateRenderer()
    return _renderer


def render_certificate(context, template=DEFAULT_TEMPLATE):
    """The certificate's PDF bytes, from the plain-data `certificate_context`."""
    return renderer().render(context, template)
