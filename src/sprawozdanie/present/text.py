"""The report's prose: one Jinja2 template per chapter in ``templates/``, rendered with the
chapter's ledger, and the office's own texts from ``data/<year>/teksty/``.

A chapter template is Markdown split into named parts (``{% block wstep %}…{% endblock %}``);
the notebook shows each part where it belongs, between its tables and charts. Placeholders
print ledger values (``{{ v("families") }}``, ``{{ count("families", "rodzina") }}``), choose
word forms from ``templates/lexicon.yml`` (``noun``, ``agree``) and test values
(``{% if n("ended") %}``). ``templates/README.md`` documents them for the people who write
the report. Every text that comes from the inputs (names, directories, params) is escaped,
so it prints literally and never as Markdown. The office's texts are no templates: they
may print ledger values and a few params through a fixed placeholder syntax read without
Jinja (``present/placeholders.py``) and are checked as printed (``present/office.py``).

A template error (bad syntax, an unknown value or word) stops the build with a Polish
message naming the template file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import yaml
from jinja2 import StrictUndefined, nodes

from ..cache import note_read
from ..errors import ReportError
from ..ledger import Ledger
from . import fmt, office
from .escape import Md, md_escape  # noqa: F401 - Md and md_escape are used from here too
from .lexicon import Lexicon
from .markup import Narrator, shown
from .placeholders import Placeholder
from .template_files import LEXICON, SUFFIX, TEMPLATES, template_names

OFFICE_CLASS = "tekst-osrodka"
FENCE = re.compile(r"^([ \t]*)(:{3,})", re.MULTILINE)  # a line that would open or close a ::: block
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


VALUE_ID = re.compile(r'\{\.val data-id="([^"]+)"')  # a ledger value printed in a rendered part


def _finalize(value):
    return "" if value is None else md_escape(value)


def listing(text: str) -> Md:
    """Join the non-blank lines of a block into "a, b oraz c" (a Jinja filter: each clause
    on its own line, clauses whose value is 0 left out with ``{% if %}``).

    >>> listing("\\n w 3 rodzinach \\n\\n w 1 rodzinie\\n w 2 rodzinach")
    'w 3 rodzinach, w 1 rodzinie oraz w 2 rodzinach'
    """
    # Only ordinary spaces are collapsed: the non-breaking spaces inside numbers stay.
    kept = [re.sub(r"[ \t]+", " ", line.strip(" \t")) for line in str(text).split("\n") if line.strip()]
    joined = kept[0] if len(kept) == 1 else ", ".join(kept[:-1]) + " oraz " + kept[-1] if kept else ""
    return Md(joined)


def quoted_list(titles) -> Md:
    """Titles in a sentence's list, each in quotation marks and printed literally (a Jinja
    filter): „a”, „a” i „b”, „a”, „b” i „c”.

    >>> quoted_list(["Rejestr", "A*"])
    '„Rejestr” i „A\\\\*”'
    """
    return Md(fmt.joined([f"„{md_escape(t)}”" for t in titles]))


# a line break inside a table cell, in each format: HTML, PDF (Typst), DOCX (a break within a run)
CELL_BREAK = "`<br>`{=html}`#linebreak()`{=typst}`<w:r><w:br/></w:r>`{=openxml} "


def lines(items, mark: str = "") -> Md:
    """Items of a list printed one under another in a table cell (a Jinja filter), each after
    ``mark`` (a dash for a list of actions); each item is input text, printed literally.

    A line's groups of digits and a range of hours stay together ("tel. 17 787 56 11",
    "8:00 – 13:00"): a narrow column breaks between words, not inside a number.

    >>> lines(["ul. Kościuszki 1", "tel. 17 000"]) == "ul\\.\u00a0Kościuszki 1" + CELL_BREAK + "tel\\. 17\u00a0000"
    True
    >>> lines(["a", "b"], "– ") == "– a" + CELL_BREAK + "– b"
    True
    >>> str(lines(["czwartek: 8:00 – 13:00"])).replace("\u00a0", "~").replace("\u2060", "")
    'czwartek\\\\: 8\\\\:00~–~13\\\\:00'
    """
    return Md(CELL_BREAK.join(md_escape(_unbroken(mark + item)) for item in items))


def _unbroken(line: str) -> str:
    """Non-breaking spaces between a number's groups of two or three digits ("17 787 56 11",
    not "1 39-300"), around a dash between two numbers and after a street's "ul." ("ul.
    Kasztanowa"); a word joiner after that dash, and after a postal code's hyphen ("39-300"),
    as a browser may break a line there; the code stays with its town.

    >>> out = _unbroken("ul. Długa 1 39-300 Mielec, tel. 17 787 56 11")
    >>> out.count("\u00a0"), "39-\u2060300\u00a0Mielec" in out
    (5, True)
    >>> _unbroken("ul. Jagiellończyka 13/2, Al. Jana Pawła II 3").replace("\u00a0", "~")
    'ul.~Jagiellończyka 13/2, Al.~Jana Pawła II 3'
    """
    line = re.sub(r"(?<=\b\d{2}) (?=\d{2,3}\b)|(?<=\b\d{3}) (?=\d{2,3}\b)", fmt.NBSP, line)
    line = fmt.bind_postal_codes(line)
    # "ul. Kasztanowa": a street's name stays with its "ul." (its number may go to the next
    # line: bound to it as well, a long address widened a phone's two-column table past the screen)
    line = re.sub(r"(?<![\w.])((?:[Uu]l|[Aa]l|[Pp]l|[Oo]s)\.) (?=\w)", "\\1" + fmt.NBSP, line)
    return fmt.bind_ranges(line)


def tidy(text: str) -> str:
    """Clean the whitespace that conditional clauses leave: double spaces inside a line,
    a space before punctuation, runs of blank lines; leading indentation is kept.

    >>> tidy("Ala  ma kota .\\n\\n\\n\\n  - lista  x ,")
    'Ala ma kota.\\n\\n  - lista x,'
    """
    cleaned = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        body = re.sub(r" {2,}", " ", line.strip(" "))
        body = re.sub(r"(?<=\S) +(?=[.,;:)](\s|$))", "", body)
        cleaned.append(indent + body if body else "")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(cleaned)).strip()


def tool_root(params_file: Path | str) -> Path:
    """The folder of the tool that builds the workspace of ``params_file`` (its templates)."""
    from ..project import Project

    return Project.find(Path(params_file).resolve().parent).tool


class _Words:
    """The functions a template calls to print values and agree words with them."""

    def __init__(self, narrator: Narrator, lexicon: Lexicon):
        self.t = narrator
        self.lexicon = lexicon

    def _n(self, key_or_number) -> int:
        if isinstance(key_or_number, int) and not isinstance(key_or_number, bool):
            return key_or_number
        return self.n(key_or_number)

    def n(self, key: str) -> int:
        self._check(key)
        return self.t.n(key)

    def _check(self, key) -> None:
        if not isinstance(key, str):
            raise ReportError(f"oczekiwano nazwy wartości w cudzysłowie, znaleziono {key!r}")
        try:
            self.t.value(key)
        except KeyError:
            raise ReportError(f"brak wartości '{key}' w księdze wartości rozdziału") from None

    def v(self, key: str, unit: bool = True) -> Md:
        self._check(key)
        return Md(self.t(key, unit))

    def count(self, key: str, lemma: str, case: str = "mianownik") -> Md:
        return Md(f"{self.v(key)}{fmt.NBSP}{self.lexicon.noun(self.n(key), lemma, case)}")

    def noun(self, key_or_number, lemma: str, case: str = "mianownik") -> Md:
        return Md(self.lexicon.noun(self._n(key_or_number), lemma, case))

    def agree(self, key_or_number, lemma: str, word: str) -> Md:
        return Md(self.lexicon.agree(self._n(key_or_number), lemma, word))

    def any(self, *keys: str) -> bool:
        return any(self.n(k) for k in keys)

    def functions(self) -> dict:
        return {"v": self.v, "n": self.n, "count": self.count, "noun": self.noun, "agree": self.agree, "any": self.any}


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The template line at which a render error happened: the innermost frame of the
    template's compiled code, mapped back through Jinja's line table."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            debug = tb.tb_frame.f_globals.get("debug_info")
            if debug is None:  # a frame Jinja already rewrote to the template's line
                line = tb.tb_lineno
            else:
                pairs = [tuple(map(int, p.split("="))) for p in debug.split("&") if p]
                found = [tpl for tpl, code in pairs if code <= tb.tb_lineno]
                line = found[-1] if found else None
        tb = tb.tb_next
    return line


# Jinja's most common syntax messages, said in Polish (the original follows, for a developer).
_SYNTAX_PL = [
    ("expected token 'end of statement block'", "niedomknięty znacznik {% … %}"),
    ("expected token 'end of print statement'", "niedomknięte miejsce na wartość {{ … }}"),
    ("Unexpected end of template", "szablon kończy się przed zamknięciem {% if %}, {% for %} lub {% block %}"),
    ("Encountered unknown tag", "nieznany znacznik albo {% end… %} bez otwarcia"),
    ("unexpected '}'", "nadmiarowy nawias }"),
    ("unexpected char", "niedozwolony znak w {{ … }} lub {% … %}"),
    ("Expected an expression", "brak warunku lub wartości w znaczniku (np. {% if %} bez warunku)"),
]


def _syntax_pl(message: str) -> str:
    """Jinja's syntax message in Polish where it is a common one.

    >>> _syntax_pl("expected token 'end of statement block', got 'ciągu'")
    "niedomknięty znacznik {% … %} (expected token 'end of statement block', got 'ciągu')"
    """
    for english, polish in _SYNTAX_PL:
        if english in (message or ""):
            return f"{polish} ({message})"
    return message or "nieznany błąd"


class LocatedError(ReportError):
    """An error already located in a file and line (not located again)."""


def _located(exc: BaseException, filename: str, shown_as: str) -> ReportError:
    if isinstance(exc, LocatedError):
        return exc
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return LocatedError(f"{shown_as}, wiersz {exc.lineno}: błąd składni szablonu: {_syntax_pl(exc.message)}")
    line = _template_line(exc, filename)
    where = f"{shown_as}, wiersz {line}" if line else shown_as
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(exc))
        what = f"nieznana nazwa '{name.group(1)}'" if name else f"nieznana nazwa ({exc})"
        return LocatedError(f"{where}: {what}")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return LocatedError(f"{where}: niedozwolona operacja w tekście ({exc})")
    return LocatedError(f"{where}: {exc}")


def _environment(root: Path) -> jinja2.Environment:
    # Comments are {## … ##}, so that Quarto's heading ids ("## Tytuł {#sec-x}") need no escaping.
    env = jinja2.Environment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        comment_start_string="{##",
        comment_end_string="##}",
        lstrip_blocks=True,
        keep_trailing_newline=False,
        loader=jinja2.FileSystemLoader(str(root / TEMPLATES)),
    )
    env.filters["listing"] = listing
    env.filters["lines"] = lines
    env.filters["quoted_list"] = quoted_list  # „a”, „b” i „c”
    env.filters["date_pl"] = fmt.date_pl  # "17 czerwca 2025 r."
    env.filters["period_pl"] = fmt.period_pl  # {{ start | period_pl(end) }}: "od 21 maja do 11 czerwca 2025 r."
    # a macro's output is Markdown already (each value in it was escaped as it was printed): it
    # is printed as it is, `{{ named(t) | macro_md }}`, not escaped a second time
    env.filters["macro_md"] = Md
    return env


_TAG = re.compile(r"\{%.*?%\}")


def keep_line_breaks(source: str) -> str:
    r"""A block tag that ends a line of text keeps the line break after it.

    Jinja's ``trim_blocks`` drops the newline after every block tag, which is right for a
    tag alone on its line but glues words together after an inline one ("Rodzina ta{% endif %}"
    + newline + "nie została"). Such a tag gets Jinja's ``+%}``, which keeps the newline.

    >>> keep_line_breaks("{% if a %}\nx {% endif %}\ny")
    '{% if a %}\nx {% endif +%}\ny'
    """
    lines = source.split("\n")
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if stripped.endswith("%}") and not stripped.endswith(("-%}", "+%}")) and _TAG.sub("", line).strip():
            lines[i] = stripped[:-2] + "+%}"
    return "\n".join(lines)


def split_front_matter(source: str, shown_as: str) -> tuple[dict, str]:
    """The YAML front matter (chart labels and the like) and the template, whose lines keep
    their numbers (the front matter is replaced by as many empty lines)."""
    m = FRONT_MATTER.match(source)
    if not m:
        return {}, source
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ReportError(f"{shown_as}: niepoprawny nagłówek YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise ReportError(f"{shown_as}: nagłówek YAML musi być słownikiem")
    return meta, "\n" * m.group(0).count("\n") + source[m.end() :]


def check_template_source(source: str, shown_as: str, env: jinja2.Environment | None = None) -> list[str]:
    """Parse a chapter template; return its part names. Text outside a part is refused
    (it would never be shown)."""
    return [b.name for b in parse_template(source, shown_as, env).find_all(nodes.Block)]


def parse_template(source: str, shown_as: str, env: jinja2.Environment | None = None) -> nodes.Template:
    """A chapter template's syntax tree (checked: no text outside a part)."""
    env = env or _environment(Path("."))
    _, body = split_front_matter(source, shown_as)
    try:
        tree = env.parse(keep_line_breaks(body), filename=shown_as)
    except jinja2.TemplateSyntaxError as exc:
        raise _located(exc, shown_as, shown_as) from None
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not (isinstance(child, nodes.TemplateData) and not child.data.strip()):
                    raise ReportError(
                        f"{shown_as}, wiersz {child.lineno}: tekst poza częścią "
                        "{% block … %} … {% endblock %} nie byłby pokazany"
                    )
    return tree


