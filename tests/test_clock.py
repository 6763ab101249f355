"""The one clock: the app reads the time nowhere else, tests set it, and a calendar day is the
organisation's (or a round's) own."""
import ast
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app import clock

ROOT = Path(__file__).resolve().parents[1]
APP, TESTS = ROOT / "app", ROOT / "tests"
WIB = timezone(timedelta(hours=7))
# Calls that read the system's clock (or the database server's) instead of app.clock.
READS_THE_TIME = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
    ("time", "ctime"), ("func", "now"), ("func", "current_date"), ("func", "current_timestamp"),
    ("func", "localtimestamp"),
}


def calls_that_read_the_time(source):
    """(line, call) for each call in the source that reads the time by itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in READS_THE_TIME:
                found.append((node.lineno, f"{name}.{node.func.attr}()"))
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [(node.lineno, f"from {node.module} import {alias.name}")
                      for alias in node.names if alias.name in ("time", "time_ns", "localtime")]
    return found


def readers_of_the_time(folder, *allowed):
    return [f"{path.relative_to(ROOT)}:{line}: {call}"
            for path in sorted(folder.rglob("*.py")) if path not in allowed
            for line, call in calls_that_read_the_time(path.read_text())]


def test_nothing_in_the_app_reads_the_time_but_the_clock():
    assert readers_of_the_time(APP, APP / "clock.py") == []


def test_no_test_depends_on_the_real_date():
    """Tests read the app's clock, which the suite sets (this module alone looks at the real
    time, to check the clock against it)."""
    assert readers_of_the_time(TESTS, TESTS / "test_clock.py") == []


@pytest.mark.parametrize("source", [
    "datetime.now(timezone.utc)", "datetime.datetime.utcnow()", "date.today()",
    "time.time()", "db.func.now()", "from time import time",
])
def test_the_check_finds_each_way_of_reading_the_time(source):
    assert calls_that_read_the_time(source) != []


def test_the_real_time_is_aware_and_in_utc():
    setting = clock.travel_to(datetime(2030, 1, 1, tzinfo=timezone.utc))
    clock.restore(None)
    try:
        before = datetime.now(timezone.utc)
        now = clock.now()
        assert now.tzinfo == timezone.utc and before <= now <= datetime.now(timezone.utc)
    finally:
        clock.restore(setting)


def test_the_suite_starts_each_test_at_its_own_moment(test_clock):
    assert test_clock - timedelta(seconds=1) < clock.now() < test_clock + timedelta(minutes=5)


def test_a_clock_set_to_stand_still_stands_still(set_clock):
    moment = set_clock(datetime(2027, 3, 1, 9, 0, tzinfo=WIB))
    time.sleep(0.01)
    assert clock.now() == moment and clock.now().tzinfo == timezone.utc


def test_a_clock_set_to_run_goes_on_from_the_moment(set_clock):
    moment = set_clock(datetime(2027, 3, 1, 9, 0, tzinfo=WIB), tick=True)
    time.sleep(0.01)
    assert moment < clock.now() < moment + timedelta(seconds=5)


def test_restore_puts_back_what_was_set_before():
    outer = clock.travel_to(datetime(2027, 3, 1, tzinfo=timezone.utc), tick=False)
    inner = clock.travel_to(datetime(2031, 7, 4, tzinfo=timezone.utc), tick=False)
    assert clock.now().year == 2031
    clock.restore(inner)
    assert clock.now() == datetime(2027, 3, 1, tzinfo=timezone.utc)
    clock.restore(outer)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        clock.travel_to(datetime(2027, 3, 1, 9, 0))


@pytest.mark.parametrize("moment, day", [
    (datetime(2026, 12, 31, 23, 30, tzinfo=WIB), date(2026, 12, 31)),
    (datetime(2027, 1, 1, 0, 30, tzinfo=WIB), date(2027, 1, 1)),
    (datetime(2028, 2, 29, 23, 59, tzinfo=WIB), date(2028, 2, 29)),
    (datetime(2028, 3, 1, 0, 1, tzinfo=WIB), date(2028, 3, 1)),
])
def test_today_and_this_year_are_the_organisations(app, set_clock, moment, day):
    set_clock(moment)
    with app.app_context():
        assert (clock.today(), clock.this_year()) == (day, day.year)


def test_half_an_hour_into_the_year_in_jakarta_it_is_still_the_old_year_in_utc(app, set_clock):
    set_clock(datetime(2027, 1, 1, 0, 30, tzinfo=WIB))
    with app.app_context():
        assert clock.today() == date(2027, 1, 1)
        assert clock.today("UTC") == date(2026, 12, 31)
        assert clock.today("Asia/Jayapura") == date(2027, 1, 1)
        assert clock.local_now("Asia/Makassar").hour == 1


def test_the_organisations_zone_is_a_setting(app, monkeypatch, set_clock):
    monkeypatch.setitem(app.config, "TIMEZONE", "Asia/Jayapura")
    set_clock(datetime(2026, 12, 31, 22, 30, tzinfo=WIB))  # 00:30 in Jayapura
    with app.app_context():
        assert clock.this_year() == 2027
