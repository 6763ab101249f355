"""The security headers of every response (Flask-Talisman): a strict Content Security Policy,
no framing, no referrer to other sites, HSTS over HTTPS.

The pages run no inline script and no script from elsewhere; the only inline styles are the
SVG charts' own stylesheets, which carry the page's nonce (the `nonced` template filter).
"""
from flask import request
from markupsafe import Markup
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # Bootstrap draws its form controls' icons as data: SVG
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}

talisman = Talisman()


def nonced(svg):
    """An inline SVG chart whose stylesheet the page's policy lets run: its <style> elements
    carry the request's nonce."""
    if not svg:
        return svg
    return Markup(str(svg).replace("<style", f'<style nonce="{request.csp_nonce}"'))


def init_app(app):
    """Production sends cookies Secure only (Talisman would otherwise force that on any app
    not in debug mode); HTTPS itself is the proxy's job, so /health still answers over HTTP."""
    talisman.init_app(
        app, force_https=False,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["style-src"],
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        strict_transport_security=True, strict_transport_security_max_age=365 * 24 * 3600,
    )
    app.add_template_filter(nonced)
