"""Extraction speed: CPU milliseconds per 1,000 words, by language.

Run on its own: ``python -m benchmarks.extraction [--articles N] [--repeat R]``; ``python -m
benchmarks run`` includes it, for pure Python and for the compiled build side by side
(:func:`measure_builds`). Measures, after a warm-up that loads the knowledge base and builds
the automaton once (as a long-running importer does):

- the text stages (``prepare_text``: clean, metadata, language, quality), and
- extraction proper: sentences, mentions and events (``split_sentences``, ``find_mentions``,
  ``find_events``), the pure stages the 20 ms / 1,000 words target is about; linking to the
  database and storing the rows are import costs, measured by ``benchmarks.importing``.

on the generated corpus (EN/DE/FR) and on the three seed articles. CPU time
(``time.process_time``), not wall time, so that a busy shared machine inflates the numbers less.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.corpus import generate_articles
from newsdb.paths import seeds_dir
from newsdb.pipeline.events import find_events
from newsdb.pipeline.mentions import find_mentions
from newsdb.pipeline.sentences import split_sentences
from newsdb.pipeline.text_stages import PreparedText, prepare_text

# The target of the issue: at most 20 ms of CPU per 1,000 words.
TARGET_MS_PER_1000_WORDS = 20.0
# The floor, timed side by side with extraction so that a busy machine slows both alike: one
# pass of a word regex over the folded body, the least any extractor reads of the text.
_WORD = re.compile(r"\w+")


def tokenize_floor(body: str) -> int:
    """Fold the body and find its words once: what any extractor must at least do."""
    return len(_WORD.findall(body.casefold()))


def extract(body: str, language: str | None, published_on: Any) -> int:
    """Run the pure extraction stages once; return how many facts they found."""
    sentences = split_sentences(body)
    mentions, demonyms = find_mentions(body, language, sentences)
    events = find_events(body, language, sentences, mentions, demonyms, published_on)
    return len(mentions) + len(events)


@dataclass
class LanguageRow:
    language: str
    articles: int = 0
    words: int = 0
    text_cpu: float = 0.0
    extract_cpu: float = 0.0
    facts: int = 0
    floor_cpu: float = 0.0

    def ms_per_1000(self, seconds: float) -> float:
        return seconds * 1e6 / self.words if self.words else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {"language": self.language, "articles": self.articles, "words": self.words,
                "text_ms_per_1000_words": self.ms_per_1000(self.text_cpu),
                "extract_ms_per_1000_words": self.ms_per_1000(self.extract_cpu),
                "floor_ms_per_1000_words": self.ms_per_1000(self.floor_cpu),
                "extract_vs_floor": self.extract_cpu / self.floor_cpu if self.floor_cpu else 0,
                "facts_per_1000_words": self.facts * 1000 / self.words if self.words else 0}


def _texts(articles: int) -> list[tuple[str, str]]:
    """(label, raw text) of the seed articles and of ``articles`` corpus articles."""
    texts = [("seed", p.read_text(encoding="utf-8")) for p in sorted(seeds_dir().glob("*.txt"))]
    texts += [("corpus", a.text) for a in generate_articles(articles, seed=7)]
    return texts


def measure(articles: int = 300, repeat: int = 3) -> dict[str, Any]:
    """Return CPU ms per 1,000 words by language (corpus and seeds apart)."""
    raw = _texts(articles)
    prepared: list[tuple[str, str, PreparedText]] = [
        (label, text, prepare_text(text)) for label, text in raw]
    for _, _, p in prepared[:10]:  # warm-up: knowledge base, automaton, regexes
        extract(p.body, p.language, p.published_on)
    rows: dict[tuple[str, str], LanguageRow] = {}
    for _ in range(repeat):
        for label, text, p in prepared:
            row = rows.setdefault((label, p.language or "?"),
                                  LanguageRow(f"{p.language or '?'} ({label})"))
            started = time.process_time()
            prepare_text(text)
            middle = time.process_time()
            row.facts += extract(p.body, p.language, p.published_on)
            ended = time.process_time()
            tokenize_floor(p.body)
            row.floor_cpu += time.process_time() - ended
            row.text_cpu += middle - started
            row.extract_cpu += ended - middle
            row.words += len(p.body.split())
            row.articles += 1
    total = LanguageRow("all (corpus)")
    for (label, _), row in rows.items():
        if label == "corpus":
            for name in ("articles", "words", "text_cpu", "extract_cpu", "facts", "floor_cpu"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
    ordered = [rows[key] for key in sorted(rows, key=lambda k: (k[0] != "corpus", k[1]))]
    return {"rows": [row.as_dict() for row in [*ordered, total]], "repeat": repeat,
            "target_ms_per_1000_words": TARGET_MS_PER_1000_WORDS}


BUILDS = ("pure", "compiled")


def measure_builds(articles: int = 300, repeat: int = 2, rounds: int = 2) -> dict[str, Any]:
    """Measure pure Python and the compiled build (``NEWSDB_COMPILE=1``), each in a process of
    its own, alternating ``rounds`` times; keep each build's fastest run. The pure build's rows
    are the result's, the compiled build's are under ``compiled``."""
    from benchmarks.common import ROOT, compiled_tree, run_json

    folders = {"pure": ROOT, "compiled": compiled_tree()}
    runs: dict[str, list[dict[str, Any]]] = {build: [] for build in BUILDS}
    for _ in range(rounds):
        for build in BUILDS:
            runs[build].append(run_json(
                ["benchmarks.extraction", "--json", "--build", build, "--articles",
                 str(articles), "--repeat", str(repeat)], cwd=folders[build]))
    best = {build: min(found, key=lambda r: r["rows"][-1]["extract_ms_per_1000_words"])
            for build, found in runs.items()}
    return {**best["pure"], "rounds": rounds, "compiled": best["compiled"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", choices=BUILDS,
                        help="refuse to measure unless this process runs this build")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    args = parser.parse_args()
    if args.build:
        from benchmarks.common import is_compiled

        if is_compiled() != (args.build == "compiled"):
            raise SystemExit(f"this process does not run the {args.build} build")
    result = measure(args.articles, args.repeat)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'language':<16}{'words':>10}{'text stages':>14}{'extraction':>12}{'floor':>8}"
          "  ms CPU/1,000 words")
    for row in result["rows"]:
        print(f"{row['language']:<16}{row['words']:>10}{row['text_ms_per_1000_words']:>14.2f}"
              f"{row['extract_ms_per_1000_words']:>12.2f}{row['floor_ms_per_1000_words']:>8.3f}")
    overall = result["rows"][-1]["extract_ms_per_1000_words"]
    verdict = "meets" if overall <= TARGET_MS_PER_1000_WORDS else "misses"
    print(f"extraction {overall:.2f} ms / 1,000 words: {verdict} the "
          f"{TARGET_MS_PER_1000_WORDS:.0f} ms target")


if __name__ == "__main__":
    main()
