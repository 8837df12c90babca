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
    "Art. 176 ustawy zalicza do zadań własnych gminy: opracowanie i realizację 3-letnich gminnych "
    "programów wspierania rodziny; tworzenie możliwości podnoszenia kwalifikacji przez asystentów "
    "rodziny; tworzenie oraz rozwój systemu opieki nad dzieckiem, w tym placówek wsparcia dziennego, "
    "oraz pracę z rodziną przeżywającą trudności w wypełnianiu funkcji opiekuńczo-wychowawczych, w tym "
    "zapewnienie jej wsparcia i pomocy asystenta rodziny oraz dostępu do specjalistycznego poradnictwa, "
    "organizowanie szkoleń i tworzenie warunków do działania rodzin wspierających, a także prowadzenie "
    "placówek wsparcia dziennego i zapewnienie w nich miejsc dla dzieci; finansowanie podnoszenia "
    "kwalifikacji przez asystentów rodziny oraz kosztów związanych z udzielaniem pomocy, ponoszonych "
    "przez rodziny wspierające; współfinansowanie pobytu dziecka w pieczy zastępczej; sporządzanie "
    "sprawozdań rzeczowo-finansowych z zakresu wspierania rodziny i przekazywanie ich wojewodzie oraz "
    "prowadzenie monitoringu sytuacji dziecka z rodziny zagrożonej kryzysem lub przeżywającej trudności "
    "w wypełnianiu funkcji opiekuńczo-wychowawczej, zamieszkałego na terenie gminy."
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
