"""Extraction speed: CPU milliseconds per 1,000 words, by language.

Run: ``python -m benchmarks.extraction [--repeat N]``. Measures the pure extraction stages
(sentences, mentions, dates and events) on the seed articles, after a warm-up that loads the
knowledge base and builds the automaton once, as a long-running importer does. CPU time
(``time.process_time``), not wall time, so a busy machine inflates the numbers less.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from newsdb.paths import seeds_dir
from newsdb.pipeline.events import find_events
from newsdb.pipeline.mentions import find_mentions
from newsdb.pipeline.sentences import split_sentences
from newsdb.pipeline.text_stages import prepare_text

# The target of the extraction issue: under 20 ms of CPU per 1,000 words.
TARGET_MS_PER_1000_WORDS = 20.0


def extract(body: str, language: str | None, published_on: object) -> int:
    """Run the pure extraction stages once; return how many facts they found."""
    sentences = split_sentences(body)
    mentions, demonyms = find_mentions(body, language, sentences)
    events = find_events(body, language, sentences, mentions, demonyms, published_on)  # type: ignore[arg-type]
    return len(mentions) + len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    prepared = [prepare_text(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir().glob("*.txt"))]
    for text in prepared:  # warm-up: knowledge base, automaton, language model, regexes
        extract(text.body, text.language, text.published_on)
    cpu: dict[str, float] = defaultdict(float)
    words: dict[str, int] = defaultdict(int)
    for _ in range(args.repeat):
        for text in prepared:
            started = time.process_time()
            extract(text.body, text.language, text.published_on)
            cpu[text.language or "?"] += time.process_time() - started
            words[text.language or "?"] += len(text.body.split())
    print(f"{'language':<10}{'words':>10}{'ms CPU / 1,000 words':>24}")
    total_cpu, total_words = sum(cpu.values()), sum(words.values())
    for language in sorted(cpu):
        print(f"{language:<10}{words[language]:>10}{cpu[language] * 1e6 / words[language]:>24.2f}")
    overall = total_cpu * 1e6 / total_words
    verdict = "meets" if overall <= TARGET_MS_PER_1000_WORDS else "misses"
    print(f"{'all':<10}{total_words:>10}{overall:>24.2f}   ({verdict} the {TARGET_MS_PER_1000_WORDS:.0f} ms target)")


if __name__ == "__main__":
    main()
