"""The README is the front door: its commands must be the ones CI and users actually run."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index("## Two commands on a fresh machine (Python 3.11+)")
    return [line.strip() for line in lines[start:start + 12] if line.startswith("    ")]


def test_two_commands_and_ci_runs_the_test_one():
    main_job, tests = readme_commands()
    assert "news-index rebuild" in main_job and main_job.endswith("news-web")
    assert "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text().splitlines()
