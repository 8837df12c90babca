"""Executing the notebooks: papermill, with warm kernels, several at a time.

Starting a kernel and importing pandas, matplotlib and the package costs more than most
notebooks take to run, so each worker thread keeps one kernel and runs notebook after
notebook in it. Before each notebook the kernel's namespace is cleared (``%reset -f``), so
a notebook sees only what it defines itself, as in a fresh kernel; afterwards the kernel
is asked which input files the notebook read (``sprawozdanie.cache.READS``).
"""

from __future__ import annotations

import ast
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import ProgramError, ReportError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the kernel colours its tracebacks

KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]  # keep the kernel's start-up warnings quiet
PROLOGUE = "import sprawozdanie.namespace\nsprawozdanie.namespace.fresh()"
READS_EXPR = "__import__('json').dumps(__import__('sprawozdanie.cache').cache.READS)"


@dataclass(frozen=True)
class Job:
    name: str  # as in _quarto.yml
    src: Path
    dst: Path
    parameters: dict
    cwd: Path | None = None  # the kernel's working folder; default: the notebook's own

    @property
    def folder(self) -> Path:
        return self.cwd or self.src.parent


@dataclass
class Result:
    reads: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def use_this_interpreter_for_kernels() -> None:
    """Make the ``python3`` kernel the one of this environment (where the package is
    installed), even if the user has another ``python3`` kernelspec of their own."""
    here = str(Path(sys.prefix) / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([here, *filter(None, paths)])


def _start_kernel(cwd: Path):
    from jupyter_client.manager import KernelManager

    use_this_interpreter_for_kernels()
    km = KernelManager(kernel_name="python3")
    # The kernel's own log (not a cell's output, which comes by messages) is for developers:
    # an interrupted build must not leave a kernel printing tracebacks into the analyst's terminal.
    km.start_kernel(cwd=str(cwd), extra_arguments=KERNEL_ARGS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return km


def helper_client(km):
    """A client of the kernel for the build's own questions (clear the namespace, which files
    were read), started once per kernel: waiting for a new client to be ready took longer
    than most notebooks' own cells."""
    kc = km.blocking_client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return kc


def _ask(km, code: str, expressions: dict[str, str] | None = None, kc=None) -> dict:
    own = kc is None
    kc = helper_client(km) if own else kc
    try:
        reply = kc.execute_interactive(
            code, user_expressions=expressions or {}, store_history=False, output_hook=lambda msg: None, timeout=60
        )
    finally:
        if own:
            kc.stop_channels()
    if reply["content"]["status"] != "ok":
        raise ReportError(f"jądro Pythona nie wykonało kodu pomocniczego: {reply['content'].get('evalue')}")
    return reply["content"].get("user_expressions", {})


# What every chapter's notebook imports first: done in a warm kernel before its first notebook.
WARM_UP = (
    "import sprawozdanie.chapters, sprawozdanie.load, sprawozdanie.params, "
    "sprawozdanie.present.charts, sprawozdanie.present.text"
)
_IMPORTS = re.compile(r"^\s*(?:from\s+(sprawozdanie[\w.]*)\s+import\s+([\w, ]+)|import\s+(sprawozdanie[\w.]*))", re.M)


def warm_up_for(notebooks: list[Path]) -> str:
    """The package's modules that ``notebooks`` import (what a kernel can import ahead for
    them): a rebuild of one chapter without charts does not wait for matplotlib (0.3 s).
    A name that is not a module is skipped in the kernel; an unreadable notebook gets the
    usual ``WARM_UP``."""
    modules: list[str] = []
    try:
        for path in notebooks:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
            for cell in nb.get("cells", []):
                if cell.get("cell_type") != "code":
                    continue
                source = "".join(cell.get("source", []))
                for package, names, plain in _IMPORTS.findall(source):
                    if plain:
                        modules.append(plain)
                    else:
                        modules += [package] + [f"{package}.{n.strip()}" for n in names.split(",") if n.strip()]
    except (OSError, ValueError):
        return WARM_UP
    wanted = list(dict.fromkeys([*modules, "sprawozdanie.params"]))  # (every chapter's text reads the params)
    return (
        "import importlib\n"
        f"for _name in {wanted!r}:\n"
        "    try:\n"
        "        importlib.import_module(_name)\n"
        "    except ImportError:\n"
        "        pass"
    )


class Warm:
    """Kernels started, with the package imported in them, while the build still validates
    the inputs: a worker's first notebook then starts at once. ``take`` hands one to a
    worker (None when none was started for that folder, or starting it failed: the worker
    starts its own); ``close`` shuts down every kernel no worker took."""

    def __init__(self, folder: Path, count: int, warm_up: str = WARM_UP):
        self.folder, self._left, self._warm_up = folder, count, warm_up
        self._ready: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._start, daemon=True) for _ in range(count)]
        for t in self._threads:
            t.start()

    def _start(self) -> None:
        try:
            km = _start_kernel(self.folder)
        except Exception as exc:  # noqa: BLE001 - the worker starts its own and reports what fails
            self._ready.put(exc)
            return
        try:
            kc = helper_client(km)
            _ask(km, self._warm_up, kc=kc)
        except Exception as exc:  # noqa: BLE001 - as above; this kernel is not used
            km.shutdown_kernel(now=True)
            self._ready.put(exc)
            return
        self._ready.put((km, kc))

    def take(self, folder: Path):
        with self._lock:
            if folder != self.folder or self._left == 0:
                return None
            self._left -= 1
        got = self._ready.get()
        return None if isinstance(got, BaseException) else got

    def close(self) -> None:
        for t in self._threads:
            t.join()
        while not self._ready.empty():
            got = self._ready.get_nowait()
            if not isinstance(got, BaseException):
                km, kc = got
                kc.stop_channels()
                km.shutdown_kernel(now=True)


