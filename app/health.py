"""A liveness answer for load balancers, and the benchmark's bare endpoint: it touches neither
the database nor the session, so it measures the app server and nothing else."""
from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    """Say the process serves requests."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