# Chapter templates as compiled, by file and text: a warm kernel or the live preview makes a
# chapter's text again from an unchanged template without parsing and compiling it again.
_COMPILED: dict[tuple[str, str], tuple[list[str], object]] = {}


class ChapterText:
    """One chapter's prose: ``templates/<name>.md`` with the chapter's values."""

    def __init__(self, name: str, narrator: Narrator, lexicon: Lexicon, root: Path, context: dict, data_dir: Path):
        self.name = name
        self.root = root
        self.path = root / TEMPLATES / f"{name}{SUFFIX}"
        self.shown_as = f"{TEMPLATES}/{name}{SUFFIX}"
        self.words = _Words(narrator, lexicon)
        self.data_dir = Path(data_dir)
        note_read(self.path)
        if not self.path.is_file():
            raise ReportError(f"{self.shown_as}: brak szablonu tekstu rozdziału")
        source = self.path.read_text(encoding="utf-8")
        self.meta, body = split_front_matter(source, self.shown_as)
        env = _environment(root)
        key = (str(self.path), source)
        if key not in _COMPILED:  # parsed and compiled once per version of the text
            tree = parse_template(source, self.shown_as, env)
            try:
                code = env.compile(tree, filename=str(self.path))
            except Exception as exc:  # noqa: BLE001 - every template error is reported with its line
                raise self._error(exc) from None
            if len(_COMPILED) >= 64:
                _COMPILED.clear()
            _COMPILED[key] = ([b.name for b in tree.find_all(nodes.Block)], code)
        self.parts, code = _COMPILED[key]
        self.template = env.template_class.from_code(env, code, env.make_globals(None))
        self.base_context = context
        self._bind()

    def _bind(self) -> None:
        self._offices: dict[str, Md] = {}  # each office text rendered once per set of values
        self.context = {
            **self.base_context,
            **self.words.functions(),
            "office": self.office,
            "table_printed": self.table_printed,
        }
        try:
            # Running the whole template once checks every part and exports its macros.
            module = self.template.make_module(self.context)
        except Exception as exc:  # noqa: BLE001
            raise self._error(exc) from None
        self.context.update({k: v for k, v in vars(module).items() if not k.startswith("_")})

    def with_values(self, value: int, only: str | None = None) -> ChapterText:
        """The same chapter with every ledger value, or only the value ``only`` (a ledger id),
        set to ``value`` (for tests of 0, 1, many)."""
        import copy

        fake = []
        for led in self.words.t.ledgers:
            new = Ledger(led.prefix)
            for v in led:
                new.add(
                    v.id.removeprefix(led.prefix + "."),
                    value if only in (None, v.id) else v.value,
                    v.unit,
                    v.label_pl,
                    v.formula_pl,
                    v.inputs,
                )
            fake.append(new)
        other = copy.copy(self)
        other.words = _Words(Narrator(*fake), self.words.lexicon)
        other._bind()
        return other

    def _error(self, exc: BaseException) -> ReportError:
        return _located(exc, str(self.path), self.shown_as)

    @classmethod
    def load(
        cls, name: str, *ledgers: Ledger, params_file: str, year: int, data_dir: str, data=None, **extra
    ) -> ChapterText:
        """The chapter ``name`` (the notebook's file name without ``.ipynb``)."""
        from ..params import load_params

        p = load_params(params_file, year)
        root = tool_root(params_file)
        lexicon_path = root / TEMPLATES / LEXICON
        note_read(lexicon_path)
        lexicon = Lexicon.load(lexicon_path)
        context = {
            "year": p.year,
            "prior_year": p.prior_year,
            "municipality": p.municipality,
            "institution": p.institution,
            "params": p,
            "data": data,
            **extra,
        }
        return cls(name, Narrator(*ledgers), lexicon, root, context, Path(data_dir))

    def render(self, part: str) -> str:
        if part not in self.parts:
            raise ReportError(f"{self.shown_as}: brak części '{part}' (są: {', '.join(self.parts)})")
        try:
            out = "".join(self.template.blocks[part](self.template.new_context(self.context)))
        except Exception as exc:  # noqa: BLE001
            raise self._error(exc) from None
        return fmt.group_table_digits(tidy(out))

    def show(self, part: str) -> None:
        """Print a part as Markdown (the notebook cell has ``#| output: asis``)."""
        text = self.render(part)
        if text:
            print(text)

    def table(self, part: str):
        """A part that is a Markdown table, displayed so that its cell's caption applies; None
        (nothing shown, no number taken) when every number it prints is 0: a table of zeros
        says nothing the text does not, and the text says it once."""
        from IPython.display import Markdown

        text = self.render(part)
        return Markdown(text) if self._shows(text) else None

    def table_printed(self, part: str) -> bool:
        """Whether ``table(part)`` prints its table: a template cites it only then
        (``{% if table_printed("tabela") %}… w Tabeli nr -@tbl-x{% endif %}``)."""
        return self._shows(self.render(part))

    def _shows(self, table: str) -> bool:
        printed = VALUE_ID.findall(table)
        return bool(table.strip()) and not (printed and not any(self.words.t.n(i) for i in printed))

    def n(self, key: str) -> int:
        """A ledger value as shown, for a chart or a condition in a notebook cell."""
        return self.words.n(key)

    def bars(self, name: str) -> tuple[list[str], list[int]]:
        """The labels and values of a chart's bars (``labels`` of the front matter), leaving
        out the bars whose value is 0; empty lists when every bar is 0."""
        shown = [(label, self.n(key)) for key, label in self.labels(name).items() if self.n(key)]
        return [label for label, _ in shown], [value for _, value in shown]

    def labels(self, name: str) -> dict[str, str]:
        """Labels from the template's front matter (e.g. a chart's bars, by ledger key)."""
        found = (self.meta.get("labels") or {}).get(name)
        if not isinstance(found, dict):
            raise ReportError(f"{self.shown_as}: brak etykiet '{name}' w sekcji labels nagłówka")
        return {str(k): str(v) for k, v in found.items()}

    def office(self, name: str) -> Md:
        """The office's own text ``data/<year>/teksty/<name>.md``, or nothing when absent."""
        if name not in self._offices:
            self._offices[name] = self._office(name)
        return self._offices[name]

    def _office(self, name: str) -> Md:
        path = self.data_dir / office.FOLDER / f"{name}.md"
        note_read(path)
        if not path.is_file() and not path.is_symlink():
            return Md("")
        office.preparse(self.data_dir / office.FOLDER)
        try:
            text = office.read(path)
            printed = office.printed(text, self._placeholder)
        except ReportError as exc:
            raise LocatedError(str(exc)) from None
        # A line of colons, plain text when the office text is checked alone, would close
        # the block it is placed in: escaped, it prints as written.
        body = FENCE.sub(r"\1\\\2", printed)
        # Marked as the office's own words (HTML: <div class="tekst-osrodka">), so that a
        # reader and an auditor can tell them from what the numbers and the law say.
        return Md(f"\n\n::: {{.{OFFICE_CLASS}}}\n{body}\n:::\n\n" if body else "")

    def _placeholder(self, p: Placeholder) -> tuple[str, str]:
        """A placeholder of an office text: its Markdown (a tagged value, a word, an escaped
        param) and its text as the reader gets it."""
        if not p.is_function:
            owner, _, case = p.name.partition(".")
            value = self.base_context.get(owner)
            if case and value is not None:
                value = getattr(value, case)
            if value is None:
                raise ReportError(f"{{{{ {p.name} }}}}: brak tej wartości w parametrach roku")
            return md_escape(str(value)), str(value)
        try:
            markdown = str(self.words.functions()[p.name](*p.args))
            if p.name in ("v", "count"):
                shown_value = shown(self.words.t.value(p.args[0]))
                plain = shown_value if p.name == "v" else f"{shown_value}{fmt.NBSP}{self.words.noun(*p.args)}"
            else:
                plain = markdown
        except ReportError:
            raise
        except Exception as exc:  # noqa: BLE001 - a wrong word or case, said with the text's line
            raise ReportError(str(exc)) from None
        return markdown, plain


