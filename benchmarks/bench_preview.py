"""Benchmark of the live preview (``sprawozdanie preview``), on the 2025 data, in one run.

    .venv/bin/python benchmarks/bench_preview.py [--runs 5] [--year 2025]

Works on a scratch copy of the project, serves its preview, opens the page in Debian's
chromium (Playwright, no browser download) and measures, each over --runs saves, the time
from saving a file to the open page showing its new text:

  start      from the command's start to the page being served (once)
  template   a sentence of chapter 9's template (templates/foster_care_families.md)
  office     an office text (data/<year>/teksty/family_assistance_zespol.md)
  input      one input file of chapter 1 (family_assistance_contacts.csv: one count)

It prints the median, minimum and maximum of each, and beside them the server's share: from
the save to the server giving out the next version (the rest is the page's reload). Without
chromium it gives the server's times alone, and says so.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copy_project  # noqa: E402 - the same scratch copy as the build's benchmark

from sprawozdanie.live import serving  # noqa: E402
from sprawozdanie.project import Project  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def toggled(path: Path, a: str, b: str) -> tuple[str, str]:
    """Swap ``a`` and ``b`` in the file; return the text the page must now show and the one
    it must no longer show."""
    text = path.read_text(encoding="utf-8")
    old, new = (a, b) if a in text else (b, a)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return new, old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    year = str(args.year)
    results: dict[str, list[float]] = {"template": [], "office": [], "input": []}
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        root = copy_project(Path(tmp))
        t_start = time.perf_counter()
        with serving(Project.at(root), args.year, 600) as url:
            start_seconds = time.perf_counter() - t_start
            edits = {  # each file, and two texts it holds in turn (each once on the page)
                "template": (root / "templates" / "foster_care_families.md", "Dlatego gmina", "Stąd gmina"),
                "office": (
                    root / "data" / year / "teksty" / "family_assistance_zespol.md",
                    "powołano zarządzeniem",
                    "ustanowiono zarządzeniem",
                ),
                "input": (root / "data" / year / "family_assistance_contacts.csv", ",180", ",181"),
            }
            on_page = {"input": lambda text: ">" + text.lstrip(",") + "<"}  # the count as its table cell
            server: dict[str, list[float]] = {name: [] for name in edits}

            def version() -> int:
                page = urllib.request.urlopen(url).read().decode("utf-8")
                return int(re.search(r"const v=(\d+)", page).group(1))

            def save(name: str) -> tuple[float, str, str, threading.Thread]:
                """Save the edit; a thread times the server's next version beside the page."""
                seen = version()
                path, a, b = edits[name]
                t0 = time.perf_counter()
                new, old = toggled(path, a, b)

                def wait() -> None:
                    urllib.request.urlopen(f"{url}__wersja?v={seen}").read()
                    server[name].append(time.perf_counter() - t0)

                waiter = threading.Thread(target=wait)
                waiter.start()
                shown = on_page.get(name, lambda text: text)
                return t0, shown(new), shown(old), waiter

            if CHROMIUM:
                from playwright.sync_api import sync_playwright

                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(url)
                    page.wait_for_load_state("load")
                    for _ in range(args.runs):
                        for name in edits:
                            t0, new, old, waiter = save(name)
                            page.wait_for_function(
                                "([n, o]) => document.body.innerHTML.includes(n) && !document.body.innerHTML.includes(o)",
                                arg=[new, old],
                                timeout=30000,
                            )
                            results[name].append(time.perf_counter() - t0)
                            waiter.join()
                    browser.close()
                how = "page: from the save to the open page in Chromium showing the new text"
            else:
                for _ in range(args.runs):
                    for name in edits:
                        save(name)[3].join()
                results = server
                how = "page: not measured (no chromium), the server's times instead"
    print(f"live preview, {args.runs} saves each; {how}; server: from the save to its next version")
    print(f"{'start (once)':<10} {start_seconds:6.2f} s")
    print(f"{'':<10} {'page':>8} {'min – max':>14} {'server':>8} {'min – max':>14}")
    for name, times in results.items():
        on = server[name]
        print(
            f"{name:<10} {statistics.median(times):6.2f} s {min(times):5.2f} – {max(times):.2f} s "
            f"{statistics.median(on):6.2f} s {min(on):5.2f} – {max(on):.2f} s"
        )


if __name__ == "__main__":
    main()
