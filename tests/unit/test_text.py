"""The template engine: values only through the ledger, input text printed literally, the
office's texts limited to plain Markdown, every error in Polish with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypandoc
import pytest

from sprawozdanie.errors import ReportError
from sprawozdanie.ledger import Ledger
from sprawozdanie.present.lexicon import Lexicon
from sprawozdanie.present.markup import Narrator
from sprawozdanie.present.office import REVIEW_MARKER, read
from sprawozdanie.present.text import ChapterText, check_texts, md_escape

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as installed


@pytest.fixture()
def root(tmp_path) -> Path:
    (tmp_path / "_quarto.yml").write_text("project: {type: book}\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    shutil.copy(TOOL / "templates" / "lexicon.yml", tmp_path / "templates" / "lexicon.yml")
    (tmp_path / "data" / "teksty").mkdir(parents=True)
    return tmp_path


def chapter(root: Path, template: str, families: int = 3, **context) -> ChapterText:
    (root / "templates" / "99_proba.md").write_text(template, encoding="utf-8")
    led = Ledger("ch99")
    led.add("families", families, "rodziny", "Rodziny", "liczba", "a.csv")
    lexicon = Lexicon.load(root / "templates" / "lexicon.yml")
    return ChapterText("99_proba", Narrator(led), lexicon, root, {"year": 2025, **context}, root / "data")


def test_counts_agree_in_case_and_number(root):
    tpl = (
        '{% block a %}{{ agree("families", "rodzina", "otrzymać") }} {{ count("families", "rodzina") }}; '
        'z {{ count("families", "rodzina", "narzędnik") }}{% endblock %}'
    )
    said = {n: chapter(root, tpl, n).render("a").replace("\xa0", " ") for n in (1, 3, 5)}
    assert "otrzymała [1]" in said[1] and "} rodzina;" in said[1] and "} rodziną" in said[1]
    assert "otrzymały [3]" in said[3] and "} rodziny;" in said[3] and "} rodzinami" in said[3]
    assert "otrzymało [5]" in said[5] and "} rodzin;" in said[5]
    assert 'data-id="ch99.families"' in said[3]  # every number keeps its ledger id


def test_input_text_prints_literally_never_as_markup(root):
    hostile = '<img src="/etc/passwd" alt=""> [x](javascript:alert(1)) `#read("/a")`{=typst} @ref\n# Rozdział'
    text = chapter(root, "{% block a %}Nazwa: {{ name }}.{% endblock %}", name=hostile).render("a")
    html = pypandoc.convert_text(text, "html", format="markdown")
    assert "<img" not in html and "<a " not in html and "<h1" not in html and "<code" not in html
    assert '&lt;img src="/etc/passwd"' in html and "@ref" in html


@pytest.mark.parametrize(
    "template, message",
    [
        (
            '{% block a %}\nTekst\n{{ v("famiiles") }}\n{% endblock %}',
            r"templates/99_proba\.md, wiersz 3: brak wartości 'famiiles'",
        ),
        ('{% block a %}\n{% if n("families") %}\n{% endblock %}', r"templates/99_proba\.md, wiersz 3: błąd składni"),
        (
            '{% block a %}{{ count("families", "krowa") }}{% endblock %}',
            r"wiersz 1: .*lexicon\.yml: brak rzeczownika 'krowa'",
        ),
        ("Zgubione zdanie.\n{% block a %}x{% endblock %}", r"wiersz 1: tekst poza częścią"),
    ],
    ids=["unknown value", "syntax", "unknown word", "text outside a part"],
)
def test_template_errors_name_the_file_and_line(root, template, message):
    with pytest.raises(ReportError, match=message):
        chapter(root, template)


@pytest.mark.parametrize(
    "text, what",
    [
        ('<img src=x onerror="alert(1)">', "kod HTML"),
        ('<svg onload="alert(1)"></svg>', "kod HTML"),
        ("::: {.hidden}\nukryte\n:::", "blok :::"),
        ("# Fałszywy rozdział", "nagłówek"),
        ("![x](/etc/passwd)", "obraz"),
        ("[kliknij](javascript:alert(1))", "tylko adresy http"),
        ('`#read("/provenance.json")`{=typst}', "surowy fragment"),
        ("Jak pisze @kowalski", "cytowanie"),
        ("    wcięty kod", "blok kodu"),
    ],
)
def test_office_text_refuses_anything_but_plain_prose(root, text, what):
    path = root / "data" / "teksty" / "foster_care_families_rodzice.md"
    path.write_text(f"Pierwszy akapit.\n\n{text}\n", encoding="utf-8")
    with pytest.raises(ReportError, match=what) as err:
        read(path)
    assert f"{path}, wiersz 3" in str(err.value)


def test_office_text_prints_ledger_values_only(root):
    (root / "data" / "teksty" / "99_uwagi.md").write_text(
        'Ośrodek objął wsparciem {{ count("families", "rodzina", "biernik") }}.\n', encoding="utf-8"
    )
    text = chapter(root, '{% block a %}{{ office("99_uwagi") }}{% endblock %}', 5)
    assert 'objął wsparciem [5]{.val data-id="ch99.families"' in text.render("a")
    (root / "data" / "teksty" / "99_uwagi.md").write_text('Tekst.\n{{ v("famlies") }}\n', encoding="utf-8")
    with pytest.raises(ReportError, match=r"99_uwagi\.md, wiersz 2: brak wartości 'famlies'"):
        chapter(root, '{% block a %}{{ office("99_uwagi") }}{% endblock %}').render("a")


def test_absent_office_text_prints_nothing(root):
    assert chapter(root, '{% block a %}{{ office("99_brak") }}{% endblock %}').render("a") == ""


def test_check_texts_lists_every_problem_and_the_texts_for_review(root):
    (root / "templates" / "98_zly.md").write_text("{% block a %}{% if %}{% endblock %}", encoding="utf-8")
    (root / "data" / "teksty" / "a.md").write_text("<b>x</b>\n", encoding="utf-8")
    (root / "data" / "teksty" / "b.md").write_text(f"{REVIEW_MARKER}\nDobry tekst.\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        check_texts(root, root / "data")
    assert "templates/98_zly.md, wiersz 1" in str(err.value) and "a.md, wiersz 1" in str(err.value)
    (root / "templates" / "98_zly.md").unlink()
    (root / "data" / "teksty" / "a.md").unlink()
    [text] = check_texts(root, root / "data")
    assert text.for_review and text.body.strip() == "Dobry tekst."


def test_office_text_from_notepad_in_windows_1250_is_read(root):
    path = root / "data" / "teksty" / "a.md"
    path.write_bytes("Zespół ściśle współpracował.\n".encode("cp1250"))
    assert read(path).body == "Zespół ściśle współpracował.\n"


def test_office_text_in_an_encoding_that_cannot_be_told_is_named(root):
    path = root / "data" / "teksty" / "a.md"
    path.write_bytes(bytes(range(0xA0, 0x100)))  # Windows-1250 and ISO-8859-2 read these differently
    with pytest.raises(ReportError, match=r"a\.md: .*kodowania.*UTF-8"):
        read(path)


def test_lexicon_refuses_a_word_typed_twice(tmp_path):
    path = tmp_path / "lexicon.yml"
    path.write_text("być: {verb: [a, b, c, d, e]}\nbyć: {verb: [a, b, c, d, e]}\n", encoding="utf-8")
    with pytest.raises(ReportError, match="'być' występuje dwa razy"):
        Lexicon.load(path)


def test_project_lexicon_loads_and_has_each_word_once():
    Lexicon.load(TOOL / "templates" / "lexicon.yml")


def test_md_escape_is_idempotent_for_project_markdown():
    from sprawozdanie.present.text import Md

    assert md_escape(Md("[1]{.val}")) == "[1]{.val}"
