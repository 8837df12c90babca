"""``sprawozdanie new-year <year>``: the parameters, empty input templates and a checklist
for a new report year, made from the previous year's. Nothing existing is overwritten."""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .checks import DATA_RULES_FILE
from .errors import ReportError
from .params import load_params
from .paths import shown
from .schema import expected_pl, registry

CHECKLIST = "LISTA_KONTROLNA.md"


@dataclass
class Scaffold:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # existed already: left untouched
    source: Path | None = None  # the earlier year's params it was made from


def next_params_text(text: str, old: int, new: int, prior: bool = True) -> str:
    """An earlier year's params file moved on to ``new``.

    Only the year fields, the data folders and the report's date move; comments and every
    other line stay as they were. Without ``prior`` (no data of the year before ``new``
    to compare with) the prior year is left out, so that nothing is compared.

    >>> print(next_params_text("year: 2025\\nprior_year: 2024\\ndata_dir: data/2025\\n"
    ...                        "report:\\n  date: 2026-03-31\\n  date_text: marzec 2026\\n  final: true", 2025, 2026))
    year: 2026
    prior_year: 2025
    data_dir: data/2026
    report:
      date: 2027-03-31
      date_text: marzec 2027
      final: false
    >>> print(next_params_text("year: 2023\\nprior_year: 2022\\nreport:\\n  date: 2024-03-29", 2023, 2026,
    ...                        prior=False))
    year: 2026
    # prior_year: brak danych za 2025 r. do porównania
    report:
      date: 2027-03-29
    """
    rules = [
        (rf"^(year:\s*){old}\b", rf"\g<1>{new}"),
        (rf"^(data_dir:\s*data/){old}\b", rf"\g<1>{new}"),
        (rf"^(\s+date:\s*){old + 1}(-\d\d-\d\d)", rf"\g<1>{new + 1}\g<2>"),
        (rf"^(\s+date_text:.*\b){old + 1}\b", rf"\g<1>{new + 1}"),
        (r"^(\s+final:\s*)true\b", r"\g<1>false"),  # a new year's report starts as a draft
    ]
    if prior:
        if not re.search(r"^#?\s*prior_year:", text, flags=re.M):  # a first year had none
            text = re.sub(rf"^(year:\s*{old}\b.*)$", rf"\g<1>\nprior_year: {old}", text, count=1, flags=re.M)
        rules += [
            (r"^#?\s*prior_year:.*$", f"prior_year: {new - 1}"),
            (r"^(prior_data_dir:\s*data/)\d{4}\b", rf"\g<1>{new - 1}"),
        ]
    else:
        rules += [
            (r"^prior_year:.*$", f"# prior_year: brak danych za {new - 1} r. do porównania"),
            (r"^prior_data_dir:.*$", ""),
        ]
    for pattern, repl in rules:
        text = re.sub(pattern, repl, text, flags=re.M)
    return text


def latest_params_before(root: Path, year: int) -> Path:
    """The params file of the latest year before ``year``, whatever the gap."""
    earlier = sorted(
        (int(f.stem), f) for f in (root / "params").glob("*.yml") if f.stem.isdigit() and int(f.stem) < year
    )
    if not earlier:
        raise ReportError(
            f"w folderze params/ nie ma pliku parametrów żadnego roku przed {year} r., z którego "
            f"powstałby params/{year}.yml. Pierwszy rok gminy tworzy „sprawozdanie init” (pyta o kod "
            "TERYT i nazwy); new-year przenosi na kolejny rok tylko lata tego samego folderu roboczego"
        )
    return earlier[-1][1]


def _same_municipality(before, data_dir: Path, params_path: Path, root: Path) -> None:
    """The earlier year must be this municipality's own: its data folder says whose data it
    holds (``gmina.yml``). A params file of another office with its code changed would
    otherwise carry that office's texts, rules and team into the new year."""
    from . import owner

    found = owner.read(data_dir)
    if found is not None and found.teryt != before.municipality.teryt:
        raise ReportError(
            f"{shown(params_path, root)} podaje kod TERYT {before.municipality.teryt}, a dane roku "
            f"{before.year} w {shown(data_dir, root)} są gminy {found.name or '?'} (TERYT {found.teryt}). "
            "new-year przenosi tylko lata tej samej gminy; folder roboczy nowej gminy tworzy "
            "„sprawozdanie init”, bez plików innej gminy"
        )


