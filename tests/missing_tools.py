"""Tests that need a tool outside Python (chromium, poppler, axe-core, …) and one check over
why tests were skipped.

A test that cannot run without such a tool is marked with :func:`needs`, whose skip reason
ends in ``MARK``. On a developer's machine the test is then skipped with that note; under
CI (``CI=true``) every such skip fails the run, so a green CI means the browser, PDF and
accessibility tests ran. The check reads the skip reasons, so it also catches a skip
written by hand that names ``make system-deps``.
"""

from __future__ import annotations

import os

import pytest

MARK = "(make system-deps)"


def needs(present: bool, what: str) -> pytest.MarkDecorator:
    """Skip unless ``present``; ``what`` says which tool is missing, e.g. "Debian's chromium"."""
    return pytest.mark.skipif(not present, reason=f"{what} is not installed {MARK}")


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(SkipsForMissingTools(), "skips-for-missing-tools")


class SkipsForMissingTools:
    """Collects the skips for a missing tool of one run (one instance per run, so a run of
    pytest inside a test keeps its own)."""

    def __init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.skipped and isinstance(report.longrepr, tuple) and MARK in str(report.longrepr[2]):
            self.skipped.append((report.nodeid, str(report.longrepr[2])))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.skipped and under_ci() and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter, exitstatus: int, config: pytest.Config) -> None:
        if not (self.skipped and under_ci()):
            return
        terminalreporter.section("tools missing under CI", sep="=", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(self.skipped)} tests were skipped because a tool is missing; "
            "under CI=true that fails the run (install it: make system-deps):"
        )
        for reason in sorted({reason for _, reason in self.skipped}):
            terminalreporter.write_line(f"  {reason}")
