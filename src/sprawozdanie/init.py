"""``sprawozdanie init``: an office's own workspace, its first year, from its TERYT code.

A workspace is a folder holding one office's files only: ``params/<year>.yml``,
``data/<year>/`` (its inputs, texts and rules) and, once built, ``output/``. ``init`` asks
for what the params need, each question also a command-line flag (so that a script or a
test runs it without a terminal), and writes the params, empty input files with their
header rows, ``gmina.yml`` and the checklist. Nothing of another office is copied: no
office text, no rules, no team.

The TERYT code's last digit says what kind of gmina it is, and so who heads it: 2 (gmina
wiejska) a wójt; 1 (miejska) and 3 (miejsko-wiejska) a burmistrz or a prezydent miasta,
asked. 4 and 5 (the town or the rural area within a gmina miejsko-wiejska) and 8 and 9
(a district of a city) are parts of a gmina, which makes no report of its own.

The grammatical forms the sentences need (genitive, locative, dative) are proposed from
the official type words that open the names ("Gmina", "Miasto", "Gminny Ośrodek Pomocy
Społecznej", "Rada Gminy" …), the rest of the name kept as written; they are always shown
for the analyst to confirm or correct.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ReportError

KINDS = {"1": "gmina miejska", "2": "gmina wiejska", "3": "gmina miejsko-wiejska"}
NOT_A_GMINA = {
    "4": "miasto w gminie miejsko-wiejskiej (część gminy; sprawozdanie składa cała gmina – jej kod kończy się cyfrą 3)",
    "5": "obszar wiejski gminy miejsko-wiejskiej (część gminy; sprawozdanie składa cała gmina – jej kod kończy się cyfrą 3)",
    "8": "dzielnica miasta stołecznego Warszawy (sprawozdanie składa miasto: 1465011)",
    "9": "delegatura miasta (sprawozdanie składa miasto, którego kod kończy się cyfrą 1)",
}
HEADS = {"wojt": "Wójt", "burmistrz": "Burmistrz", "prezydent": "Prezydent Miasta"}
MONTHS = [
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
]

# The official type words that open a name, in (nominative, genitive, locative, dative).
_WORDS = [
    ("Gmina", "Gminy", "Gminie", "Gminie"),
    ("Miasto", "Miasta", "Mieście", "Miastu"),
    ("Miejska", "Miejskiej", "Miejskiej", "Miejskiej"),
    ("Wiejska", "Wiejskiej", "Wiejskiej", "Wiejskiej"),
    ("Miejsko-Wiejska", "Miejsko-Wiejskiej", "Miejsko-Wiejskiej", "Miejsko-Wiejskiej"),
    ("Rada", "Rady", "Radzie", "Radzie"),
    ("Miejski", "Miejskiego", "Miejskim", "Miejskiemu"),
    ("Gminny", "Gminnego", "Gminnym", "Gminnemu"),
    ("Miejsko-Gminny", "Miejsko-Gminnego", "Miejsko-Gminnym", "Miejsko-Gminnemu"),
    ("Miejskie", "Miejskiego", "Miejskim", "Miejskiemu"),
    ("Gminne", "Gminnego", "Gminnym", "Gminnemu"),
    ("Miejsko-Gminne", "Miejsko-Gminnego", "Miejsko-Gminnym", "Miejsko-Gminnemu"),
    ("Ośrodek", "Ośrodka", "Ośrodku", "Ośrodkowi"),
    ("Centrum", "Centrum", "Centrum", "Centrum"),
    ("i", "i", "i", "i"),  # "Miasto i Gmina X" → "Miasta i Gminy X"
]
_CASES = {"genitive": 1, "locative": 2, "dative": 3}
# A word after which the rest of an official name is not declined: "Pomocy Społecznej w …",
# "Miasta X", "Gminy X", "i Gminy X", "w X".
_STOP = {"Pomocy", "Usług", "Miasta", "Gminy", "w", "ds.", "do"}


def decline(name: str, case: str) -> str:
    """``name`` in ``case`` by its opening type words; the rest as written.

    >>> decline("Gmina Modrzewie", "genitive"), decline("Gmina Miejska Mielec", "locative")
    ('Gminy Modrzewie', 'Gminie Miejskiej Mielec')
    >>> decline("Gminny Ośrodek Pomocy Społecznej w Modrzewiu", "locative")
    'Gminnym Ośrodku Pomocy Społecznej w Modrzewiu'
    >>> decline("Miejskie Centrum Usług Społecznych w Zielonowie", "genitive")
    'Miejskiego Centrum Usług Społecznych w Zielonowie'
    >>> decline("Rada Miejska w Mielcu", "dative"), decline("Rada Miasta i Gminy Zielonów", "dative")
    ('Radzie Miejskiej w Mielcu', 'Radzie Miasta i Gminy Zielonów')
    >>> decline("Miasto i Gmina Brzozów", "genitive")
    'Miasta i Gminy Brzozów'

    """
    index = _CASES[case]
    words = name.split()
    out = []
    for i, word in enumerate(words):
        if word in _STOP:
            out += words[i:]
            break
        forms = next((f for f in _WORDS if f[0] == word), None)
        if forms is None:
            out += words[i:]
            break
        out.append(forms[index])
    return " ".join(out)


def _rest(name: str) -> str:
    """The proper name after the type words: "Gmina Miejska Mielec" → "Mielec"."""
    words = name.split()
    while words and any(words[0] == f[0] for f in _WORDS if f[0] not in ("Rada", "Ośrodek", "Centrum")):
        words.pop(0)
    return " ".join(words) or name


def kind_of(teryt: str) -> str:
    """The kind of gmina a TERYT code names, or ReportError saying why it is none."""
    from pydantic import ValidationError

    from .params import Municipality

    try:
        Municipality(name="x", genitive="x", locative="x", teryt=teryt)
    except ValidationError as exc:
        digit = str(teryt).strip()[-1:]
        if re.fullmatch(r"[0-9]{7}", str(teryt).strip()) and digit in NOT_A_GMINA:
            raise ReportError(f"kod TERYT {teryt} oznacza {NOT_A_GMINA[digit]}; podaj kod gminy") from None
        raise ReportError(f"kod TERYT {teryt}: {exc.errors()[0]['ctx']['error']}") from None
    return KINDS[str(teryt).strip()[-1]]


@dataclass
class Answers:
    """What ``init`` asks; None: not given yet."""

    teryt: str | None = None
    name: str | None = None
    name_genitive: str | None = None
    name_locative: str | None = None
    office: str | None = None
    office_genitive: str | None = None
    office_locative: str | None = None
    head: str | None = None  # wojt, burmistrz, prezydent
    head_title: str | None = None  # "Wójt Gminy Modrzewie"
    council: str | None = None
    council_dative: str | None = None
    year: int | None = None
    report_date: str | None = None


Ask = Callable[[str, str | None, str], str]


def ask_on_terminal(question: str, proposal: str | None, example: str) -> str:
    """Ask on the terminal; Enter takes the proposal."""
    hint = f" [{proposal}]" if proposal else f" (np. {example})"
    while True:
        answer = input(f"{question}{hint}: ").strip()
        if answer or proposal:
            return answer or proposal
        print("  (ta wartość jest potrzebna)")


def _complete(a: Answers, ask: Ask | None) -> Answers:
    """Fill what is missing: by asking, or (no terminal) with an error naming the flags."""
    missing: list[str] = []

    def need(field: str, flag: str, question: str, proposal: str | None, example: str) -> None:
        if getattr(a, field) not in (None, ""):
            return
        if ask is None:
            if proposal is not None:
                setattr(a, field, proposal)
            else:
                missing.append(f"{flag} ({question.lower()}, np. {example})")
            return
        setattr(a, field, ask(question, proposal, example))

    need("teryt", "--teryt", "Kod TERYT gminy (7 cyfr)", None, "0699012")
    if a.teryt:
        kind = kind_of(a.teryt)
        if ask is not None:
            print(f"  {a.teryt}: {kind}")
    else:
        kind = None
    need("name", "--name", "Nazwa gminy (mianownik)", None, "Gmina Modrzewie")
    if a.name:
        need(
            "name_genitive",
            "--name-genitive",
            "Nazwa gminy w dopełniaczu (kogo? czego?)",
            decline(a.name, "genitive"),
            "Gminy Modrzewie",
        )
        need(
            "name_locative",
            "--name-locative",
            "Nazwa gminy w miejscowniku (w kim? w czym?)",
            decline(a.name, "locative"),
            "Gminie Modrzewie",
        )
    need("office", "--office", "Nazwa ośrodka (mianownik)", None, "Gminny Ośrodek Pomocy Społecznej w Modrzewiu")
    if a.office:
        need(
            "office_genitive",
            "--office-genitive",
            "Nazwa ośrodka w dopełniaczu",
            decline(a.office, "genitive"),
            "Gminnego Ośrodka Pomocy Społecznej w Modrzewiu",
        )
        need(
            "office_locative",
            "--office-locative",
            "Nazwa ośrodka w miejscowniku",
            decline(a.office, "locative"),
            "Gminnym Ośrodku Pomocy Społecznej w Modrzewiu",
        )
    if kind == "gmina wiejska":
        if a.head not in (None, "wojt"):
            raise ReportError(
                f"gminą wiejską ({a.teryt}) kieruje wójt, nie {a.head!r}: podaj --head wojt "
                "(pełny tytuł organu, np. „Wójt Gminy …”, podaje --head-title)"
            )
        a.head = "wojt"
    elif kind is not None:
        if a.head == "wojt":
            raise ReportError(f"{kind} ({a.teryt}) ma burmistrza albo prezydenta miasta, nie wójta")
        need("head", "--head", "Organ wykonawczy gminy: burmistrz albo prezydent", None, "burmistrz")
        if a.head not in (None, "burmistrz", "prezydent"):
            raise ReportError(f"organ wykonawczy: 'burmistrz' albo 'prezydent', podano '{a.head}'")
    rest = _rest(a.name) if a.name else None
    if a.head and rest:
        usual = {
            "wojt": f"Wójt Gminy {rest}",
            "burmistrz": f"Burmistrz {_rest_genitive_hint(a.name)}",
            "prezydent": f"Prezydent Miasta {rest}",
        }[a.head]
        need("head_title", "--head-title", "Tytuł organu, jak w sprawozdaniu (mianownik)", usual, usual)
        council = {
            "gmina wiejska": f"Rada Gminy {rest}",
            "gmina miejska": f"Rada Miasta {rest}",
            "gmina miejsko-wiejska": f"Rada Miasta i Gminy {rest}",
        }.get(kind or "", f"Rada Gminy {rest}")
        need(
            "council",
            "--council",
            "Nazwa rady (mianownik: Rada Gminy, Rada Miejska, Rada Miasta, Rada Miasta i Gminy…)",
            council,
            council,
        )
    if a.council:
        need(
            "council_dative",
            "--council-dative",
            "Nazwa rady w celowniku (komu? czemu?)",
            decline(a.council, "dative"),
            "Radzie Gminy Modrzewie",
        )
    need("year", "--year", "Pierwszy rok sprawozdania", str(dt.date.today().year - 1), "2025")
    if a.year:
        a.year = int(a.year)
        need(
            "report_date",
            "--report-date",
            "Data sprawozdania (RRRR-MM-DD; art. 179: do 31 marca)",
            f"{a.year + 1}-03-31",
            f"{a.year + 1}-03-31",
        )
    if missing:
        raise ReportError("init bez terminala potrzebuje jeszcze: " + "; ".join(missing))
    return a


def _rest_genitive_hint(name: str) -> str:
    """The usual title of a burmistrz: "Burmistrz Miasta i Gminy X" or "Burmistrz Miasta X"."""
    words = name.split()
    if words[:3] == ["Miasto", "i", "Gmina"]:
        return "Miasta i Gminy " + " ".join(words[3:])
    return f"Miasta {_rest(name)}"


def params_text(a: Answers) -> str:
    """The first year's params file, commented for the analyst."""
    date = dt.date.fromisoformat(str(a.report_date))

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""# Parametry sprawozdania za {a.year} r. (utworzone przez „sprawozdanie init”).
# Sprawdź nazwy i ich odmianę: trafiają do zdań sprawozdania.
year: {a.year}
data_dir: data/{a.year}        # folder z danymi roku (względem tego folderu roboczego)

