"""The HTTP benchmark: serve Madangan with gunicorn on a seeded database and drive its pages
with wrk from another process, beside the bare /health endpoint in the same run.

Run: .venv/bin/python bench/run.py --database-url URL [--size L] [--seconds 10]
(`make bench` does it for SQLite and PostgreSQL). The database is migrated and seeded with
`flask bench seed` when it is empty. Each page gets requests per second, p50 and p95 latency
at the given concurrency and its throughput as a share of the bare endpoint's; the section
"HTTP pages (<database>, size <size>)" of BENCHMARKS.md is rewritten with them.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from common import ROOT, machine, measured_at, table, write_section

BIN = Path(sys.executable).parent
REPORT = Path(__file__).with_name("wrk_report.lua")
SECRET_KEY = "bench-only-secret-key-not-for-production"
# Participant pages must reach this share of the bare endpoint's throughput, dashboards this.
TARGETS = {"participant": 0.25, "dashboard": 0.10}
P95_TARGET_MS = 150


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url):
    return {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY, "PUBLIC_URL": "http://127.0.0.1",
            # Sign-in is rate-limited; the benchmark signs in a handful of times only, but
            # repeated runs against one server would trip it.
            "SIGN_IN_RATE_LIMIT": "1000 per minute", "API_RATE_LIMIT": "1000000 per minute"}


def flask(env, *arguments):
    return subprocess.run([str(BIN / "flask"), *arguments], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def prepare(env, size, summary_path, password):
    """Migrate; seed when the summary of an earlier seed is missing."""
    flask(env, "db", "upgrade")
    if not summary_path.exists():
        print(f"seeding size {size} …", flush=True)
        started = time.perf_counter()
        flask(env, "bench", "seed", "--size", size, "--password", password,
              "--summary", str(summary_path))
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    return json.loads(summary_path.read_text())


def serve(env, workers, threads):
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "gthread",
         "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--no-control-socket",
         "wsgi:app"], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=1).ok:
                return server, url
        except requests.RequestException:  # not listening, or its workers still starting
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def session_cookie(url, email, password):
    """Sign in as a browser would and return the Cookie header of the signed-in session."""
    browser = requests.Session()
    form = browser.get(url + "/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or \
        re.search(r'name="csrf_token" value="([^"]+)"', form)
    response = browser.post(url + "/sign-in", data={
        "email": email, "password": password, "csrf_token": token.group(1)},
        allow_redirects=False)
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {email}")
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def pages(summary):
    """(name, kind, path, who) of every page measured; kind chooses its target."""
    return [
        ("participant home", "participant", "/", "participant"),
        ("program journey", "participant", summary["journey_path"], "participant"),
        ("lesson", "participant", summary["lesson_path"], "participant"),
        ("cohort dashboard", "dashboard", summary["dashboard_path"], "organiser"),
        ("coach home", "dashboard", "/mentoring/", "coach"),
        ("benchmark dashboard", "dashboard", summary["benchmark_path"], "organiser"),
        ("verify page", "participant", f"/verify/{summary['verification_code']}", None),
    ]


def wrk(url, seconds, connections, threads, cookie=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(REPORT),
               "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.split("WRK-JSON ", 1)[1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def check_answers(url, path, cookie):
    """A page that redirects to sign-in or fails would be measured fast and wrong."""
    response = requests.get(url + path, headers={"Cookie": cookie} if cookie else {},
                            allow_redirects=False, timeout=30)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")


def measure(url, summary, arguments):
    cookies = {who: session_cookie(url, summary[f"{who}_email"], summary["password"])
               for who in ("participant", "coach", "organiser")}
    results = []
    for name, kind, path, who in [("bare /health", "bare", "/health", None),
                                  *pages(summary)]:
        cookie = cookies.get(who)
        check_answers(url, path, cookie)
        wrk(url + path, 2, arguments.connections, arguments.threads, cookie)  # warm up
        figures = wrk(url + path, arguments.seconds, arguments.connections, arguments.threads,
                      cookie)
        if figures["non_2xx"] or figures["socket_errors"]:
            raise SystemExit(f"{name}: {figures['non_2xx']} non-2xx answers, "
                             f"{figures['socket_errors']} socket errors")
        results.append((name, kind, path, figures))
        print(f"{name:22} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:6.1f} ms  "
              f"p95 {figures['p95_ms']:6.1f} ms", flush=True)
    return results


def describe(counts):
    """The seeded data in a sentence: the tables that make the pages work hard."""
    names = ("user", "cohort", "enrollment", "completion", "attendance", "certificate")
    return ", ".join(f"{counts[name]:,} {name} rows" for name in names if name in counts)


def verdict(kind, ratio, p95):
    if kind == "bare":
        return "—"
    misses = []
    if ratio < TARGETS[kind]:
        misses.append(f"below {TARGETS[kind]:.2f}×")
    if kind == "participant" and p95 >= P95_TARGET_MS:
        misses.append(f"p95 ≥ {P95_TARGET_MS} ms")
    return "missed: " + ", ".join(misses) if misses else "met"


def section(results, arguments, database, counts):
    bare = results[0][3]["rps"]
    rows = [(name, f"`{path}`", f"{figures['rps']:.0f}", f"{figures['p50_ms']:.1f}",
             f"{figures['p95_ms']:.1f}", f"{figures['rps'] / bare:.2f}×",
             verdict(kind, figures["rps"] / bare, figures["p95_ms"]))
            for name, kind, path, figures in results]
    return f"""`bench/run.py --database-url {arguments.public_url} --size {arguments.size}` — \
measured {measured_at()}.

Machine: {machine()}. Data: {counts}. Server: gunicorn, {arguments.workers} workers × \
{arguments.server_threads} threads (gthread), on the same machine as wrk ({arguments.threads} \
threads, {arguments.connections} connections, {arguments.seconds} s per page after 2 s of warm-up).

{table(rows, ("page", "path", "req/s", "p50 ms", "p95 ms", "× bare", "target"))}

Targets: participant pages ≥ {TARGETS['participant']}× the bare endpoint and p95 under \
{P95_TARGET_MS} ms; dashboards ≥ {TARGETS['dashboard']}×.
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file under /tmp per size")
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count(),
                        help="gunicorn workers (default 2 per CPU)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--summary", type=Path,
                        help="the JSON `flask bench seed --summary` wrote for this database")
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md alone")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk)")
    database_url = arguments.database_url or \
        f"sqlite:///{tempfile.gettempdir()}/madangan-bench-{arguments.size}.sqlite"
    arguments.public_url = re.sub(r"//[^@/]*@", "//", database_url)  # no password in print
    database = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    env = environment(database_url)
    summary_path = Path(tempfile.gettempdir()) / (
        "madangan-bench-" + re.sub(r"\W+", "-", arguments.public_url) + ".json")
    summary = prepare(env, arguments.size, arguments.summary or summary_path, "madangan-bench")
    server, url = serve(env, arguments.workers, arguments.server_threads)
    try:
        results = measure(url, summary, arguments)
    finally:
        server.terminate()
        server.wait(timeout=30)
    body = section(results, arguments, database, describe(summary["counts"]))
    print(body)
    if not arguments.no_write:
        write_section(f"HTTP pages ({database}, size {arguments.size})", body)


if __name__ == "__main__":
    main()
