"""What the introduction says of the municipality's tasks under art. 176 of the act.

A provision is quoted only from the text the office copied into its params (from the act's
consolidated text, e.g. in ISAP): the tool cannot check a quote it was not given, so without
one the introduction names the tasks in its own words and cites the article, never a
wording that looks like the act's but is not.
"""

from __future__ import annotations

from ..params import Act

TASKS_ARTICLE = "176"

# The tool's own reference to art. 176, not a quote: no quotation marks, each task with its
# point, in the act's terms as the chapters cite them ("(art. 176 pkt 3 lit. b ustawy)"); pkt 3's
# means follow "przez", as the act (and the published report's quote of it) has them.
TASKS_SUMMARY = (
    "Zadania własne gminy wymienia art. 176 ustawy; należą do nich: opracowanie i realizacja "
    "3-letnich gminnych programów wspierania rodziny (pkt 1); tworzenie możliwości podnoszenia "
    "kwalifikacji przez asystentów rodziny oraz finansowanie podnoszenia tych kwalifikacji "
    "(pkt 2 i 4 lit. a); tworzenie oraz rozwój systemu opieki nad dzieckiem, w tym placówek "
    "wsparcia dziennego, oraz praca z rodziną przeżywającą trudności w wypełnianiu funkcji "
    "opiekuńczo-wychowawczych przez zapewnienie rodzinie przeżywającej trudności wsparcia i pomocy "
    "asystenta rodziny oraz dostępu do specjalistycznego poradnictwa, organizowanie szkoleń i tworzenie "
    "warunków do działania rodzin wspierających oraz prowadzenie placówek wsparcia dziennego "
    "i zapewnienie w nich miejsc dla dzieci (pkt 3); finansowanie kosztów związanych z udzielaniem "
    "pomocy, o której mowa w art. 29 ust. 1, ponoszonych przez rodziny wspierające (pkt 4 lit. b); współfinansowanie pobytu dziecka w rodzinie zastępczej, rodzinnym domu dziecka, "
    "placówce opiekuńczo-wychowawczej, regionalnej placówce opiekuńczo-terapeutycznej lub "
    "interwencyjnym ośrodku preadopcyjnym (pkt 5); sporządzanie sprawozdań rzeczowo-finansowych "
    "z zakresu wspierania rodziny i przekazywanie ich właściwemu wojewodzie (pkt 6) oraz prowadzenie monitoringu "
    "sytuacji dziecka z rodziny zagrożonej kryzysem lub przeżywającej trudności w wypełnianiu funkcji "
    "opiekuńczo-wychowawczej, zamieszkałego na terenie gminy (pkt 7)."
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
