"""The ``flashpoint`` command: a thin layer over the library.

Options are parsed here, the library does the work, and every FlashpointError
becomes one line, ``Error: ...``, with exit code 1.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from flashpoint import output
from flashpoint.errors import FlashpointError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="flashpoint: political event data from news. Who did what to whom, "
                       "who said what, and is this dyad escalating?")
err = Console(stderr=True, soft_wrap=True)  # one error, one line: never wrapped

DbOpt = Annotated[str, typer.Option("--db", help="SQLite file or database URL "
                                                 "(postgresql://...).",
                                    envvar="FLASHPOINT_DB")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use "
                                              "(default en_core_web_sm, env "
                                              "FLASHPOINT_SPACY_MODEL).")]
JsonFieldOpt = Annotated[list[str], typer.Option(
    "--json-field", help="JSON field names, KEY=NAME[,NAME], e.g. text=body (repeatable).")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", "-w",
                                                help="Parser processes (default: all cores).")]


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FlashpointError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from exc


def _read_options(input_format: str | None, json_field: list[str]):  # type: ignore[no-untyped-def]
    from flashpoint.ingest.options import ReadOptions

    fields = {}
    for spec in json_field:
        key, sep, names = spec.partition("=")
        if not sep or not names:
            raise FlashpointError(f"--json-field must look like KEY=NAME[,NAME]: {spec!r}")
        fields[key.strip()] = tuple(n.strip() for n in names.split(","))
    try:
        return ReadOptions(input_format=input_format, fields=fields)
    except ValueError as exc:
        raise FlashpointError(str(exc)) from exc


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise FlashpointError(f"--format must be one of {', '.join(allowed)}, not {fmt!r}")


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Text, HTML or JSONL files, folders, "
                                                    "or - for standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "jsonl",
    input_format: Annotated[str | None, typer.Option(
        "--input-format", help="Treat inputs as jsonl, txt or html regardless of suffix.")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print why each event was "
                                                            "coded, and why not.")] = False,
    json_field: JsonFieldOpt = [],  # noqa: B006 - typer needs a literal default
    model: ModelOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w")] = 1,
) -> None:
    """Code documents without storing them: events and quotes (DESIGN §4 contract)."""
    from flashpoint.coding import code_articles
    from flashpoint.explain import explain_doc
    from flashpoint.ingest.readers import read_paths

    _check_format(fmt, ("jsonl", "table"))
    failed = 0
    items = read_paths(paths, options=_read_options(input_format, json_field))
    for article, records, doc in code_articles(items, model=model, workers=workers,
                                               keep=explain):
        if isinstance(article, InputError):
            err.print(f"[red]Error:[/red] {article}", highlight=False)
            failed += 1
            continue
        if explain and doc is not None:
            print(f"== {article.doc}")
            print("\n".join(explain_doc(doc)))
        elif fmt == "jsonl":
            output.write_jsonl(records)
        else:
            ev = [r for r in records if r["type"] == "event"]
            qu = [r for r in records if r["type"] == "quote"]
            output.print_table(output.event_table(ev, f"{article.doc}: events"))
            output.print_table(output.quote_table(qu, f"{article.doc}: quotes"))
    if failed:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="HTML, text or JSONL inputs.")],
    input_format: Annotated[str | None, typer.Option("--input-format")] = None,
    json_field: JsonFieldOpt = [],  # noqa: B006 - typer needs a literal default
) -> None:
    """Print what ingestion would store for each document: title, text, date, url, lang."""
    from flashpoint.ingest.extract import detect_language
    from flashpoint.ingest.readers import read_paths

    failed = 0
    for item in read_paths(paths, options=_read_options(input_format, json_field)):
        if isinstance(item, InputError):
            err.print(f"[red]Error:[/red] {item}", highlight=False)
            failed += 1
            continue
        print(json.dumps({"doc": item.doc, "title": item.title, "text": item.text,
                          "date": item.date.isoformat() if item.date else None,
                          "url": item.url, "lang": item.lang or detect_language(item.text)},
                         ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or globs.")],
    db: DbOpt = "flashpoint.db",
    model: ModelOpt = None,
    workers: WorkersOpt = None,
    input_format: Annotated[str | None, typer.Option("--input-format")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 32,
    json_field: JsonFieldOpt = [],  # noqa: B006 - typer needs a literal default
    story_threshold: Annotated[float, typer.Option(
        "--story-threshold", help="Jaccard similarity of word shingles to join a story.")
    ] = 0.35,
    story_containment: Annotated[float, typer.Option(
        "--story-containment", help="Share of a shorter article found in a longer one to "
                                    "join its story (reprints, truncation).")] = 0.7,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Read, code and store news; re-running adds nothing twice."""
    from flashpoint.ingest.pipeline import IngestSummary
    from flashpoint.ingest.pipeline import ingest as run_ingest
    from flashpoint.ingest.stories import StoryConfig
    from flashpoint.store import open_store

    read_options = _read_options(input_format, json_field)
    try:
        story_config = StoryConfig(threshold=story_threshold, containment=story_containment)
    except ValueError as exc:
        raise FlashpointError(str(exc)) from exc
    store = open_store(db)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=err,
                  transient=True, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("ingesting", total=None, stats="")

        def tick(s: IngestSummary) -> None:
            progress.update(task, completed=s.read,
                            stats=f"{s.read} read · {s.new} new · {s.events} events")

        summary = run_ingest(paths, store, model=model, workers=workers,
                             batch_size=batch_size, story_config=story_config,
                             read_options=read_options, on_progress=tick,
                             on_error=lambda m: err.print(f"[red]Error:[/red] {m}",
                                                          highlight=False))
    err.print(f"read {summary.read} · new {summary.new} · unchanged {summary.unchanged} · "
              f"failed {summary.failed} · not coded (language) {summary.not_coded} · "
              f"events {summary.events} · quotes {summary.quotes} · "
              f"{summary.seconds:.1f}s ({summary.articles_per_second:.1f} articles/s)",
              highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOpt = "flashpoint.db",
    source: Annotated[str | None, typer.Option(help="Source country or actor code prefix "
                                                    "(PRK, PRKGOV, IGOUNO).")] = None,
    target: Annotated[str | None, typer.Option(help="Target country or code prefix.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code or root prefix (19, 190).")
                     ] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER type (ASSAULT, AGREE, ...).")
                      ] = None,
    since: Annotated[str | None, typer.Option(help="From date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="To date (YYYY-MM-DD).")] = None,
    mode: Annotated[list[str], typer.Option(help="Modes to include (repeatable), or all.")
                    ] = ["asserted"],  # noqa: B006 - typer needs a literal default
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl.")] = "table",
) -> None:
    """Query stored events (asserted only unless --mode says otherwise)."""
    from flashpoint.store import open_store
    from flashpoint.store.database import MODES, EventFilter

    _check_format(fmt, output.FORMATS)
    for m in mode:
        if m not in (*MODES, "all"):
            raise FlashpointError(f"--mode must be one of {', '.join(MODES)} or all, not {m!r}")
    f = EventFilter(source=source, target=target, cameo=cameo, plover=plover,
                    since=_date(since, "--since"), until=_date(until, "--until"),
                    modes=tuple(mode), limit=limit)
    rows = open_store(db).events(f)
    _emit(rows, fmt, output.EVENT_COLUMNS, output.event_table)


@app.command()
def quotes(
    db: DbOpt = "flashpoint.db",
    speaker: Annotated[str | None, typer.Option(help="Words of the speaker's name.")] = None,
    actor: Annotated[str | None, typer.Option(help="Speaker's actor code prefix.")] = None,
    contains: Annotated[str | None, typer.Option(help="Full-text search in the quote.")
                        ] = None,
    kind: Annotated[str | None, typer.Option(help="direct or indirect.")] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int | None, typer.Option()] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl.")] = "table",
) -> None:
    """Query stored quotes by speaker, actor and words."""
    from flashpoint.store import open_store
    from flashpoint.store.database import QuoteFilter

    _check_format(fmt, output.FORMATS)
    f = QuoteFilter(speaker=speaker, actor=actor, contains=contains, kind=kind,
                    since=_date(since, "--since"), until=_date(until, "--until"), limit=limit)
    _emit(open_store(db).quotes(f), fmt, output.QUOTE_COLUMNS, output.quote_table)


