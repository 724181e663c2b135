"""Shared fixtures: a small corpus written for the tests, an index built from it, the Flask app."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import rebuild
from indexer.search import LiveIndex
from search_web import create_app

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
