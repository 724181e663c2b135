"""Helpers for tests that run the real programs (`news-web`, `news-index`) as processes."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = f": {process.stdout.read()}" if process.stdout else ""
            raise RuntimeError(f"news-web exited with {process.returncode}{output}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"news-web did not answer on {url}")


def console_script(name: str) -> list[str]:
    """The command line of one of the project's console scripts, in this virtualenv."""
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return [str(script)]
    module = {"news-web": "search_web.server", "news-index": "indexer.cli"}[name]
    return [sys.executable, "-c", f"import sys; from {module} import main; sys.exit(main())"]


@contextmanager
def news_web(index_dir: Path, workers: int = 2,
             preexec_fn: Callable[[], None] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """The production server (gunicorn master and `workers` workers) on a free loopback port.

    Its log goes to a file: a pipe nobody reads fills up after a few thousand requests and
    then blocks the workers in the middle of answering.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen([*console_script("news-web"), "--port", str(port), "--index", str(index_dir),
                                    "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True, preexec_fn=preexec_fn)
        try:
            try:
                wait_until_up(f"{base}/healthz", process)
            except (RuntimeError, TimeoutError) as error:
                log.seek(0)
                raise RuntimeError(f"{error}\n{log.read()}") from None
            yield base, process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def _stat_fields(pid: str) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name: state, ppid, pgrp, ..."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _live_processes(matches) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(entry.name)) and fields[0] != "Z" and matches(fields):
            found.append(int(entry.name))
    return sorted(found)


def child_pids(parent: int) -> list[int]:
    """Living (not zombie) children of a process, e.g. the workers of a gunicorn master."""
    return _live_processes(lambda fields: int(fields[1]) == parent)


def group_pids(group: int) -> list[int]:
    """Living members of a process group: a program started with `start_new_session` and all it forked."""
    return _live_processes(lambda fields: int(fields[2]) == group)


def kill_group(group: int) -> None:
    """SIGKILL whatever is left of a process group (a no-op once it is empty)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


def without_permission_override() -> None:
    """A `preexec_fn` that makes file permissions bind even for root, by dropping CAP_DAC_* before exec.

    Not running as root, there is nothing to drop: permissions already bind.
    """
    if os.geteuid() != 0:
        return
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop the file-permission capabilities")


@contextmanager
def dask_cluster(workers: int = 2, folder: Path | None = None) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A real Dask scheduler and `workers` worker processes (one thread each, no nanny: a killed worker
    stays dead) on the loopback address; yields the scheduler's address and the worker processes."""
    from distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(dir=folder) as scratch, tempfile.TemporaryFile("w+") as log:
        started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                     "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)]
        started += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                      "--name", f"worker-{n}", "--local-directory", scratch],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
                    for n in range(workers)]
        try:
            with Client(address, timeout=30) as client:
                client.wait_for_workers(workers, timeout=60)
            yield address, started[1:]
        finally:
            for process in reversed(started):
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in started:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
