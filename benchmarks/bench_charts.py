"""Benchmark of the chart helpers alone: the report's three kinds of bar chart, 20 times each.

    .venv/bin/python benchmarks/bench_charts.py

Time it as a whole process with farm-bench, against an older commit's package checked out
in a git worktree, for a median and a ratio measured in one run:

    git worktree add /tmp/old <commit>
    farm-bench --timeout 900 --vs "sh -c 'PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/bench_charts.py'" \\
        -- sh -c 'PYTHONPATH=src .venv/bin/python benchmarks/bench_charts.py'
"""

from sprawozdanie.present import charts

NAMES = [
    "Pobyt dzieci w rodzinach zastępczych",
    "Pobyt dzieci w placówkach opiekuńczo-wychowawczych",
    "Koszty koordynatora rodzinnej pieczy zastępczej",
]
CONTACTS = [f"Instytucja o nazwie nr {i}, dość długiej" for i in range(12)]


def main() -> None:
    for _ in range(20):
        charts.horizontal_bars(NAMES, [57767101, 35284786, 5685647], "Wydatki (zł)", money=True)
        charts.horizontal_bars(CONTACTS, list(range(290, 2, -24)), "Liczba kontaktów", width=8.0)
        charts.paired_money_bars(NAMES[:2], [49738686, 32365479], [57767101, 35284786], "2024", "2025", "Wydatki (zł)")


if __name__ == "__main__":
    main()
