"""The office's own texts are text with placeholders, not templates: a fixed placeholder
syntax read without Jinja, anything else in braces printed literally, and the check run
on what will be printed. Hostile texts from a review of the project (issue "No input can
change what the published report shows") and random insertions into the 2025 texts."""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

import pypandoc
import pytest
from bs4 import BeautifulSoup

from sprawozdanie.errors import ReportError
from sprawozdanie.ledger import Ledger
from sprawozdanie.params import Names
from sprawozdanie.present.lexicon import Lexicon
from sprawozdanie.present.markup import Narrator
from sprawozdanie.present.text import OFFICE_CLASS, ChapterText

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as installed
NAME = "99_uwagi"


@pytest.fixture()
def root(tmp_path) -> Path:
    (tmp_path / "templates").mkdir()
    shutil.copy(TOOL / "templates" / "lexicon.yml", tmp_path / "templates" / "lexicon.yml")
    (tmp_path / "templates" / "99_proba.md").write_text(
        f'{{% block a %}}{{{{ office("{NAME}") }}}}{{% endblock %}}', encoding="utf-8"
    )
    (tmp_path / "data" / "teksty").mkdir(parents=True)
    return tmp_path


def printed(root: Path, text: str, families: int = 46, **context) -> str:
    """The chapter part that places the office text ``text``, as Markdown."""
    (root / "data" / "teksty" / f"{NAME}.md").write_text(text, encoding="utf-8")
    led = Ledger("family_assistance")
    led.add("families", families, "rodziny", "Rodziny objęte asystą", "liczba", "a.csv")
    led.add("cost", 7236056, "gr", "Koszt", "suma", "b.csv")
    lexicon = Lexicon.load(root / "templates" / "lexicon.yml")
    ctx = {
        "year": 2025,
        "prior_year": 2024,
        "municipality": Names(
            name="Gmina Miejska Mielec", genitive="Gminy Miejskiej Mielec", locative="Gminie Miejskiej Mielec"
        ),
        **context,
    }
    return ChapterText("99_proba", Narrator(led), lexicon, root, ctx, root / "data").render("a")


