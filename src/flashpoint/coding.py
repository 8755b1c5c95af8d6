"""Code documents without storing them: the library behind ``flashpoint code``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.nlp import load_pipeline
from flashpoint.records import KEEP, Record, doc_records


def code_articles(items: Iterable[Article | InputError], *, model: str | None = None,
                  workers: int = 1, batch_size: int = 32, keep: bool = False,
                  ) -> Iterator[tuple[Article | InputError, list[Record], Doc | None]]:
    """Yield (article, records, doc) per article, and (error, [], None) per bad item."""
    nlp = load_pipeline(model)
    errors: list[InputError] = []

    def docs() -> Iterator[tuple[object, Article]]:
        for item in items:
            if isinstance(item, InputError):
                errors.append(item)
                continue
            doc = nlp.make_doc(item.text)
            doc._.date = item.date
            if keep:
                doc.user_data[KEEP] = True
            yield doc, item

    for doc, article in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size,
                                 n_process=workers):
        while errors:
            yield errors.pop(0), [], None
        yield article, doc_records(article.doc, doc), doc  # type: ignore[arg-type]
    while errors:
        yield errors.pop(0), [], None


def code_text(text: str, *, day: date | None = None, doc_id: str = "text",
              model: str | None = None) -> list[Record]:
    """Events and quotes of one text, as output-contract records."""
    ((_, records, _doc),) = list(code_articles([Article(doc=doc_id, text=text, date=day)],
                                         model=model))
    return records