def chapter_text(
    name: str, *ledgers: Ledger, params_file: str, year: int, data_dir: str, data=None, **extra
) -> ChapterText:
    """Shorthand for notebooks: ``text = chapter_text("<chapter id>", ch.ledger, params_file=…, …)``."""
    return ChapterText.load(name, *ledgers, params_file=params_file, year=year, data_dir=data_dir, data=data, **extra)


def check_texts(root: Path, data_dir: Path, templates: bool = True) -> list[office.OfficeText]:
    """Check that the lexicon loads, that every office text of the year is plain Markdown
    and (``templates``) that every chapter template parses; every problem is listed at once.
    Returns the office texts (those still marked for review among them).

    The build leaves the templates to the notebooks, which parse their own as they start
    (a syntax error stops the build there, with the same file and line); ``validate``
    checks them all up front."""
    problems: list[str] = []
    try:
        Lexicon.load(root / TEMPLATES / LEXICON)
    except ReportError as exc:
        problems.append(str(exc))
    env = _environment(root)
    for path in template_names(root) if templates else []:
        try:
            check_template_source(path.read_text(encoding="utf-8"), f"{TEMPLATES}/{path.name}", env)
        except ReportError as exc:
            problems.append(str(exc))
    found: list[office.OfficeText] = []
    try:
        found = list(office.texts(data_dir).values())
    except ReportError as exc:
        problems += str(exc).split("\n")
    if problems:
        raise ReportError(f"Błędy w tekstach raportu ({len(problems)}):\n" + "\n".join(f"  - {p}" for p in problems))
    return found
