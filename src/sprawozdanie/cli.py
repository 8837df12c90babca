"""Command line: ``sprawozdanie build|validate|dictionary <year>``."""

from __future__ import annotations

import argparse
import csv
import signal
import sys
import traceback
from fractions import Fraction
from pathlib import Path

from .build import build
from .errors import ProgramError, ReportError, os_error_pl
from .params import load_params
from .paths import shown
from .project import Project
from .publish import year_lock
from .reference_notebooks import write_reference_notebooks
from .sources import data_folders

# The data-handling modules (pandas, pandera) are imported by the commands that need them,
# so that a rebuild with nothing to do answers at once.

DICTIONARY_FILE = "data_dictionary.csv"
REFERENCE_DIR = Path("tests") / "notebooks" / "reference"

# argparse's own messages in Polish. argparse looks its texts up through gettext at the
# moment it prints them, and Python ships no Polish catalogue for it, so the few texts an
# analyst can meet are given here.
_ARGPARSE_PL = {
    "usage: ": "użycie: ",
    "positional arguments": "argumenty",
    "options": "opcje",
    "show this help message and exit": "pokaż tę pomoc i zakończ",
    "the following arguments are required: %s": "brak wymaganych argumentów: %s",
    "invalid %(type)s value: %(value)r": "niepoprawna wartość %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "nieznana wartość %(value)r (do wyboru: %(choices)s)",
    "unrecognized arguments: %s": "nieznane argumenty: %s",
    "expected one argument": "po tej opcji brak wartości",
    "expected at least one argument": "po tej opcji brak choćby jednej wartości",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "nieznane polecenie %(parser_name)r (do wyboru: %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "niejednoznaczna opcja %(option)s (pasuje do: %(matches)s)",
    "not allowed with argument %s": "nie może wystąpić razem z %s",
    "ignored explicit argument %r": "zbędna wartość %r",
}


def _argparse_pl(text: str) -> str:
    return _ARGPARSE_PL.get(text, text)


argparse._ = _argparse_pl  # noqa: SLF001 - argparse's gettext hook (see _ARGPARSE_PL)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """The message first, as every other error of the command; the usage after it."""
        self.exit(2, f"BŁĄD: {message}\n{self.format_usage()}")


def _year(text: str) -> int:
    """A report year as typed on the command line."""
    if not text.strip().isdigit() or not 1990 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"rok sprawozdania to liczba, np. 2025 (podano '{text}')")
    return int(text)


def write_dictionary(path: Path) -> Path:
    """Write the data dictionary generated from the input registry."""
    from .schema import dictionary_rows

    rows = dictionary_rows()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _chapters(project: Project) -> str:
    """The chapters of this workspace's report in order, then the tool's others, by id."""
    from . import structure

    chapters = structure.registry(project.tool)
    entries = project.structure()
    by_notebook = {c.notebook: c for c in chapters.values()}
    used = (
        entries
        if entries is not None
        else [  # the tool's order (_quarto.yml)
            structure.Entry(by_notebook[n]) for n in project.chapters() if n in by_notebook
        ]
    )
    where = (
        f"kolejność z {structure.FILE}"
        if entries is not None
        else f"kolejność domyślna; własną podaje plik {structure.FILE} w folderze roboczym"
    )
    lines = [f"Rozdziały sprawozdania ({where}):"]
    lines += [f"  {e.chapter.id:30} {e.title_pl}" for e in used]
    rest = [c for c in chapters.values() if c.id not in {e.chapter.id for e in used}]
    if rest:
        lines += ["Pozostałe rozdziały (niedrukowane):"] + [f"  {c.id:30} {c.title_pl}" for c in rest]
    return "\n".join(lines)


