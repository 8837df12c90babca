"""A year with zeros and ones: the narrative stays grammatical and true."""

from __future__ import annotations

import re

import pytest

from sprawozdanie.build import build

from ..conftest import use_chapters

CASES = "family_assistance_cases.csv"


def text_of(html: str) -> str:
    """The page's text as a reader sees it: no style sheet or script."""
    html = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", " ", html, flags=re.DOTALL)
    body = re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ")
    return " ".join(body.split())


@pytest.mark.slow
def test_one_family_nothing_ended_nothing_paid(project):
    data = project.root / "data" / "2025"
    header = (data / CASES).read_text(encoding="utf-8").splitlines()[0]
    (data / CASES).write_text(header + "\nAR-1,RD-1,AS-1,2025-03-01,,,false,1,false,false\n", encoding="utf-8")
    for name in ("family_assistance_monitoring.csv", "za_zyciem_payments.csv"):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    aggregates = data / "family_assistance_aggregates.csv"
    aggregates.write_text(
        "indicator,value\nteam_meetings,0\nteam_meetings_new_families,0\nza_zyciem_applications,1\n", encoding="utf-8"
    )
    (data / "known_disagreements.yml").unlink()  # they belong to the published 2025 data
    use_chapters(project.root, ["index.qmd", "notebooks/family_assistance.ipynb"])

    written = build(2025, project, say=lambda _: None, formats=("html",))
    text = text_of(written["html"].read_text(encoding="utf-8"))
    chapter = text[text.index("Praca z rodziną przeżywającą") : text.rindex("Kontrola obliczeń")]
    for sentence in [
        "w Miejskim Ośrodku Pomocy Społecznej w Mielcu pracował 1 asystent rodziny",
        "Wsparciem asystenta rodziny objęto 1 rodzinę, w której wychowywało się 1 małoletnie dziecko",
        "Rodzina ta nie została zobowiązana przez sąd opiekuńczy do pracy z asystentem rodziny",
        "praca asystenta rodziny nie obejmowała żadnej rodziny, której dzieci przebywały w pieczy zastępczej",
        "W ciągu roku nie zakończono pracy asystenta rodziny z żadną rodziną",
        "praca asystenta rodziny trwała w 1 rodzinie",
        "Z asystentem rodziny dobrowolnie pracowała 1 rodzina",
        "W 2025 r. nie monitorowano funkcjonowania żadnej rodziny",
        "W 2025 r. nie wypłacono jednorazowego świadczenia",
        "W 2025 r. nie odbyło się żadne posiedzenie Zespołu.",  # the team's name is a proper name
        "do Miejskiego Ośrodka Pomocy Społecznej w Mielcu złożono 1 wniosek o taką koordynację",
    ]:
        assert sentence in chapter, sentence
    prose = re.sub(r"Tabela nr \d+\..*?(?=\s[A-ZŻŹĆŁŚ][a-ząęółśżźćń]+ [a-ząęółśżźćń])", " ", chapter)
    assert not re.search(r"\b0 (rodzin|dzieci|przypadk|posiedze)", prose), "a zero stated as a count"


@pytest.mark.slow
def test_charts_of_a_year_with_zeros_draw_or_are_left_out(project):
    """Chapters 2, 6, 7, 8, 17 and 19 with zeros and one information stand with no packages
    (chapters whose few numbers are said in sentences, with no chart): no figure is drawn, no
    sentence refers to one, and the zeros are said in words."""
    data = project.root / "data" / "2025"
    zeros = {
        "legal_help_aggregates.csv": "legal_help_indicator,value\nlegal_help_families,0\n",
        "psychological_help_aggregates.csv": "psychological_help_indicator,value\npsychological_help_families,0\n"
        "psychological_help_families_with_assistant,0\n",
        "social_work_aggregates.csv": "social_work_indicator,value\nsocial_work_team_workers,1\n"
        "social_work_families,0\nsocial_work_children,0\n",
        "ukraine_aggregates.csv": "ukraine_indicator,ukraine_value\n"
        + "".join(
            f"{code},0\n"
            for code in (
                "children_temporary_guardians",
                "temporary_guardians",
                "families_family_assistant",
                "families_social_work",
                "families_cash_benefits",
            )
        ),
    }
    for name, text in zeros.items():
        (data / name).write_text(text, encoding="utf-8")
    training = data / "assistant_training_aggregates.csv"
    training.write_text(re.sub(r"(_minutes),\d+", r"\1,0", training.read_text(encoding="utf-8")), encoding="utf-8")
    events = data / "supporting_families_events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").splitlines()[0] + "\nRW-01,2025-05-01,Festyn,0\n", encoding="utf-8"
    )  # no stand at all trips the rule supporting_families.packages_add_up (no values to sum)
    (data / "known_disagreements.yml").unlink()
    use_chapters(
        project.root,
        ["index.qmd"]
        + [
            f"notebooks/{n}.ipynb"
            for n in (
                "legal_help",
                "psychological_help",
                "assistant_training",
                "social_work",
                "supporting_families",
                "ukraine_support",
            )
        ],
    )

    written = build(2025, project, say=lambda _: None, formats=("html",))
    html = written["html"].read_text(encoding="utf-8")
    figures = re.findall(r'<figure id="(fig-[\w-]+)"', html)
    assert figures == []
    assert "Wykres" not in text_of(html)
    assert "nie skorzystała żadna rodzina" in text_of(html)