def _template(path: Path, columns: tuple[str, ...]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow(columns)


def checklist(year: int, previous_data: Path | None, root: Path, previous_year: int | None = None) -> str:
    """A Markdown checklist of every input file, with the meaning of each column;
    ``previous_data`` is the earlier year's data folder (``previous_year``), relative to ``root``,
    or None in a municipality's first year with the tool."""
    previous_year = previous_year or year - 1
    when = "w zeszłym roku" if previous_year == year - 1 else f"w {previous_year} r."
    reg = registry()
    lines = [
        f"# Lista kontrolna danych za {year} r.",
        "",
        f"Wypełnij każdy plik w `data/{year}/` (wiersz nagłówka już jest), potem uruchom "
        f"`sprawozdanie validate {year}`, a gdy dane są poprawne – `sprawozdanie build {year}`.",
        "Pliki można zapisać w Excelu jako „CSV UTF-8” albo zwykłe „CSV (rozdzielany przecinkami)” "
        "(Windows-1250, separator: średnik). Daty jako 2025-12-31 albo 31.12.2025; kwoty w złotych "
        "(4000.00, 4000,00 albo 72 360,56); tak/nie, true/false lub PRAWDA/FAŁSZ.",
        (
            f"Wykazy i listy (instytucje, szkolenia, potrzeby), które się nie zmieniły, można skopiować "
            f"z `{previous_data.as_posix()}/` i poprawić."
            if previous_data is not None
            else "To pierwszy rok z tym narzędziem: wszystkie pliki wypełnia się od początku."
        ),
        "",
    ]
    for t in reg.tables.values():
        last_year = previous_data / t.file if previous_data is not None else None
        source = (
            f"{when}: `{last_year.as_posix()}`"
            if last_year is not None and (root / last_year).is_file()
            else f"{when} brak tego pliku"
            if last_year is not None
            else "pierwszy rok"
        )
        optional = (
            " "
            + (
                t.optional_pl
                or "Plik nieobowiązkowy: gdy gmina nie prowadzi takiej działalności, można go usunąć"
                " albo zostawić sam nagłówek; sprawozdanie powie wtedy, że w roku jej nie było."
            )
            if t.optional
            else ""
        )
        lines += [
            f"## [ ] `{t.file}` – {t.title_pl}",
            "",
            f"{t.meaning_pl} ({source}.){optional}",
            "",
            "| kolumna | znaczenie | wymagana | dozwolone wartości |",
            "|---|---|---|---|",
        ]
        for name in t.columns:
            f = reg.field_of(t, name)
            meaning = f.meaning_pl.replace("|", "/")
            allowed = expected_pl(f) + (" (kody poniżej)" if f.type == "code" else "")
            lines.append(f"| `{name}` | {meaning} | {'nie' if f.nullable else 'tak'} | {allowed.replace('|', '/')} |")
        lines.append("")
        for name in t.columns:
            if reg.fields[name].type == "code":
                lines += code_table(name, reg.codes[reg.fields[name].codes])
    return "\n".join(lines)


def code_table(column: str, codes: dict) -> list[str]:
    """The codes of one column: what each means, the other spellings accepted, and the words
    it gives the report where a sentence or a table row is made of it (schema ``phrase_pl``)."""
    phrases = any(c.phrase_pl for c in codes.values())
    lines = [
        f"Kody w kolumnie `{column}`:",
        "",
        "| kod | znaczenie | przyjmowane też |" + (" w sprawozdaniu |" if phrases else ""),
        "|---|---|---|" + ("---|" if phrases else ""),
    ]
    for c in codes.values():
        row = f"| `{c.code}` | {c.label_pl} | {', '.join(c.variants) or '–'} |"
        if phrases:
            row += f" w tekście: „w 2 przypadkach {c.phrase_pl}”; w tabeli: „– {c.label_pl}” |"
        lines.append(row)
    if column == "end_reason":
        lines += [
            "",
            "Przyczyny, które ośrodek podaje w tabeli i w tekście razem (np. przeprowadzkę razem z "
            "odmową współpracy), deklaruje się w parametrach roku, w polu `end_reason_groups` "
            "(kody, nazwa wiersza tabeli i – nieobowiązkowo – słowa do tekstu); bez tego każda "
            "przyczyna ma własny wiersz.",
        ]
    return lines + [""]


def copy_office_texts(previous_data_dir: Path, data_dir: Path, out: Scaffold, tool: Path | None = None) -> list[str]:
    """Copy last year's office texts (``teksty/*.md``) forward, each starting with the review
    marker, under their names now (``tool``'s chapter ids); a text that already exists is
    kept. Returns the names of the year's texts."""
    from . import structure
    from .present.office import FOLDER, REVIEW_MARKER, paths

    renamed = structure.renamed_texts(tool) if tool is not None else {}
    source, target = previous_data_dir / FOLDER, data_dir / FOLDER
    for path in paths(source):
        # a text under its former name (the chapter's number) is copied under its name now
        dest = target / (renamed.get(path.stem, path.stem) + path.suffix)
        if dest.exists():
            out.kept.append(dest)
            continue
        target.mkdir(parents=True, exist_ok=True)
        body = path.read_text(encoding="utf-8-sig")
        if not body.startswith(REVIEW_MARKER):
            body = f"{REVIEW_MARKER}\n{body}"
        dest.write_text(body, encoding="utf-8")
        out.written.append(dest)
    return [p.stem for p in paths(target)]


def texts_checklist(year: int, root: Path, present: list[str]) -> str:
    """The checklist's section on the office's own texts: which chapter asks for which."""
    import yaml

    from .present.office import FOLDER, REVIEW_MARKER
    from .present.template_files import TEMPLATES
    from .project import Project

    tool = Project.at(root).tool
    wanted = yaml.safe_load((tool / TEMPLATES / "office_texts.yml").read_text(encoding="utf-8")) or {}
    lines = [
        "",
        "# Teksty ośrodka",
        "",
        f"Pliki `data/{year}/{FOLDER}/<nazwa>.md`: to, co dotyczy tylko tego ośrodka (skład zespołu, "
        "obserwacje, partnerzy, plany). Zwykły tekst, akapity i listy; bez HTML i nagłówków. Gdy pliku "
        "nie ma, rozdział podaje tylko liczby. Teksty skopiowane z zeszłego roku zaczynają się wierszem "
        f"`{REVIEW_MARKER}`: przeczytaj je, popraw i usuń ten wiersz.",
        "",
    ]
    for name, what in wanted.items():
        state = "skopiowany z zeszłego roku – do przeglądu" if name in present else "brak pliku"
        lines.append(f"- [ ] `{name}.md` – {what} ({state})")
    lines += [
        "",
        "Zadanie, którego gmina w roku nie realizowała (wszystkie jego liczby to 0 i brak tekstów "
        "ośrodka do jego rozdziału), nie ma rozdziału: sprawozdanie wymienia je we fragmencie "
        "„Pozostałe zadania”. Powód, jeśli ośrodek chce go podać, to tekst "
        f"`{FOLDER}/powod_<identyfikator rozdziału>.md` (identyfikatory: `sprawozdanie chapters`), "
        "np. `powod_daily_centres.md`; bez niego sprawozdanie powodu nie podaje.",
    ]
    return "\n".join(lines) + "\n"


def new_year(root: Path, year: int) -> Scaffold:
    """Create ``params/<year>.yml``, ``data/<year>/`` templates, ``gmina.yml`` and the
    checklist, from the latest earlier year's params and folder (``Scaffold.source``)."""
    from . import owner
    from .project import Project
    from .sources import data_folders

    out = Scaffold()
    params_path = root / "params" / f"{year}.yml"
    try:
        previous = latest_params_before(root, year)
    except ReportError:
        if not params_path.is_file():
            raise
        previous = None  # a municipality's first year: its own params, written by hand, are the start
    before = load_params(previous) if previous is not None else None
    out.source = previous or params_path
    previous_data_dir = before.data_path(root) if before is not None else None
    if before is not None and previous_data_dir.is_dir():
        _same_municipality(before, previous_data_dir, previous, root)
    if params_path.exists():
        out.kept.append(params_path)
    else:
        # Compared with the year before only when it is the year just before (its folder is
        # the one that becomes the prior year's); a gap leaves the new year without a prior.
        text = next_params_text(previous.read_text(encoding="utf-8"), before.year, year, prior=before.year == year - 1)
        tmp = params_path.with_name(params_path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        try:
            load_params(tmp, year)
        except ReportError as exc:
            tmp.unlink()
            raise ReportError(f"nie udało się przygotować {params_path.name}: {exc}") from None
        tmp.replace(params_path)
        out.written.append(params_path)

    p = load_params(params_path, year)
    data_dir = p.data_path(root)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Whose data the folder holds, from the params (the build checks it against them).
    owner_path = data_dir / owner.FILE
    if owner_path.exists():
        out.kept.append(owner_path)
    else:
        owner_path.write_text(owner.text(p.municipality.teryt, p.municipality.name), encoding="utf-8")
        out.written.append(owner_path)
    data_folders(p, Project.at(root))  # a prior-year folder of another municipality is named now
    for t in registry().tables.values():
        path = data_dir / t.file
        if path.exists():
            out.kept.append(path)
        else:
            _template(path, t.columns)
            out.written.append(path)
    if previous_data_dir is None:  # nothing to carry over from an earlier year
        list_path = data_dir / CHECKLIST
        if not list_path.exists():
            list_path.write_text(checklist(year, None, root) + texts_checklist(year, root, []), encoding="utf-8")
            out.written.append(list_path)
        return out
    # The year's own checks (e.g. of the programme's indicators) usually still hold.
    rules_path = data_dir / DATA_RULES_FILE
    if rules_path.exists():
        out.kept.append(rules_path)
    elif (previous_data_dir / DATA_RULES_FILE).is_file():
        shutil.copyfile(previous_data_dir / DATA_RULES_FILE, rules_path)
        out.written.append(rules_path)
    # The office's own texts: copied forward, each marked for review (the build warns).
    out_texts = copy_office_texts(previous_data_dir, data_dir, out, Project.at(root).tool)
    list_path = data_dir / CHECKLIST
    if list_path.exists():
        out.kept.append(list_path)
    else:
        list_path.write_text(
            checklist(year, Path(shown(previous_data_dir, root)), root, before.year)
            + texts_checklist(year, root, out_texts),
            encoding="utf-8",
        )
        out.written.append(list_path)
    return out