def _validate(year: int, project: Project) -> None:
    from .load import load_inputs

    project.structure()  # the workspace's chapters (structure.yml) name chapters the tool has
    p = load_params(project.params_file(year), year)
    data_folders(p, project)  # whose data: the year's folder and the prior one are this municipality's
    frames = load_inputs(p.data_path(project.root), year)
    from .build import check_report_texts

    texts = check_report_texts(project, p.data_path(project.root))
    from . import checks, disagreements

    checks.rules(p.data_path(project.root))  # the year's own rules and recorded disagreements parse
    disagreements.load(p.data_path(project.root))
    from . import reconstructed

    reconstructed.load(p.data_path(project.root))  # the inputs declared as reconstructions exist
    if "programme_indicators" in frames:
        checks.restated_ids_are_current(frames["programme_indicators"], p.data_path(project.root))
    from . import own_chapter

    own_chapter.check_tables(project.root, p.data_path(project.root))  # the own chapters' tables
    from .present.fmt import count

    print(
        f"Dane za {year} są poprawne ({count(len(frames), 'plik', 'pliki', 'plików')}, "
        f"{count(len(texts), 'tekst ośrodka', 'teksty ośrodka', 'tekstów ośrodka')}).".replace("\xa0", " ")
    )


def _check(year: int, project: Project, out_file: Path | None = None) -> int:
    """Validate, take every chapter's values (as the build's notebooks recorded them when
    their cache still holds, else computed here) and run the consistency rules; print the
    results (and write them as CSV to ``out_file``, never into the published output)."""
    from . import checks
    from .chapters import build as build_chapter
    from .load import load_inputs

    p = load_params(project.params_file(year), year)
    data_dir, _prior = data_folders(p, project)
    if out_file is not None and Path(out_file).resolve().is_relative_to((project.root / "output").resolve()):
        raise ReportError(
            f"{out_file}: check nie zapisuje do folderu output/ (tam są opublikowane wyniki budowy); "
            "podaj plik w innym miejscu, np. --out kontrola_2025.csv"
        )
    load_inputs(data_dir, year)
    values: dict[str, Fraction] = {}
    units: dict[str, str] = {}
    labels: dict[str, str] = {}
    from . import own_chapter
    from .reuse import reusable

    found = reusable(year, project, say=lambda _: None, write=False)
    # The chapters' notebooks, not the summary: its cache entry holds for the values file the
    # last build wrote, which a failed build may have left from other data.
    chapters = {c: f for c, f in found.cached.items() if c != found.later}
    if chapters and all(chapters.values()):  # the values the notebooks recorded, still valid
        from .ledger import from_exact
        from .recorded import collect_ledger

        records = collect_ledger(chapters)
        values.update({r["id"]: from_exact(r["value"]) for r in records})
        units.update({r["id"]: r["unit"] for r in records})
        labels.update({r["id"]: r["label_pl"] for r in records})
        print(
            "Sprawdzane są liczby, które notatniki rozdziałów zapisały w pamięci podręcznej "
            "(policzone z obecnych danych obecnym programem)."
        )
    else:  # something changed since: the report's chapters computed here, as their notebooks would
        from .summary import report_modules

        ledgers = [
            build_chapter(module, data_dir, year, p).ledger for module in report_modules(project.params_file(year))
        ]
        ledgers += [
            own_chapter.build(data_dir, year, project.params_file(year), own).ledger  # the office's own
            for own in own_chapter.specs(project.root)
        ]
        for ledger in ledgers:
            values.update({v.id: v.value for v in ledger})
            units.update({v.id: v.unit for v in ledger})
            labels.update({v.id: v.label_pl for v in ledger})
    from . import disagreements, structure  # the recorded ones still hold, as the build will require

    disagreements.verify(disagreements.applicable(disagreements.load(data_dir), values), values)
    results = checks.evaluate(
        values, checks.rules(data_dir) + tuple(own_chapter.rules(project.root)), units, labels
    ) + checks.programme_results(data_dir, year, values, units, labels, structure.titles_by_id(project.structure()))
    from .render.quarto_md import plain_refs, table_captions

    captions = table_captions([project.source(c) for c in project.chapters() if project.source(c).is_file()])
    results = checks.with_references(results, lambda text: plain_refs(text, captions))
    for r in results:
        print(f"{checks.VERDICT_PL[r.verdict]:>12}  {r.rule.id}: {r.explanation_pl}")
    n_err, n_warn = len(checks.errors(results)), sum(r.verdict == "warning" for r in results)
    saved = ""
    if out_file is not None:
        out_file = Path(out_file)
        tmp = checks.write_csv(results, out_file.with_name(f".{out_file.name}.tmp"))
        tmp.replace(out_file)  # a reader never sees a half-written file
        saved = f" Zapisano {shown(out_file, project.root)}"
    print(f"Reguł: {len(results)}, ostrzeżeń: {n_warn}, błędów: {n_err}.{saved}")
    return 1 if n_err else 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="sprawozdanie",
        description="Sprawozdanie z realizacji zadań z zakresu wspierania rodziny: budowa raportu z danych roku.",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder roboczy gminy (domyślnie bieżący lub nadrzędny z folderem params/)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="POLECENIE")
    b = sub.add_parser("build", help="waliduje dane, wykonuje notatniki, tworzy HTML i PDF w output/<rok>/")
    b.add_argument("year", type=_year, metavar="ROK")
    b.add_argument("--format", choices=["html", "pdf", "docx", "all"], default="all", help="które formaty tworzyć")
    b.add_argument("--fresh", action="store_true", help="bez pamięci podręcznej: wykonaj wszystkie notatniki")
    b.add_argument(
        "--workers", type=int, default=None, metavar="N", help="ile notatników naraz (domyślnie: liczba rdzeni)"
    )
    b.add_argument(
        "--renderer",
        choices=["embedded", "quarto"],
        default="embedded",
        help="czym tworzyć HTML i PDF: embedded (wbudowany pandoc + Typst, domyślnie) "
        "albo quarto (Quarto ≥ 1.9 w PATH)",
    )
    v = sub.add_parser("validate", help="tylko sprawdza params/<rok>.yml i pliki danych")
    v.add_argument("year", type=_year, metavar="ROK")
    c = sub.add_parser("check", help="waliduje dane i sprawdza spójność liczb raportu (wynik na ekranie)")
    c.add_argument("year", type=_year, metavar="ROK")
    c.add_argument("--out", type=Path, default=None, help="zapisz też wyniki do tego pliku CSV (poza output/)")
    r = sub.add_parser("reference", help="zapisuje wykonane notatniki wzorcowe do tests/notebooks/reference/<rok>/")
    r.add_argument("year", type=_year, metavar="ROK")
    n = sub.add_parser("new-year", help="tworzy params/<rok>.yml, puste szablony data/<rok>/ i listę kontrolną")
    n.add_argument("year", type=_year, metavar="ROK")
    x = sub.add_parser("xlsx-template", help="zapisuje skoroszyt Excel do wypełnienia (arkusz na tabelę)")
    x.add_argument("year", type=_year, metavar="ROK")
    x.add_argument("--out", type=Path, default=None, help="plik .xlsx (domyślnie data/<rok>/dane_<rok>.xlsx)")
    x.add_argument("--force", action="store_true", help="zastąp istniejący skoroszyt")
    i = sub.add_parser("import-xlsx", help="zamienia wypełniony skoroszyt na pliki CSV roku (po walidacji)")
    i.add_argument("year", type=_year, metavar="ROK")
    i.add_argument("file", type=Path)
    i.add_argument(
        "--sheets",
        nargs="+",
        default=None,
        metavar="ARKUSZ",
        help="tylko te arkusze (nazwy jak pliki danych, np. family_assistance_cases)",
    )
    i.add_argument("--force", action="store_true", help="zapisz także puste arkusze w miejsce plików z danymi")
    pv = sub.add_parser(
        "preview",
        help="podgląd na żywo w przeglądarce (odświeża się po zapisaniu pliku); "
        "z identyfikatorem rozdziału: jego tekst (Markdown) w terminalu",
    )
    pv.add_argument("year", type=_year, metavar="ROK")
    pv.add_argument(
        "chapter",
        nargs="?",
        default=None,
        help="identyfikator rozdziału (sprawozdanie chapters), np. foster_care_families",
    )
    pv.add_argument("--port", type=int, default=4848, help="port podglądu na 127.0.0.1 (domyślnie 4848)")
    pv.add_argument("--no-browser", action="store_true", help="nie otwieraj przeglądarki")
    it = sub.add_parser("init", help="tworzy folder roboczy gminy: parametry pierwszego roku i puste pliki danych")
    it.add_argument("folder", type=Path, nargs="?", default=Path("."), help="folder roboczy (domyślnie bieżący)")
    for flag, what in [
        ("--teryt", "kod TERYT gminy (7 cyfr)"),
        ("--name", "nazwa gminy (mianownik)"),
        ("--name-genitive", "nazwa gminy w dopełniaczu"),
        ("--name-locative", "nazwa gminy w miejscowniku"),
        ("--office", "nazwa ośrodka"),
        ("--office-genitive", "nazwa ośrodka w dopełniaczu"),
        ("--office-locative", "nazwa ośrodka w miejscowniku"),
        ("--head", "burmistrz albo prezydent (gmina wiejska: zawsze wójt)"),
        ("--head-title", "tytuł organu, np. „Wójt Gminy Modrzewie”"),
        ("--council", "nazwa rady"),
        ("--council-dative", "nazwa rady w celowniku"),
        ("--year", "pierwszy rok sprawozdania"),
        ("--report-date", "data sprawozdania RRRR-MM-DD"),
    ]:
        it.add_argument(flag, help=what)
    d = sub.add_parser("dictionary", help="zapisuje słownik danych do data/<rok>/" + DICTIONARY_FILE)
    d.add_argument("year", type=_year, metavar="ROK")
    sub.add_parser(
        "chapters",
        help="wypisuje rozdziały sprawozdania: identyfikatory do structure.yml, tytuły, "
        "kolejność tego folderu roboczego",
    )
    w = sub.add_parser("versions", aliases=["wersje"], help="wypisuje zapisane wersje sprawozdania roku")
    w.add_argument("year", type=_year, metavar="ROK")
    z = sub.add_parser(
        "changes",
        aliases=["zmiany"],
        help="zmiany między dwiema wersjami sprawozdania (domyślnie: ostatnia wobec poprzedniej)",
    )
    z.add_argument("year", type=_year, metavar="ROK")
    z.add_argument("--od", "--from", dest="old", type=int, default=None, metavar="NR", help="wersja wcześniejsza")
    z.add_argument("--do", "--to", dest="new", type=int, default=None, metavar="NR", help="wersja późniejsza")
    z.add_argument("--csv", type=Path, default=None, metavar="PLIK", help="zapisz listę zmian do pliku CSV")
    z.add_argument("--html", type=Path, default=None, metavar="PLIK", help="zapisz stronę zmian (HTML)")
    args = parser.parse_args(argv)
    if argv is None:  # the console command, not a call from Python (tests)
        signal.signal(signal.SIGTERM, _stop_on_sigterm)

    try:
        if args.command == "init":
            return _init(args)
        project = Project.at(args.workspace) if args.workspace else Project.find()
        if args.command == "build":
            formats = ("html", "pdf", "docx") if args.format == "all" else (args.format,)
            build(args.year, project, formats=formats, workers=args.workers, fresh=args.fresh, renderer=args.renderer)
        elif args.command in ("versions", "wersje"):
            from .versions.command import listing

            listing(project.root, args.year)
        elif args.command in ("changes", "zmiany"):
            from .versions.command import changes

            changes(project.root, args.year, args.old, args.new, args.csv, args.html)
        elif args.command == "validate":
            _validate(args.year, project)
        elif args.command == "check":
            return _check(args.year, project, args.out)
        elif args.command == "new-year":
            from .newyear import new_year

            made = new_year(project.root, args.year)
            print(f"na podstawie {shown(made.source, project.root)}")
            for path in made.written:
                print(f"utworzono  {shown(path, project.root)}")
            for path in made.kept:
                print(f"bez zmian  {shown(path, project.root)} (już istnieje)")
        elif args.command == "xlsx-template":
            from .workbook import template

            p = load_params(project.params_file(args.year), args.year)
            out = args.out or p.data_path(project.root) / f"dane_{args.year}.xlsx"
            out.parent.mkdir(parents=True, exist_ok=True)
            # filled in with the rows already in data/<year>/, so that the import keeps them
            print(f"Zapisano {template(out, args.year, p.data_path(project.root), force=args.force)}")
        elif args.command == "import-xlsx":
            from .workbook import import_workbook

            p = load_params(project.params_file(args.year), args.year)
            # the year's inputs are not replaced while a build of the year reads them
            with year_lock(project.root / "output", args.year, "import danych z Excela"):
                written = import_workbook(args.file, p.data_path(project.root), args.year, args.sheets, args.force)
            for path in written:
                print(f"zapisano  {shown(path, project.root)}")
        elif args.command == "preview" and args.chapter:
            from .preview import preview

            print(preview(args.year, args.chapter, project.root))
        elif args.command == "preview":
            from .live import serve

            serve(project, args.year, args.port, open_browser=not args.no_browser)
        elif args.command == "chapters":
            print(_chapters(project))
        elif args.command == "reference":
            with year_lock(project.root / "output", args.year, "zapis notatników wzorcowych"):
                write_reference_notebooks(args.year, project, project.root / REFERENCE_DIR / str(args.year))
        else:
            p = load_params(project.params_file(args.year), args.year)
            path = write_dictionary(p.data_path(project.root) / DICTIONARY_FILE)
            print(f"Zapisano {shown(path, project.root)}")
    except ProgramError as exc:
        return _bug(str(exc), exc.details)
    except ReportError as exc:
        print(f"BŁĄD: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`, which has read enough
        return 0
    except OSError as exc:  # the file system's refusal, named with its file
        print(f"BŁĄD: {os_error_pl(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Przerwano; poprzedni wynik pozostał bez zmian.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: said as such, its traceback kept in a log
        return _bug(f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return 0


def _init(args) -> int:
    from .init import Answers, init, terminal_asker

    answers = Answers(
        teryt=args.teryt,
        name=args.name,
        name_genitive=args.name_genitive,
        name_locative=args.name_locative,
        office=args.office,
        office_genitive=args.office_genitive,
        office_locative=args.office_locative,
        head=args.head,
        head_title=args.head_title,
        council=args.council,
        council_dative=args.council_dative,
        year=_year(args.year) if args.year else None,
        report_date=args.report_date,
    )
    written = init(args.folder, answers, terminal_asker())
    for path in written:
        print(f"utworzono  {shown(path, args.folder.resolve())}")
    print(f"Folder roboczy gminy: {args.folder.resolve()}")
    year = written[0].stem
    print(
        f"Dalej: wypełnij pliki w data/{year}/ (opis każdego pliku: data/{year}/LISTA_KONTROLNA.md), "
        f"potem w tym folderze „sprawozdanie validate {year}” i „sprawozdanie build {year}”."
    )
    return 0


def _bug(message: str, details: str) -> int:
    """Say that a bug (not the inputs) stopped the command; its details go to a log file."""
    log = write_bug_log(details)
    print(
        f"BŁĄD PROGRAMU (nie błąd w danych): {message}\nPełny opis zapisano w {log}; "
        "przekaż ten plik osobie, która utrzymuje program.",
        file=sys.stderr,
    )
    return 70


def write_bug_log(details: str, root: Path | None = None) -> Path:
    """Write a bug's traceback to ``output/bledy/`` (or the system's temporary folder when
    that cannot be written); return the file."""
    from .project import bug_log

    try:
        root = root or Project.find().root
    except ReportError:
        root = None
    return bug_log(details, root)


def _stop_on_sigterm(signum, frame):  # noqa: ARG001
    """A polite kill (SIGTERM, e.g. a closed terminal) cleans up as Ctrl+C does."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
