"""The fixture that fails a test leaving a process behind (tests/leaks.py) sees both kinds: a
child of the test run, and a process that left the tree but names the run's folder."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import leaks
from tests.waiting import wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SLEEPER = "import sys, time; time.sleep(60)"


def test_a_child_left_running_is_seen_and_one_waited_for_is_not(tmp_path):
    watch = leaks.Watch(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", SLEEPER])
    try:
        assert [p.pid for p in watch.left()] == [child.pid]
        assert "time.sleep(60)" in watch.left()[0].describe()
    finally:
        child.kill()
        child.wait()
    assert watch.left() == []


def test_a_daemon_naming_the_run_folder_is_seen_though_not_a_child(tmp_path):
    watch = leaks.Watch(tmp_path)
    pidfile = tmp_path / "pid"
    # Started in the background by a shell that exits at once: reparented away from us, as a
    # tmux server is.
    subprocess.run(["sh", "-c", f'{sys.executable} -c "{SLEEPER}" {tmp_path}/x & echo $! > {pidfile}'],
                   check=True)
    pid = int(wait_for(lambda: pidfile.exists() and pidfile.read_text().strip(), what="the pid"))
    try:
        (daemon,) = watch.left()
        assert daemon.pid == pid
        # A watch started after it (a clock tick later) does not count it: not that test's leak.
        wait_for(lambda: leaks.ticks_now() > daemon.started + 1, what="a tick after its start")
        assert leaks.Watch(tmp_path).left() == []
    finally:
        leaks.kill(watch.left())
    wait_for(lambda: not watch.left(), what="the daemon gone")