def html_of(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(pypandoc.convert_text(markdown, "html5", format="markdown"), "html.parser")


# Elements and attributes the templates make around an office text: its block, paragraphs,
# lists, emphasis, links, and the value spans of the ledger.
OWN = {
    "div": {"class"},
    "p": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "em": set(),
    "strong": set(),
    "a": {"href"},
    "span": {"class", "data-id", "title"},
    "br": set(),
    "q": set(),
}


def foreign(soup: BeautifulSoup) -> list[str]:
    """Elements or attributes the templates did not make; value spans that are not the ledger's."""
    found = []
    for tag in soup.find_all(True):
        if tag.name not in OWN or set(tag.attrs) - OWN[tag.name]:
            found.append(str(tag)[:80])
        elif tag.name == "span" and (
            tag.get("class") != ["val"]
            or tag.get("data-id") not in ("family_assistance.families", "family_assistance.cost")
        ):
            found.append(str(tag)[:80])
        elif tag.name == "div" and tag.get("class") != [OFFICE_CLASS]:
            found.append(str(tag)[:80])
        elif tag.name == "a" and not re.match(r"(https?://|mailto:)", tag["href"]):
            found.append(str(tag)[:80])
    return found


def test_placeholders_print_values_words_and_params(root):
    md = printed(
        root,
        'W {{ year }} r. {{ agree("families", "rodzina", "otrzymać") }} wsparcie '
        '{{ count("families", "rodzina") }} za {{ v("cost") }} w {{ municipality.locative }}.\n',
    )
    text = re.sub(r"\s+", " ", html_of(md).get_text("").replace("\xa0", " "))
    assert "W 2025 r. otrzymało wsparcie 46 rodzin za 72 360,56 zł w Gminie Miejskiej Mielec." in text
    assert [s["data-id"] for s in html_of(md).select("span.val")] == [
        "family_assistance.families",
        "family_assistance.cost",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{{ 7*7 }}",
        '{{ "ab" * 60000000 }}',
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "{{ v.__globals__ }}",
        "{{ office }}",
        "{{ params.authority.head }}",
        "{# komentarz #}",
        "{## ##}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_anything_else_in_braces_prints_as_written_at_once(root, text):
    started = time.perf_counter()
    md = printed(root, f"Przed {text} po.\n")
    assert time.perf_counter() - started < 5
    shown = html_of(md).get_text("").replace("\n", " ")
    for typographic, plain in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):  # Markdown's smart quotes
        shown = shown.replace(typographic, plain)
    assert f"Przed {text} po." in shown
    assert "49" not in shown and len(md) < 2000


@pytest.mark.parametrize(
    "text",
    [
        '[x](https://example.org){style="position:fixed;top:0;left:0;width:100%;height:100%"}',
        "[t]{## ##}{style=position:fixed}",
        "#{## ##} Fałszywy rozdział",
        '[999]{## ##}{.val data-id="family_assistance.families"}',
        '[999]{.val data-id="family_assistance.families" title="Rodziny"}',
        '[x](https://example.org "tytuł")',
        'Tekst {{ v("families") }}{.klasa}',
        '[zobacz][ref]\n\n[ref]: https://example.org {#id .x style="color:red"}',
        '<span style="color:red">x</span>',
        "::: {.hidden}\nx\n:::",
        '[x]({{ v("families") }})',
    ],
)
def test_no_office_text_gains_an_element_or_attribute(root, text):
    """Each is refused with the file and line, or printed with nothing the templates did not make."""
    try:
        md = printed(root, f"Akapit.\n\n{text}\n")
    except ReportError as exc:
        assert re.search(rf"{NAME}\.md(, wiersz \d+)?: ", str(exc)), exc
        return
    soup = html_of(md)
    assert foreign(soup) == [], md
    assert not soup.find(["h1", "h2", "h3"])
    # a forged value: a span with a ledger id holds the ledger's value and nothing else
    assert all(s.get_text() in ("46", "72\xa0360,56\xa0zł") for s in soup.select("span.val"))


def test_a_pesel_split_by_braces_prints_literally_and_one_joined_by_a_value_is_refused(root):
    md = printed(root, "Numer 44051{## ##}401359.\n")
    assert "44051{## ##}401359" in html_of(md).get_text()
    with pytest.raises(ReportError, match=r"99_uwagi\.md, wiersz 1: numer PESEL"):
        printed(root, 'Numer 4405{{ v("families") }}01359.\n', families=14)


@pytest.mark.parametrize(
    "text, message",
    [
        ("{{ v(families) }}", r"wiersz 1: v: argumenty muszą być w cudzysłowie"),
        ('Tekst\n{{ agree("families") }}', r"wiersz 2: agree: oczekiwano 3 argumentów, podano 1"),
        ('{{ count("families", "krowa") }}', r"wiersz 1: .*brak rzeczownika 'krowa'"),
        ('{{ v("koszt") }}', r"wiersz 1: brak wartości 'koszt'"),
        ("{{ prior_year }}", r"wiersz 1: \{\{ prior_year \}\}: brak tej wartości"),
    ],
)
def test_a_placeholder_written_wrongly_is_named_with_its_line(root, text, message):
    with pytest.raises(ReportError, match=rf"{NAME}\.md, {message}"):
        printed(root, text + "\n", prior_year=None)


def test_an_office_text_that_is_a_link_to_another_file_is_refused(root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("tajne dane\n", encoding="utf-8")
    (root / "data" / "teksty" / f"{NAME}.md").symlink_to(secret)
    led = Ledger("family_assistance")
    lexicon = Lexicon.load(root / "templates" / "lexicon.yml")
    with pytest.raises(ReportError, match=rf"{NAME}\.md: tekst ośrodka jest dowiązaniem"):
        ChapterText("99_proba", Narrator(led), lexicon, root, {"year": 2025}, root / "data").render("a")


def test_an_office_text_over_the_size_limit_is_refused(root):
    with pytest.raises(ReportError, match=r"dopuszczalne jest 50 kB"):
        printed(root, "Zdanie tekstu ośrodka. " * 3000)


# Punctuation and syntax that could turn text into markup, inserted at random points of the
# real office texts of 2025.
INSERTS = [
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{##",
    "##}",
    "[",
    "]",
    "(",
    ")",
    "]{",
    "](",
    '{style="position:fixed"}',
    "{.val}",
    '{#x .y data-id="family_assistance.families"}',
    "<",
    ">",
    "<b>",
    "</div>",
    ":::",
    "\n:::\n",
    "#",
    "\n# ",
    "*",
    "**",
    "_",
    "`",
    "```",
    "$",
    "@",
    "^",
    "~",
    "|",
    "\\",
    "!",
    "[^1]",
    "\n[^1]: x\n",
    "\n[a]: https://x.org {.c}\n",
    "\n    ",
    "\n- ",
    "\n1. ",
    "\n> ",
    "---",
    '{{ v("families") }}',
    "{{ year }}",
    "{{ 7*7 }}",
    "{% if %}",
    "\u200b",
    "&lt;",
    "&#60;",
]


def mutations(count: int, seed: int = 2025) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "2025" / "teksty").glob("*.md"))]
    out = []
    for _ in range(count):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(INSERTS) + text[at:]
        out.append(text)
    return out


@pytest.mark.slow
def test_random_insertions_into_real_office_texts_never_add_markup(root):
    refused, shown = 0, []
    for text in mutations(120):
        try:
            shown.append(printed(root, text))
        except ReportError as exc:
            assert f"{NAME}.md" in str(exc)
            refused += 1
    # One pandoc run for every printed text: each between headings the test adds itself.
    joined = "\n\n".join(f"# Tekst {i}\n\n{md}" for i, md in enumerate(shown))
    soup = html_of(joined)
    for heading in soup.find_all("h1"):
        heading.decompose()
    assert foreign(soup) == []
    assert len(soup.select(f"div.{OFFICE_CLASS}")) == len(shown)
    assert refused < len(shown)  # most are printed: insertions are mostly ordinary text


@pytest.mark.parametrize("char, what", [("🙂", "U+1F642"), ("\x00", "znak sterujący U+0000"), ("漢", "U+6F22")])
def test_a_character_the_report_cannot_print_is_named_with_its_line(root, char, what):
    with pytest.raises(ReportError, match=rf"{NAME}\.md, wiersz 2: .*{re.escape(what)}"):
        printed(root, f"Akapit.\nDrugi wiersz {char} tekstu.\n")
