"""A year with zeros and ones: the narrative stays grammatical and true."""

from __future__ import annotations

import re

import yaml

from sprawozdanie.build import build

CASES = "family_assistance_cases.csv"


def text_of(html: str) -> str:
    body = re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ")
    return " ".join(body.split())


def test_one_family_nothing_ended_nothing_paid(project):
    data = project.root / "data" / "2025"
    header = (data / CASES).read_text(encoding="utf-8").splitlines()[0]
    (data / CASES).write_text(
        header + "\nAR-1,RD-1,AS-1,2025-03-01,,,false,1,false,false\n", encoding="utf-8")
    for name in ("family_assistance_monitoring.csv", "za_zyciem_payments.csv"):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    aggregates = data / "family_assistance_aggregates.csv"
    aggregates.write_text("indicator,value\nteam_meetings,0\nteam_meetings_new_families,0\n"
                          "za_zyciem_applications,1\n", encoding="utf-8")
    (data / "known_disagreements.yml").unlink()  # they belong to the published 2025 data
    config = yaml.safe_load((project.root / "_quarto.yml").read_text(encoding="utf-8"))
    config["book"]["chapters"] = ["index.qmd", "notebooks/01_asysta_rodzinna.ipynb"]
    (project.root / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    written = build(2025, project, say=lambda _: None, formats=("html",))
    text = text_of(written["html"].read_text(encoding="utf-8"))
    chapter = text[text.index("Praca z rodziną przeżywającą"): text.rindex("Kontrola obliczeń")]
    for sentence in [
        "pracował w Miejskim Ośrodku Pomocy Społecznej w Mielcu 1 asystent rodziny",
        "Wsparciem objął on 1 rodzinę, w której wychowywało się 1 małoletnie dziecko",
        "Żadna z tych rodzin nie została zobowiązana do współpracy postanowieniem sądu",
        "Dzieci z żadnej z tych rodzin nie przebywały w pieczy zastępczej",
        "W ciągu roku asystenci nie zakończyli pracy z żadną rodziną",
        "asystenci pracowali z 1 rodziną; 1 rodzina podjęła ją dobrowolnie",
        "W 2025 r. asystenci nie monitorowali żadnej rodziny",
        "W 2025 r. nie wypłacono jednorazowego wsparcia finansowego",
        "W 2025 r. Zespół nie zbierał się.",
        "do ośrodka wpłynął 1 wniosek o taką koordynację",
    ]:
        assert sentence in chapter, sentence
    prose = re.sub(r"Tabela nr \d+\..*?(?=\s[A-ZŻŹĆŁŚ][a-ząęółśżźćń]+ [a-ząęółśżźćń])", " ", chapter)
    assert not re.search(r"\b0 (rodzin|dzieci|przypadk|posiedze)", prose), "a zero stated as a count"
