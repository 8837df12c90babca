"""Command line: ``sprawozdanie build|validate|dictionary <year>``."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from fractions import Fraction

from .build import Project, build, write_reference_notebooks
from .errors import ReportError
from .params import load_params

# The data-handling modules (pandas, pandera) are imported by the commands that need them,
# so that a rebuild with nothing to do answers at once.

DICTIONARY_FILE = "data_dictionary.csv"
REFERENCE_DIR = Path("tests") / "notebooks" / "reference"


def write_dictionary(path: Path) -> Path:
    """Write the data dictionary generated from the input registry."""
    from .schema import dictionary_rows

    rows = dictionary_rows()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _validate(year: int, project: Project) -> None:
    from .load import load_inputs

    p = load_params(project.params_file(year), year)
    frames = load_inputs(p.data_path(project.root), year)
    from .build import check_report_texts

    texts = check_report_texts(project, p.data_path(project.root))
    from .present.fmt import count

    print(f"Dane za {year} są poprawne ({count(len(frames), 'plik', 'pliki', 'plików')}, "
          f"{count(len(texts), 'tekst ośrodka', 'teksty ośrodka', 'tekstów ośrodka')}).".replace("\xa0", " "))


def _check(year: int, project: Project) -> int:
    """Validate, compute every chapter in-process and run the consistency rules."""
    from . import checks
    from .chapters import MODULES
    from .load import load_inputs

    p = load_params(project.params_file(year), year)
    data_dir = p.data_path(project.root)
    load_inputs(data_dir, year)
    values: dict[str, Fraction] = {}
    for module in MODULES:
        values.update({v.id: v.value for v in module.build(data_dir, year).ledger})
    results = checks.evaluate(values, checks.rules(data_dir))
    out = project.output_dir(year)
    out.mkdir(parents=True, exist_ok=True)
    tmp = checks.write_csv(results, out / ".checks.csv.tmp")
    tmp.replace(out / "checks.csv")  # a reader never sees a half-written file
    for r in results:
        print(f"{checks.VERDICT_PL[r.verdict]:>12}  {r.rule.id}: {r.explanation_pl}")
    n_err, n_warn = len(checks.errors(results)), sum(r.verdict == "warning" for r in results)
    print(f"Reguł: {len(results)}, ostrzeżeń: {n_warn}, błędów: {n_err}. Zapisano {(out / 'checks.csv').relative_to(project.root)}")
    return 1 if n_err else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sprawozdanie", description="Sprawozdanie z realizacji zadań "
                                     "z zakresu wspierania rodziny: budowa raportu z danych roku.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="waliduje dane, wykonuje notatniki, tworzy HTML i PDF w output/<rok>/")
    b.add_argument("year", type=int)
    b.add_argument("--format", choices=["html", "pdf", "all"], default="all", help="które formaty tworzyć")
    b.add_argument("--fresh", action="store_true", help="bez pamięci podręcznej: wykonaj wszystkie notatniki")
    b.add_argument("--workers", type=int, default=None, help="ile notatników naraz (domyślnie: liczba rdzeni)")
    v = sub.add_parser("validate", help="tylko sprawdza params/<rok>.yml i pliki danych")
    v.add_argument("year", type=int)
    c = sub.add_parser("check", help="waliduje dane i sprawdza spójność liczb raportu (output/<rok>/checks.csv)")
    c.add_argument("year", type=int)
    r = sub.add_parser("reference", help="zapisuje wykonane notatniki wzorcowe do tests/notebooks/reference/<rok>/")
    r.add_argument("year", type=int)
    n = sub.add_parser("new-year", help="tworzy params/<rok>.yml, puste szablony data/<rok>/ i listę kontrolną")
    n.add_argument("year", type=int)
    x = sub.add_parser("xlsx-template", help="zapisuje skoroszyt Excel do wypełnienia (arkusz na tabelę)")
    x.add_argument("year", type=int)
    x.add_argument("--out", type=Path, default=None, help="plik .xlsx (domyślnie data/<rok>/dane_<rok>.xlsx)")
    i = sub.add_parser("import-xlsx", help="zamienia wypełniony skoroszyt na pliki CSV roku (po walidacji)")
    i.add_argument("year", type=int)
    i.add_argument("file", type=Path)
    pv = sub.add_parser("preview", help="wypisuje tekst jednego rozdziału (Markdown) bez budowania raportu")
    pv.add_argument("year", type=int)
    pv.add_argument("chapter", help="nazwa notatnika, np. 09_rodziny_biologiczne")
    d = sub.add_parser("dictionary", help="zapisuje słownik danych do data/<rok>/" + DICTIONARY_FILE)
    d.add_argument("year", type=int)
    args = parser.parse_args(argv)

    try:
        project = Project.find()
        if args.command == "build":
            formats = ("html", "pdf") if args.format == "all" else (args.format,)
            build(args.year, project, formats=formats, workers=args.workers, fresh=args.fresh)
        elif args.command == "validate":
            _validate(args.year, project)
        elif args.command == "check":
            return _check(args.year, project)
        elif args.command == "new-year":
            from .newyear import new_year

            made = new_year(project.root, args.year)
            for path in made.written:
                print(f"utworzono  {path.relative_to(project.root)}")
            for path in made.kept:
                print(f"bez zmian  {path.relative_to(project.root)} (już istnieje)")
        elif args.command == "xlsx-template":
            from .workbook import template

            p = load_params(project.params_file(args.year), args.year)
            out = args.out or p.data_path(project.root) / f"dane_{args.year}.xlsx"
            out.parent.mkdir(parents=True, exist_ok=True)
            print(f"Zapisano {template(out, args.year)}")
        elif args.command == "import-xlsx":
            from .workbook import import_workbook

            p = load_params(project.params_file(args.year), args.year)
            for path in import_workbook(args.file, p.data_path(project.root), args.year):
                print(f"zapisano  {path.relative_to(project.root)}")
        elif args.command == "preview":
            from .preview import preview

            print(preview(args.year, args.chapter, project.root))
        elif args.command == "reference":
            write_reference_notebooks(args.year, project, project.root / REFERENCE_DIR / str(args.year))
        else:
            p = load_params(project.params_file(args.year), args.year)
            path = write_dictionary(p.data_path(project.root) / DICTIONARY_FILE)
            print(f"Zapisano {path.relative_to(project.root)}")
    except ReportError as exc:
        print(f"BŁĄD: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Przerwano; poprzedni wynik pozostał bez zmian.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