municipality:
  name: {q(a.name)}
  teryt: "{a.teryt}"            # kod gminy w rejestrze TERYT (7 cyfr)
  genitive: {q(a.name_genitive)}   # dopełniacz
  locative: {q(a.name_locative)}   # miejscownik

institution:
  name: {q(a.office)}
  genitive: {q(a.office_genitive)}
  locative: {q(a.office_locative)}

authority:                      # art. 179: kto przedkłada sprawozdanie i komu
  head: {q(a.head_title)}
  council: {q(a.council)}
  council_dative: {q(a.council_dative)}   # celownik

report:
  title: Sprawozdanie z realizacji zadań z zakresu wspierania rodziny
  subtitle: wraz z informacją o potrzebach związanych z realizacją zadań
  author: {q(a.office)}
  date: {date.isoformat()}
  date_text: {MONTHS[date.month - 1]} {date.year}
  final: false   # false: projekt (na każdej stronie znak PROJEKT z numerem wersji); true: wersja do złożenia

# Zespół asystentów rodziny, jeśli ośrodek go powołał (art. 10 ustawy: „można utworzyć”),
# i akt, którym powierzono ośrodkowi zadania – dopisz, jeśli dotyczą ośrodka:
# family_assistance:
#   team_name: …             # nazwa zespołu (mianownik)
#   mandate: uchwałą nr … Rady … z dnia … w sprawie …

