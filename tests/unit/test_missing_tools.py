"""Under CI a test skipped for a missing tool fails the run; elsewhere it is only a skip."""

from __future__ import annotations

import pytest

TESTS = """
import pytest
from tests.missing_tools import needs

@needs(False, "Debian's chromium")
def test_in_browser():
    pass

def test_other():
    pass

def test_skipped_for_another_reason():
    pytest.skip("only the rural municipality")
"""


@pytest.fixture()
def suite(pytester):
    pytester.makeconftest('pytest_plugins = ["tests.missing_tools"]')
    pytester.makepyfile(TESTS)
    return pytester


def test_a_skip_for_a_missing_tool_fails_under_ci(suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest()
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*tools missing under CI*",
            "1 tests were skipped because a tool is missing*",
            "*Debian's chromium is not installed (make system-deps)",
        ]
    )


def test_a_skip_for_a_missing_tool_is_only_a_skip_elsewhere(suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = suite.runpytest()
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK
    assert "tools missing under CI" not in result.stdout.str()


def test_other_skips_do_not_fail_under_ci(pytester, monkeypatch):
    monkeypatch.setenv("CI", "true")
    pytester.makeconftest('pytest_plugins = ["tests.missing_tools"]')
    pytester.makepyfile("import pytest\n\ndef test_x():\n    pytest.skip('only the rural municipality')\n")
    assert pytester.runpytest().ret == pytest.ExitCode.OK
