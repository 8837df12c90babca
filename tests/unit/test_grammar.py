"""Grammar by rule, checked by an analyser that is not the project's own lexicon.

Every chapter template is rendered with each of its counted numbers in turn at 0, 1, 2, 3,
4, 5, 12, 21, 22 and 112 (the others at their 2025 values), and Morfeusz 2 (the morphological
analyser of the Polish Academy of Sciences' Institute of Computer Science, from PyPI) reads
the words around the number as printed:

* the noun it counts (after any adjectives) is singular after 1; plural after 2, 3, 4, 22
  (in the case the sentence needs); after 0, 5, 12, 21 and 112 plural in the genitive, or in
  the dative, instrumental or locative a preposition or verb asks for ("w 5 rodzinach");
* after a preposition, the noun has the case the preposition governs (a numeral of 5 and more
  after an accusative one takes the genitive: "na 5 rodzin");
* a past-tense verb right before the number agrees with it: singular, of the noun's gender,
  with 1 ("skorzystała 1 rodzina"); plural with 2–4 ("skorzystały 2 rodziny"; a masculine-
  personal noun also takes the neuter singular: "skorzystało 2 asystentów"); neuter singular
  with 0 and 5 or more ("skorzystało 5 rodzin").

Words the analyser does not know are not judged. A finding names the chapter, the value's id,
the number and the words as printed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pytest

from tests.missing_tools import needs
from tests.unit.test_templates import TEMPLATED, namespaces  # noqa: F401 - the fixture

try:
    import morfeusz2
except ImportError:  # pragma: no cover - the dev tools install it
    morfeusz2 = None

pytestmark = [
    needs(morfeusz2 is not None, "morfeusz2 (pip: the dev tools of requirements.lock)"),
    pytest.mark.slow,
]  # every template at ten counts through Morfeusz: about 2 minutes

NUMBERS = (0, 1, 2, 3, 4, 5, 12, 21, 22, 112)
# A value printed in the chapter's Markdown: [1 234]{.val data-id="x.y" …}
VALUE = re.compile(r"\[(?P<shown>[^\]]*)\]\{\.val data-id=\"(?P<id>[^\"]+)\"[^}]*\}")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SKIPPED_BETWEEN = {"łącznie", "się", "razem", "ogółem", "aż", "tylko", "jeszcze"}
CASES = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"}


@lru_cache(maxsize=1)
def analyser():
    return morfeusz2.Morfeusz(separate_numbering=True)


@cache
def readings(word: str) -> tuple[tuple[str, ...], ...]:
    """Each reading's tag split at ':' ("subst:pl:gen:f" → ("subst", "pl", "gen", "f"));
    a word the analyser does not know has none."""
    found = []
    for _start, _end, (_form, _lemma, tag, *_rest) in analyser().analyse(word):
        if tag != "ign":
            found.append(tuple(tag.split(":")))
    return tuple(found)


def kind(n: int) -> str:
    """Which form of the noun Polish takes after n: one, few (2–4, 22–24, …) or many."""
    if n == 1:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


def nouns(tags) -> list[tuple[str, ...]]:
    return [t for t in tags if t[0] in ("subst", "ger", "depr")]


def noun_fits(n: int, tags, governs: set[str] | None) -> bool:
    """The noun's form fits the number (and the preposition's case, if any)."""
    k = kind(n)
    for t in nouns(tags):
        cases = {c for piece in t[2:3] for c in piece.split(".")}
        numbers = set(t[1].split("."))
        if k == "one":
            ok = "sg" in numbers and (not governs or cases & governs)
        elif k == "few":
            ok = "pl" in numbers and (not governs or cases & governs)
        else:
            wanted = {"gen", "dat", "inst", "loc"}
            if governs:  # an accusative or nominative slot takes the genitive after 5 and more
                wanted = {("gen" if c in ("acc", "nom") else c) for c in governs}
            ok = "pl" in numbers and bool(cases & wanted)
        if ok:
            return True
    return False


def verb_fits(n: int, verb_tags, noun_tags) -> bool:
    """A past-tense verb right before the number does not take the form of another number
    (see the module's docstring). Without a parse the verb's subject is unknown ("praca
    obejmowała 5 rodzin": the verb is the work's), so only forms that cannot be right for the
    counted phrase are findings: plural with 1 or with 0 and 5 or more, neuter singular with 1
    (a noun of another gender) and with 2–4 (unless the noun is masculine-personal or collective:
    "4 dzieci" is read "czworo dzieci")."""
    k = kind(n)
    counted = nouns(noun_tags)
    genders = {g for t in counted for g in t[3].split(".")}
    # the counted phrase can be the verb's subject: a nominative, singular after 1 ("dotyczyło
    # 1 rodziny": a genitive, the verb's subject is another word)
    nominative = any("nom" in t[2].split(".") and (k != "one" or "sg" in t[1].split(".")) for t in counted)
    if any("col" in t for t in counted) and k == "few":
        k = "many"
    for t in verb_tags:
        if t[0] != "praet":
            continue
        number, gender = set(t[1].split(".")), set(t[2].split("."))
        neuter_sg = "sg" in number and "n" in gender
        # a plural of the counted noun's kind: virile ("skorzystali") for a masculine-personal
        # noun, non-virile ("skorzystały") for any other; the other kind has another subject
        of_noun = ("m1" in gender) == ("m1" in genders)
        if k in ("one", "many") and "pl" in number and "sg" not in number and of_noun:
            continue
        if k == "one" and neuter_sg and nominative and "n" not in genders:
            continue
        if k == "few" and neuter_sg and nominative and not genders & {"m1"}:
            continue
        return True  # some reading of the verb fits
    return not any(t[0] == "praet" for t in verb_tags)


SENTINEL = "\u27e6{}\u27e7"  # ⟦n⟧: the number under test, in the text as read


def as_read(markdown: str, value_id: str) -> str:
    """The Markdown as a reader reads it: values as their numbers, the one under test marked."""

    def shown(m: re.Match) -> str:
        if m.group("id") == value_id:
            return SENTINEL.format(m.group("shown").replace("\xa0", ""))
        return m.group("shown")

    text = VALUE.sub(shown, markdown)
    return re.sub(r"[*_\\]", "", text)


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before and after a place, within its sentence part, table cell and paragraph."""
    stops = re.compile(r"\n\s*\n|\||[.;:!?]\s|[()]|\n[-*] |\n\d+\. ")
    before = stops.split(text[max(0, start - 160) : start])[-1]
    after = stops.split(text[end : end + 160])[0]
    return before, after


def findings_in(markdown: str, value_id: str, n: int) -> list[str]:
    """What disagrees with the number around each place where ``value_id`` is printed."""
    found = []
    text = as_read(markdown, value_id)
    for m in re.finditer("\u27e6(\\d+)\u27e7", text):
        before, after = _clause(text, m.start(), m.end())
        words_after = WORD.findall(after)[:4]
        words_before = WORD.findall(before)[-3:]
        if not words_after or re.match(r"\s*[\d,.%–-]", after):  # a unit or another number follows
            continue
        if any(t[0] == "brev" for t in readings(words_after[0])):  # a unit: "1 h", "5 min"
            continue
        # the counted noun: the first word after the number that can be a noun (adjectives
        # skipped), before any verb or conjunction ("2 opuściło pieczę": no noun is counted)
        noun = None
        for w in words_after:
            tags = readings(w) or readings(w.lower())
            if nouns(tags):
                noun = w
                break
            if any(t[0] in ("praet", "fin", "inf", "impt", "pred", "conj", "comp", "imps") for t in tags):
                break
        if noun is None:
            continue
        prev = next((w for w in reversed(words_before) if w.lower() not in SKIPPED_BETWEEN), None)
        governs = None
        if prev:
            preps = [t for t in readings(prev.lower()) if t[0] == "prep"]
            if preps and not [t for t in readings(prev.lower()) if t[0] not in ("prep", "qub")]:
                governs = {c for t in preps for c in t[1].split(".") if c in CASES}
        said = f"„{' '.join(words_before)} {n} {' '.join(words_after)}”"
        if not noun_fits(n, readings(noun), governs):
            found.append(f"{value_id} = {n}: {said} ({noun}: {sorted(set(readings(noun)))})")
            continue
        verb = prev if prev and any(t[0] == "praet" for t in readings(prev.lower())) else None
        if verb and not verb_fits(n, readings(verb.lower()), readings(noun)):
            found.append(f"{value_id} = {n}: {said} (czasownik „{verb}” nie zgadza się z liczbą)")
    return found


def test_the_analyser_tells_right_from_wrong():
    """The checks above, on sentences whose grammar is known."""
    good = [
        ('skorzystało [5]{.val data-id="a"} rodzin.', 5),
        ('skorzystała [1]{.val data-id="a"} rodzina.', 1),
        ('skorzystały [2]{.val data-id="a"} rodziny.', 2),
        ('Zobowiązanie dotyczyło [1]{.val data-id="a"} rodziny.', 1),
        ('w [5]{.val data-id="a"} rodzinach.', 5),
        ('na [5]{.val data-id="a"} rodzin.', 5),
        ('zatrudniono [22]{.val data-id="a"} asystentów rodziny.', 22),
        ('w [1]{.val data-id="a"} szkoleniu.', 1),
        ('pracowało [3]{.val data-id="a"} asystentów.', 3),
    ]
    bad = [
        ('skorzystało [5]{.val data-id="a"} rodziny.', 5),
        ('skorzystało [1]{.val data-id="a"} rodzina.', 1),
        ('w [1]{.val data-id="a"} szkoleniach.', 1),
        ('skorzystały [5]{.val data-id="a"} rodzin.', 5),
        ('[2]{.val data-id="a"} rodzina.', 2),
    ]
    assert [s for s, n in good if findings_in(s, "a", n)] == []
    assert [s for s, n in bad if not findings_in(s, "a", n)] == []


@pytest.mark.parametrize("nb", TEMPLATED, ids=lambda p: p.stem)
def test_numbers_agree_with_their_words(namespaces, nb):  # noqa: F811 - the fixture
    from sprawozdanie.preview import chapter_markdown

    ns = dict(namespaces(nb))
    text = ns["text"]
    counted = {v.id for led in text.words.t.ledgers for v in led if v.unit not in ("money", "zł", "gr")}
    # the values printed with words after them (a table's cell stands alone), in any of the
    # renderings; a value printed only when another is not 0 is reached by that one's turn at 0
    baseline = chapter_markdown(nb, ns) + "".join(
        chapter_markdown(nb, {**ns, "text": text.with_values(n)}) for n in (0, 1, 5)
    )
    ids = sorted({m.group("id") for m in VALUE.finditer(baseline)} & counted)
    if not ids:
        pytest.skip("the chapter's text counts nothing (its numbers are amounts or in tables)")
    found = []
    for value_id in ids:
        for n in NUMBERS:
            markdown = chapter_markdown(nb, {**ns, "text": text.with_values(n, only=value_id)})
            found += findings_in(markdown, value_id, n)
    assert found == [], "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("n", [1, 2, 5, 22])
def test_when_every_child_who_left_care_went_home_it_is_said_once(namespaces, n):  # noqa: F811 - the fixture
    """All who left foster care returned to their families (every value at ``n``): one
    sentence, its numbers agreeing, no "1 wychowanek: 1 wrócił do 1 rodziny"."""
    from sprawozdanie.preview import chapter_markdown

    nb = next(p for p in TEMPLATED if p.stem == "foster_care_families")
    ns = dict(namespaces(nb))
    markdown = chapter_markdown(nb, {**ns, "text": ns["text"].with_values(n)})
    said = re.sub(r"\{\.val[^}]*\}", "", markdown)
    assert findings_in(markdown, "foster_care_families.left", n) == []
    if n == 1:
        assert "wychowanek,\nktóry wrócił do rodziny biologicznej." in said
    else:
        assert "wszyscy wrócili do rodzin biologicznych – łącznie do" in said
    assert " wrócił do [1] rodziny" not in said and " wróciło do " not in said


@pytest.mark.parametrize(
    "reason, said",
    [
        ("left_adulthood", "opuścił pieczę zastępczą po osiągnięciu pełnoletności."),
        (
            "left_moved_municipality",
            "wrócił z pieczy zastępczej do rodzica zamieszkałego w innej gminie.",
        ),
        ("left_other", "opuścił pieczę zastępczą z innych przyczyn."),
    ],
)
def test_one_child_who_left_care_for_another_reason_is_one_sentence(namespaces, reason, said):  # noqa: F811
    """One child left foster care, not to its family: one sentence with its reason, not
    "opuścił 1 wychowanek: 1 wychowanek opuścił ją …" (the editorial reading's H15)."""
    from sprawozdanie.preview import chapter_markdown

    nb = next(p for p in TEMPLATED if p.stem == "foster_care_families")
    ns = dict(namespaces(nb))
    text = ns["text"].with_values(0)
    for value_id in ("left", reason):
        text = text.with_values(1, only=f"foster_care_families.{value_id}")
    markdown = chapter_markdown(nb, {**ns, "text": text})
    plain = " ".join(re.sub(r"\[(\d+)\]\{\.val[^}]*\}", r"\1", markdown).replace("\xa0", " ").split())
    assert f"W tym czasie 1 wychowanek {said}" in plain
    assert "wychowanek:" not in plain
    assert findings_in(markdown, "foster_care_families.left", 1) == []
