"""What a rebuild or update did, for the operator: counts, reasons for every skip, time taken."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..article import Skip

EXAMPLES_PER_REASON = 3


@dataclass
class BuildReport:
    """What a rebuild or update did, for the operator: counts, reasons for every skip, time taken."""

    kind: str = "rebuild"  # or "update"
    generation: str = ""
    files: int = 0
    indexed: int = 0
    skipped: Counter = field(default_factory=Counter)
    not_articles: Counter = field(default_factory=Counter)  # routine skips (records that hold no page), by kind
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    elapsed: float = 0.0
    sources: Counter = field(default_factory=Counter)
    duplicate_groups: int = 0
    duplicate_articles: int = 0
    # update only: files by fate, and articles removed
    added_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    removed_articles: int = 0

    def skip(self, item: Skip) -> None:
        if item.routine:
            self.not_articles[item.reason] += 1
            return
        self.skipped[item.reason] += 1
        if len(self.examples[item.reason]) < EXAMPLES_PER_REASON:
            self.examples[item.reason].append(item.where)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "generation": self.generation,
            "files": self.files,
            "indexed": self.indexed,
            "skipped": dict(self.skipped),
            "skipped_examples": {k: list(v) for k, v in self.examples.items()},
            "not_articles": dict(self.not_articles),
            "elapsed_seconds": round(self.elapsed, 3),
            "sources": dict(self.sources),
            "duplicate_groups": self.duplicate_groups,
            "duplicate_articles": self.duplicate_articles,
        } | ({"added_files": len(self.added_files), "changed_files": len(self.changed_files),
              "removed_files": len(self.removed_files), "removed_articles": self.removed_articles}
             if self.kind == "update" else {})

    def _skip_lines(self) -> list[str]:
        total = sum(self.skipped.values())
        lines = [f"skipped {total}" + (":" if total else "")]
        for reason, count in self.skipped.most_common():
            lines.append(f"  {count:>6}  {reason}: " + ", ".join(self.examples[reason])
                         + (", ..." if count > len(self.examples[reason]) else ""))
        if self.not_articles:
            lines.append("records holding no page, by kind: "
                         + ", ".join(f"{count} {kind}" for kind, count in self.not_articles.most_common()))
        return lines

    def summary(self) -> str:
        """The closing lines printed by `news-index rebuild`."""
        return "\n".join([
            f"indexed {self.indexed} articles from {self.files} files in {self.elapsed:.1f} s"
            f" (generation {self.generation})",
            f"versions of a story: {self.duplicate_groups} groups holding {self.duplicate_articles} articles",
            *self._skip_lines(),
        ])

    def update_summary(self) -> str:
        """The closing lines printed by `news-index update`."""
        if not (self.added_files or self.changed_files or self.removed_files):
            return f"no changes: {self.files} files as indexed ({self.elapsed:.1f} s)"

        def listed(label: str, paths: list[str]) -> str:
            return f"{label} {len(paths)} files" + (": " + ", ".join(paths[:EXAMPLES_PER_REASON]) if paths else "") \
                + (", ..." if len(paths) > EXAMPLES_PER_REASON else "")
        return "\n".join([
            listed("added", self.added_files), listed("changed", self.changed_files),
            listed("removed", self.removed_files),
            f"indexed {self.indexed} articles, removed {self.removed_articles} in {self.elapsed:.1f} s"
            f" (generation {self.generation})",
            f"versions of a story: {self.duplicate_groups} groups holding {self.duplicate_articles} articles",
            *self._skip_lines(),
        ])