# Ustawa o wspieraniu rodziny: nowszy tekst jednolity (pozycja w Dzienniku Ustaw) i treść art. 176,
# jeśli wstęp ma go przytoczyć (skopiuj z tekstu jednolitego w ISAP, bez zmian); bez treści
# wstęp streszcza ten przepis własnymi słowami i podaje numer artykułu:
# acts:
#   family_support:
#     journal: Dz. U. z … r. poz. … z późn. zm.
#     provisions:
#       "176": "Do zadań własnych gminy należy: 1) …"

# Przyczyny zakończenia pracy asystenta, które ośrodek podaje w tabeli i w tekście razem
# (kody z listy kontrolnej, kolumna end_reason); bez tego każda przyczyna ma własny wiersz:
# end_reason_groups:
#   - codes: [refusal, moved_away]
#     label: odmowa współpracy, zmiana miejsca zamieszkania   # wiersz tabeli
"""


def init(folder: Path, answers: Answers, ask: Ask | None = None) -> list[Path]:
    """Create the workspace in ``folder`` (which may exist, but holds no params yet); return
    the files written. ``ask`` asks for what ``answers`` lack (None: no terminal)."""
    from . import owner
    from .newyear import CHECKLIST, _template, checklist, texts_checklist
    from .params import load_params
    from .schema import registry

    folder = Path(folder).resolve()
    if (folder / "params").is_dir() and any((folder / "params").glob("*.yml")):
        raise ReportError(
            f"{folder}: to już folder roboczy (ma params/); kolejny rok tworzy „sprawozdanie new-year <rok>”"
        )
    a = _complete(answers, ask)
    params_path = folder / "params" / f"{a.year}.yml"
    params_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = params_path.with_name(params_path.name + ".tmp")
    tmp.write_text(params_text(a), encoding="utf-8")
    try:
        p = load_params(tmp, a.year)
    except ReportError as exc:
        tmp.unlink()
        raise ReportError(f"nie udało się utworzyć parametrów: {exc}") from None
    tmp.replace(params_path)
    written = [params_path]
    data_dir = p.data_path(folder)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / owner.FILE).write_text(owner.text(p.municipality.teryt, p.municipality.name), encoding="utf-8")
    written.append(data_dir / owner.FILE)
    for t in registry().tables.values():
        if not (data_dir / t.file).exists():
            _template(data_dir / t.file, t.columns)
            written.append(data_dir / t.file)
    (data_dir / CHECKLIST).write_text(
        checklist(a.year, None, folder) + texts_checklist(a.year, folder, []), encoding="utf-8"
    )
    written.append(data_dir / CHECKLIST)
    from . import structure
    from .project import Project

    tool = Project.at(folder).tool
    chapters = yaml.safe_load((tool / "_quarto.yml").read_text(encoding="utf-8"))["book"]["chapters"]
    if not (folder / structure.FILE).exists():  # the tool's order, for the office to change
        (folder / structure.FILE).write_text(structure.default_text(tool, chapters), encoding="utf-8")
        written.append(folder / structure.FILE)
    return written


def terminal_asker() -> Ask | None:
    """Questions on the terminal when there is one, else none (flags only)."""
    return ask_on_terminal if sys.stdin is not None and sys.stdin.isatty() else None