def _emit(rows, fmt, columns, table) -> None:  # type: ignore[no-untyped-def]
    if fmt == "jsonl":
        output.write_jsonl(rows)
    elif fmt == "csv":
        output.write_csv(rows, columns)
    else:
        output.print_table(table(list(rows)))


@app.command()
def demo(
    db: Annotated[str | None, typer.Option("--db", help="Where to store the demo "
                                                        "(default: a temporary file).")
                  ] = None,
    model: ModelOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w")] = 1,
) -> None:
    """Ingest the bundled sample news, code it, and show what an analyst wants first."""
    from flashpoint.demo import run_demo

    path = db or str(Path(tempfile.mkdtemp(prefix="flashpoint-demo-")) / "demo.db")
    run_demo(path, model=model, workers=workers)


@app.command("check-dictionaries")
def check_dictionaries(
    patterns: Annotated[list[Path] | None, typer.Option(
        "--patterns", help="Only these pattern files (default: all bundled ones).")] = None,
    model: ModelOpt = None,
) -> None:
    """Validate every dictionary file and run every pattern on its own example."""
    from flashpoint.selftest import check_all

    problems = check_all(patterns, model=model, echo=lambda s: print(s))
    if problems:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (flashpoint, PLOVER "
                                                    "or CAMEO-example format).")],
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
) -> None:
    """Score the coder on gold: recall, precision and F1 overall and per category."""
    from flashpoint.evaluate import evaluate

    for path in gold:
        for report in evaluate(path, model=model):
            if as_json:
                print(json.dumps(report.as_dict()))
            else:
                print("\n".join(report.lines()))


