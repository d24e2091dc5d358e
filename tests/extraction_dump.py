"""``python -m tests.extraction_dump OUT``: write what extraction finds in the seeds, the test
fixtures and generated articles, one ``repr`` per fact, to OUT, and which build ran it.

Run by ``tests/test_compiled.py`` from the source tree and from the compiled build: the two
files must be equal.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from benchmarks.corpus import generate_articles
from newsdb.pipeline import cues
from newsdb.pipeline.events import find_events
from newsdb.pipeline.mentions import find_mentions
from newsdb.pipeline.sentences import split_sentences
from newsdb.pipeline.text_stages import prepare_text

HERE = Path(__file__).parent
GENERATED = 150


def _texts() -> list[tuple[str, str | None, str | None, date | None]]:
    texts: list[tuple[str, str | None, str | None, date | None]] = [
        (a.text, a.language, a.title, a.published_on)
        for a in generate_articles(GENERATED, seed=11)]
    seeds = HERE.parent / "seeds"
    for path in sorted([*seeds.glob("*.txt"), *(HERE / "fixtures").rglob("*.txt"),
                        *(HERE / "fixtures").rglob("*.html")]):
        texts.append((path.read_text(encoding="utf-8", errors="replace"), None, None, None))
    for path in sorted((HERE / "fixtures").rglob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            continue
        published = record.get("published_at")
        texts.append((record["text"], record.get("language"), record.get("title"),
                      date.fromisoformat(published[:10]) if published else None))
    return texts


def main(out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for text, language, title, published in _texts():
            prepared = prepare_text(text, language=language, title=title, published_on=published)
            sentences = split_sentences(prepared.body)
            mentions, demonyms = find_mentions(prepared.body, prepared.language, sentences)
            events = find_events(prepared.body, prepared.language, sentences, mentions, demonyms,
                                 prepared.published_on or date(2023, 12, 15))
            for fact in (prepared.language, prepared.published_on, sentences, mentions,
                         demonyms, *events):
                print(repr(fact), file=handle)
    print(json.dumps({"compiled": not cues.__file__.endswith(".py"),
                      "module": cues.__file__}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
