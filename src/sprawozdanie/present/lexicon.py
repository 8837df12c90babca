"""Polish word forms, declared once in ``templates/lexicon.yml`` and chosen by number.

A noun is given its gender and, for each grammatical case it is used in, three forms:
after 1, after 2–4 (and 22–24, …) and after 5+ (and 0, 11–14, …), following the CLDR
plural categories ``one``/``few``/``many`` that Babel computes. A word that agrees with a
counted noun (a past-tense verb, a relative pronoun, a participle) is given its five
forms: masculine, feminine, neuter singular, masculine-personal and other plural.

Agreement follows Polish grammar with numerals written as digits:

* a verb after 1 takes the noun's gender ("1 rodzina otrzymała"), after 2–4 the plural
  ("3 rodziny otrzymały", "3 asystenci pracowali"), and after 5+ the neuter singular
  ("5 rodzin otrzymało", "5 asystentów pracowało"); a noun marked ``collective`` (dzieci)
  takes the neuter singular after 2–4 as well ("3 dzieci przebywało");
* a modifier or relative pronoun is singular for 1 and plural otherwise ("1 rodzina,
  której", "5 rodzin, których").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ReportError
from . import fmt

CASES = ("mianownik", "dopełniacz", "celownik", "biernik", "narzędnik", "miejscownik")
GENDERS = ("m", "f", "n", "mos")  # mos: męskoosobowy (asystent, wychowanek)
AGREEING_FORMS = ("m", "f", "n", "mos", "nmos")
CATEGORY_INDEX = {"one": 0, "few": 1, "many": 2}


@dataclass(frozen=True)
class Noun:
    gender: str
    collective: bool
    forms: dict[str, tuple[str, str, str]]  # case → (1, 2–4, 5+)


@dataclass(frozen=True)
class Agreeing:
    kind: str  # "verb" or "modifier"
    forms: dict[str, str]  # m, f, n, mos, nmos


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """YAML that refuses a word declared twice (YAML itself keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"hasło '{key}' występuje dwa razy", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


_LOADED: dict[tuple[str, str], Lexicon] = {}


class Lexicon:
    """Word forms by lemma.

    >>> lex = Lexicon.from_dict({
    ...     "rodzina": {"gender": "f", "mianownik": ["rodzina", "rodziny", "rodzin"],
    ...                 "narzędnik": ["rodziną", "rodzinami", "rodzinami"]},
    ...     "otrzymać": {"verb": ["otrzymał", "otrzymała", "otrzymało", "otrzymali", "otrzymały"]},
    ...     "który": {"modifier": ["który", "która", "które", "którzy", "które"]}})
    >>> [lex.noun(n, "rodzina") for n in (1, 3, 5, 0, 22)]
    ['rodzina', 'rodziny', 'rodzin', 'rodzin', 'rodziny']
    >>> lex.noun(3, "rodzina", "narzędnik")
    'rodzinami'
    >>> [lex.agree(n, "rodzina", "otrzymać") for n in (1, 3, 5)]
    ['otrzymała', 'otrzymały', 'otrzymało']
    >>> [lex.agree(n, "rodzina", "który") for n in (1, 3, 5)]
    ['która', 'które', 'które']
    """

    def __init__(self, nouns: dict[str, Noun], agreeing: dict[str, Agreeing], source: str = "lexicon"):
        self.nouns = nouns
        self.agreeing = agreeing
        self.source = source

    @classmethod
    def from_dict(cls, raw: dict, source: str = "lexicon") -> Lexicon:
        """Entries by lemma: a noun has ``gender`` and its cases, a verb ``verb``, a
        modifier ``modifier`` (five forms each)."""

        def fail(msg: str):
            raise ReportError(f"{source}: {msg}")

        if not isinstance(raw, dict):
            fail("oczekiwano haseł w postaci 'słowo: {...}'")
        nouns: dict[str, Noun] = {}
        agreeing: dict[str, Agreeing] = {}
        for lemma, entry in raw.items():
            lemma = str(lemma)
            if not isinstance(entry, dict):
                fail(f"hasło '{lemma}': oczekiwano gender i przypadków, verb albo modifier")
            kinds = [k for k in ("verb", "modifier") if k in entry]
            if kinds:
                value = entry[kinds[0]]
                if len(entry) != 1 or not (
                    isinstance(value, list) and len(value) == 5 and all(isinstance(v, str) for v in value)
                ):
                    fail(f"hasło '{lemma}': oczekiwano {kinds[0]}: [m, f, n, mos, nmos] (pięć form)")
                agreeing[lemma] = Agreeing(kinds[0], dict(zip(AGREEING_FORMS, value)))
                continue
            if entry.get("gender") not in GENDERS:
                fail(f"hasło '{lemma}': pole gender musi mieć jedną z wartości {', '.join(GENDERS)}")
            forms = {}
            for key, value in entry.items():
                if key in ("gender", "collective"):
                    continue
                if key not in CASES:
                    fail(f"hasło '{lemma}': nieznany przypadek '{key}' (dozwolone: {', '.join(CASES)})")
                if not (isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value)):
                    fail(f"hasło '{lemma}', {key}: oczekiwano trzech form [po 1, po 2–4, po 5+]")
                forms[key] = tuple(value)
            nouns[lemma] = Noun(entry["gender"], bool(entry.get("collective", False)), forms)
        return cls(nouns, agreeing, source)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """The lexicon in ``path``; a warm kernel that builds many chapters parses it once."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReportError(f"{path}: nie można odczytać słownika form ({exc})") from None
        key = (str(path), text)
        if key not in _LOADED:
            _LOADED.clear()
            _LOADED[key] = cls._parse(text, path)
        return _LOADED[key]

    @classmethod
    def _parse(cls, text: str, path: Path) -> Lexicon:
        try:
            raw = yaml.load(text, Loader=_UniqueKeyLoader)
        except yaml.YAMLError as exc:
            raise ReportError(f"{path}: niepoprawny YAML: {exc}") from None
        return cls.from_dict(raw, str(path))

    def _noun(self, lemma: str) -> Noun:
        if lemma not in self.nouns:
            raise ReportError(f"{self.source}: brak rzeczownika '{lemma}' (dopisz to hasło)")
        return self.nouns[lemma]

    def noun(self, n: int, lemma: str, case: str = "mianownik") -> str:
        """The form of ``lemma`` in ``case`` that agrees with the number ``n``."""
        entry = self._noun(lemma)
        if case not in entry.forms:
            raise ReportError(f"{self.source}: rzeczownik '{lemma}' nie ma formy przypadku '{case}'")
        return entry.forms[case][CATEGORY_INDEX[fmt.plural_category(n)]]

    def agree(self, n: int, lemma: str, word: str) -> str:
        """The form of ``word`` (a verb or a modifier) that agrees with ``n`` of ``lemma``."""
        entry = self._noun(lemma)
        if word not in self.agreeing:
            raise ReportError(f"{self.source}: brak słowa '{word}' (dopisz hasło z verb albo modifier)")
        forms = self.agreeing[word]
        category = fmt.plural_category(n)
        plural = "mos" if entry.gender == "mos" else "nmos"
        if category == "one":
            return forms.forms["m" if entry.gender == "mos" else entry.gender]
        if forms.kind == "modifier":
            return forms.forms[plural]
        if category == "few" and not entry.collective:
            return forms.forms[plural]
        return forms.forms["n"]
