"""Shared fixtures: a small corpus written for the tests, an index built from it, the Flask app."""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from indexer.build import rebuild
from indexer.search import LiveIndex
from search_web import create_app
from tests.serverutil import without_permission_override

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


@pytest.fixture(scope="session")
def fixture_corpus() -> Path:
    """The committed fixture corpus (read-only: copy it before changing it)."""
    return CORPUS


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private, writable copy of the fixture corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the fixture corpus, built once per test session."""
    index_dir = tmp_path_factory.mktemp("index")
    rebuild([CORPUS], index_dir)
    return index_dir


@pytest.fixture
def live_index(built_index: Path) -> LiveIndex:
    index = LiveIndex(built_index)
    yield index
    index.close()


@pytest.fixture
def app(built_index: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(built_index)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def facets_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of tests/fixtures/facets: several outlets, years, topics, authors, languages, and wire copies."""
    index_dir = tmp_path_factory.mktemp("facets-index")
    rebuild([FIXTURES / "facets"], index_dir)
    return index_dir


@pytest.fixture
def facets_client(facets_index: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(facets_index)}).test_client()


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Write `count` plain-text articles into a new folder; returns it and each article's own unique word."""
    vocabulary = ("market oil storm harbour election minister court bank rain school crop price trade union police "
                  "fire bridge ferry council budget strike vaccine drought export tariff coast rail airport").split()

    def make(name: str, count: int, seed: int = 0) -> tuple[Path, list[str]]:
        rng = random.Random(seed)
        folder = tmp_path / name
        folder.mkdir()
        unique = [f"zq{chr(97 + n // 676 % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n % 26)}x" for n in range(count)]
        for n, word in enumerate(unique):
            paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(40)) + "." for _ in range(3)]
            (folder / f"article-{n:05d}.txt").write_text(
                f"{rng.choice(vocabulary).title()} report {n} – World – Wire {n % 7}\n\n{word} "
                + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        return folder, unique

    return make


@pytest.fixture
def permissions_bind():
    """A `preexec_fn` under which file permissions stop a process even when the tests run as root."""
    try:
        subprocess.run(["true"], preexec_fn=without_permission_override, check=True)
    except (subprocess.SubprocessError, OSError) as error:
        pytest.skip(f"cannot drop root's permission override for a child process here: {error}")
    return without_permission_override