@app.command("import-dictionary")
def import_dictionary(
    files: Annotated[list[Path], typer.Argument(help="TABARI/PETRARCH dictionaries: *.verbs, "
                                                     "*.actors, *.agents.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write; then use it with "
                                                          "FLASHPOINT_DICTIONARIES=DIR.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", help="verbs, actors or agents, for files whose name does not say.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every line not "
                                                                  "converted, and why.")] = False,
) -> None:
    """Convert TABARI/PETRARCH dictionaries (.verbs, .actors, .agents) to flashpoint's formats."""
    from flashpoint.importers.tabari import KINDS, TabariImporter

    if kind is not None and kind not in KINDS:
        raise FlashpointError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if out.exists() and not out.is_dir():
        raise FlashpointError(f"--out: not a folder: {out}")
    importer = TabariImporter()
    failed = 0
    for path in files:
        try:
            importer.add_file(path, kind)
        except InputError as exc:
            err.print(f"[red]Error:[/red] {exc}", highlight=False)
            failed += 1
    for path in importer.write(out):
        print(f"wrote {path}")
    report = importer.report
    shown = report.messages + report.notes if verbose else report.messages[:20]
    for line in shown:
        print(line)
    if len(shown) < len(report.messages):
        print(f"... {len(report.messages) - len(shown)} more (--verbose lists all)")
    print("\n".join(report.summary()))
    if failed:
        raise typer.Exit(1)


# analyst commands (trend, alerts, export, serve) live in their own module
from flashpoint import cli_analysis  # noqa: E402, F401


def main() -> None:
    try:
        app()
    except FlashpointError as exc:
        err.print(f"[red]Error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
