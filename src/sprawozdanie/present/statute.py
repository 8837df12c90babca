"""What the introduction says of the municipality's tasks under art. 176 of the act.

A provision is quoted only from the text the office copied into its params (from the act's
consolidated text, e.g. in ISAP): the tool cannot check a quote it was not given, so without
one the introduction names the tasks in its own words and cites the article, never a
wording that looks like the act's but is not.
"""

from __future__ import annotations

from ..params import Act

TASKS_ARTICLE = "176"

# The tool's own summary of art. 176, not a quote: no quotation marks, the article cited.
TASKS_SUMMARY = (
    "Art. 176 ustawy zalicza do zadań własnych gminy: przygotowanie i wykonywanie 3-letnich gminnych "
    "programów wspierania rodziny; umożliwianie asystentom rodziny podnoszenia kwalifikacji "
    "i jego finansowanie; rozwijanie systemu opieki nad dziećmi, z placówkami wsparcia dziennego "
    "włącznie, oraz pracę z rodzinami mającymi trudności w wypełnianiu funkcji opiekuńczo-wychowawczych "
    "– przez wsparcie asystenta rodziny, specjalistyczne poradnictwo, szkolenie rodzin wspierających "
    "i tworzenie im warunków działania, a także prowadzenie placówek wsparcia dziennego z miejscami "
    "dla dzieci; pokrywanie kosztów, które rodziny wspierające ponoszą w związku z udzielaną pomocą; "
    "współfinansowanie pobytu dzieci w pieczy zastępczej; składanie wojewodzie sprawozdań "
    "rzeczowo-finansowych z zakresu wspierania rodziny oraz monitorowanie sytuacji dzieci mieszkających "
    "w gminie, których rodziny są zagrożone kryzysem lub przeżywają trudności w wypełnianiu funkcji "
    "opiekuńczo-wychowawczych."
)


def gmina_tasks(act: Act) -> str:
    """The introduction's sentences on art. 176: the office's quote of it, or the summary.

    >>> quoted = Act(title="ustawa", provisions={"176": "Do zadań własnych gminy należy: 1) …"})
    >>> gmina_tasks(quoted)
    'Art. 176 ustawy stanowi: „Do zadań własnych gminy należy: 1) …”.'
    >>> gmina_tasks(Act(title="ustawa")) == TASKS_SUMMARY
    True
    """
    text = act.provisions.get(TASKS_ARTICLE, "").strip()
    if not text:
        return TASKS_SUMMARY
    return f"Art. {TASKS_ARTICLE} ustawy stanowi: „{text.rstrip('.;')}”."
