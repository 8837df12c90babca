"""How soon the HTML report is usable on a slow phone connection, in one run.

    .venv/bin/python benchmarks/bench_page_load.py [--runs 3] [--html output/2025/report.html]

Serves the report's folder on 127.0.0.1 twice, as a web server would: as it is, and with
the HTML gzip-compressed (as web servers usually send it), and loads it in Chromium
(Debian's /usr/bin/chromium, through Playwright) with the network throttled to
Lighthouse's "fast 3G" (1.6 Mbit/s down, 750 kbit/s up, 562.5 ms round trip). Prints, per
way of serving, the medians over --runs loads of the first contentful paint, of the moment
the phone's controls work (the contents' button and the numbers' switch are on the page: their
scripts run as soon as <main> opens), and of DOMContentLoaded (the whole page parsed, the
last scripts run), and the size sent.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import statistics
import threading
from functools import partial
from pathlib import Path

FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


class Handler(http.server.SimpleHTTPRequestHandler):
    compress = False

    def do_GET(self):  # noqa: N802 - the server's name for it
        path = Path(self.translate_path(self.path))
        if self.compress and path.suffix == ".html" and path.is_file():
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


# When both controls are on the page (a watcher set before the page's own scripts run).
CONTROLS_SEEN = """
new MutationObserver((_, watcher) => {
  if (document.querySelector('button.toc-toggle') && document.querySelector('button.val-toggle')) {
    window.__controls = performance.now();
    watcher.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def serve(folder: Path, compress: bool) -> http.server.ThreadingHTTPServer:
    handler = type("H", (Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--html", type=Path, default=Path("output/2025/report.html"))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    html = args.html.resolve()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for compress in (False, True):
            server = serve(html.parent, compress)
            url = f"http://127.0.0.1:{server.server_address[1]}/{html.name}"
            paints, controls, ready = [], [], []
            for _ in range(args.runs):
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", FAST_3G)
                page.add_init_script(CONTROLS_SEEN)
                page.goto(url, wait_until="load")
                fcp, ctl, dcl = page.evaluate("""() => [
                    performance.getEntriesByName('first-contentful-paint')[0].startTime,
                    window.__controls,
                    performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]""")
                paints.append(fcp)
                controls.append(ctl)
                ready.append(dcl)
                context.close()
            server.shutdown()
            size = len(gzip.compress(html.read_bytes())) if compress else html.stat().st_size
            print(
                f"{'gzip' if compress else 'plain':5}  {size / 1024:6.0f} KiB sent  "
                f"first paint {statistics.median(paints):5.0f} ms  controls {statistics.median(controls):5.0f} ms  "
                f"whole page {statistics.median(ready):5.0f} ms"
            )
        browser.close()


if __name__ == "__main__":
    main()