@dataclass(frozen=True)
class Limits:
    """Seconds one notebook, and all the notebooks of a build, may take (params ``limits``)."""

    notebook: float = 300
    build: float = 1800
    started: float = field(default_factory=time.perf_counter)

    def for_next(self, name: str) -> float:
        """The seconds the next notebook may take; ReportError if the build's time is up."""
        left = self.build - (time.perf_counter() - self.started)
        if left <= 0:
            raise ReportError(
                f"budowa trwa dłużej niż {self.build:.0f} s (limit limits.build_seconds w params/<rok>.yml) "
                f"i została przerwana przed notatnikiem {name}"
            )
        return min(self.notebook, left)


def _too_long(job: Job, seconds: float) -> ReportError:
    return ReportError(
        f"{job.name}: notatnik liczył się dłużej niż {seconds:.0f} s i został przerwany "
        "(limit limits.notebook_seconds, a dla całej budowy limits.build_seconds w params/<rok>.yml; "
        "dane tego rozdziału mogą być zbyt duże albo notatnik zawiera błąd)"
    )


_ENGINE = "sprawozdanie-connected"


@cache
def _connected_engine() -> str:
    """papermill's nbclient engine, given the kernel's client already connected and ready
    (``connected=``; None: a new one, as papermill does). nbclient connects a new client for
    every notebook and waits until it is ready: 0.2 s, more than most chapters' cells take."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class Client(PapermillNotebookClient):
        connected = None

        def start_new_kernel_client(self):
            if self.connected is None:
                return super().start_new_kernel_client()
            self.kc = self.connected
            self.kc.allow_stdin = False
            return self.kc

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None, **kwargs
        ):
            # papermill's own arguments, as NBClientEngine passes them (papermill/engines.py)
            connected = kwargs.pop("connected", None)
            kwargs.pop("input_path", None)
            client = Client(
                nb_man,
                **{k: v for k, v in kwargs.items() if k not in ("timeout", "startup_timeout")},
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
            )
            client.connected = connected
            return client.execute()

    papermill_engines.register(_ENGINE, Engine)
    return _ENGINE


def execute_one(job: Job, km, seconds: float = 300, kc=None) -> Result:
    """Run one notebook with papermill in the given warm kernel; return what it read.

    After ``seconds`` the kernel is interrupted and the notebook fails with a message naming
    it; a cell that ignores the interrupt is stopped by nbclient's own time limit. ``kc``: the
    kernel's helper client (``helper_client``), else one is started for each question."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    started = time.perf_counter()
    _ask(km, PROLOGUE, kc=kc)
    expired = threading.Event()

    def interrupt() -> None:
        expired.set()
        km.interrupt_kernel()

    watchdog = threading.Timer(seconds, interrupt)
    watchdog.daemon = True
    watchdog.start()
    try:
        pm.execute_notebook(
            str(job.src),
            str(job.dst),
            parameters=job.parameters,
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
            km=km,
            engine_name=_connected_engine(),
            connected=kc,
            execution_timeout=int(seconds) + 5,
            # one print may reach the notebook as two stream messages when the
            # kernel flushes between them (a loaded machine): merged, a rebuild
            # writes the same outputs
            coalesce_streams=True,
        )
    except CellTimeoutError:
        raise _too_long(job, seconds) from None
    except pm.PapermillExecutionError as exc:
        if expired.is_set():
            raise _too_long(job, seconds) from None
        if exc.ename in ("ReportError", "LocatedError", "InputError"):  # already in Polish, located
            raise ReportError(f"{job.name}: {exc.evalue}") from None
        # Not an input problem the chapter recognised: a bug, with the cell's traceback for the log.
        raise ProgramError(
            f"{job.name}: błąd w komórce {exc.exec_count}: {exc.ename}: {exc.evalue}",
            _ANSI.sub("", "\n".join(exc.traceback or [])),
            notebook=job.dst,
        ) from None
    finally:
        watchdog.cancel()
    value = _ask(km, "", {"reads": READS_EXPR}, kc=kc)["reads"]
    if value.get("status") != "ok":
        raise ReportError(f"{job.name}: nie udało się odczytać listy plików wejściowych z jądra")

    reads = json.loads(ast.literal_eval(value["data"]["text/plain"]))
    return Result(reads=reads, seconds=time.perf_counter() - started)


