"""The TUI's fixtures and its async test runner, for the Pilot tests here (issue 20.9)."""

from tests.tui.conftest import make, pytest_pyfunc_call, seeded, tui_paths  # noqa: F401
