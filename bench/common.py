"""What every benchmark script shares: the machine's description and writing its section of
BENCHMARKS.md, leaving the other sections as they are."""
import os
import platform
import re
import resource
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
INTRO = """# Benchmarks

Figures measured on the machine named in each section, by the scripts under `bench/`.
Re-run a script to refresh its section; the other sections are left as they are.
"""


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine():
    return f"{os.cpu_count()} CPUs (nproc), {cpu_model()}; Python {platform.python_version()}"


def measured_at():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def max_rss_mib(who):
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def table(rows, heading=("figure", "value")):
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(title, body):
    """Put `## title` with `body` into BENCHMARKS.md, replacing the section of that title."""
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else INTRO
    new = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _match: new + "\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + new
    BENCHMARKS.write_text(text)