def run_all(
    jobs: list[Job],
    workers: int,
    on_done: Callable[[Job, Result], None],
    limits: Limits | None = None,
    warm: Warm | None = None,
    then: Callable[[], list[Job]] | None = None,
) -> dict[str, Result]:
    """Execute ``jobs`` on ``workers`` threads, each with its own warm kernel per folder.

    The first error stops the remaining jobs and is raised; every kernel is shut down.
    ``limits``: the seconds each notebook and all of them may take; ``warm``: kernels
    started ahead, taken before any is started here (the caller closes it); ``then``:
    called once every job has finished (at once when there is none), by the worker that
    finished last, which runs the jobs it returns on its kernel (the summary, which reads
    what the chapters recorded).
    """
    limits = limits or Limits()
    todo: queue.Queue[Job] = queue.Queue()
    if not jobs and then is not None:
        jobs, then = then(), None
    for job in jobs:
        todo.put(job)
    results: dict[str, Result] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()
    started: list = []  # every kernel, so that an interrupt of the main thread can stop them
    unfinished = len(jobs)  # of the first jobs: the one that finishes last calls ``then``

    def worker() -> None:
        nonlocal unfinished
        kernels: dict[Path, object] = {}
        clients: dict[Path, object] = {}
        try:
            while not errors:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                cwd = job.folder
                if cwd not in kernels:
                    ahead = warm.take(cwd) if warm is not None else None  # (kernel, client), started ahead
                    kernels[cwd] = ahead[0] if ahead else _start_kernel(cwd)
                    with lock:
                        started.append(kernels[cwd])
                    clients[cwd] = ahead[1] if ahead else helper_client(kernels[cwd])
                result = execute_one(job, kernels[cwd], limits.for_next(job.name), clients[cwd])
                with lock:
                    results[job.name] = result
                    on_done(job, result)
                    unfinished -= 1
                    last = unfinished == 0
                if last and then is not None:
                    for later in then():
                        todo.put(later)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            with lock:
                errors.append(exc)
        finally:
            for kc in clients.values():
                kc.stop_channels()
            for km in kernels.values():
                km.shutdown_kernel(now=True)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(workers, len(jobs))))]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    except BaseException:  # Ctrl+C or SIGTERM: the daemon workers die with us, their kernels must not outlive us
        with lock:
            for km in started:
                try:
                    km.shutdown_kernel(now=True)
                except Exception:  # noqa: BLE001 - already stopping; the interrupt is what matters
                    pass
        raise
    if errors:
        raise errors[0]
    return results
