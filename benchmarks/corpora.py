"""The corpora a benchmark can run on: Reuters-21578, a freshly generated one, or any folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate_corpus import GenerationReport, generate
from benchmarks.querysets import REUTERS


@dataclass
class Corpus:
    label: str  # names the results file
    path: Path
    generation: GenerationReport | None = None


def choose_corpus(spec: str, generated_count: int, seed: int, workdir: Path) -> Corpus:
    """`reuters`, `generated` (written under `workdir` now, `generated_count` articles) or a PATH.

    A generated corpus gets a folder of its own per size and seed, so a kept workdir never mixes two.
    """
    if spec == "reuters":
        return Corpus("reuters", REUTERS)
    if spec == "generated":
        out = workdir / f"generated-{generated_count}-seed{seed}"
        return Corpus(f"generated-{generated_count}", out, generate(generated_count, seed, out))
    path = Path(spec)
    if not path.exists():
        raise SystemExit(f"corpus not found: {spec} (give reuters, generated or a folder)")
    return Corpus(path.resolve().name, path.resolve())
