"""The project as its users run it: `news-index` as a process, `news-web` on a free loopback port.

Only the commands and HTTP are used, never the project's modules, so the same helpers can
measure another checkout's virtualenv (`bin_dir`).
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from benchmarks.latency import timed
from benchmarks.process_tree import run_measured
from benchmarks.systems.base import BuildResult, directory_bytes

HOST = "127.0.0.1"
STARTUP_SECONDS = 60
REQUEST_TIMEOUT = 30
STOP_GRACE_SECONDS = 15
_INDEXED = re.compile(r"indexed (\d+) articles")


def console_script(name: str, bin_dir: Path | None = None) -> str:
    """The project's command in `bin_dir`, else next to this interpreter (the virtualenv's), else on PATH."""
    if bin_dir is not None:
        if not (bin_dir / name).exists():
            raise SystemExit(f"{name} not found in {bin_dir}")
        return str(bin_dir / name)
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the project (pip install -e .) in this Python's environment")
    return found


def project_env() -> dict[str, str]:
    """The environment for the project's commands, without PYTHONPATH: the code that runs is their checkout's."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def rebuild_command(corpus: Path, index: Path, bin_dir: Path | None = None) -> list[str]:
    return [console_script("news-index", bin_dir), "rebuild", "--corpus", str(corpus), "--index", str(index)]


def rebuild_measured(corpus: Path, index: Path, bin_dir: Path | None = None) -> BuildResult:
    """`news-index rebuild` into a fresh `index` (an earlier run's is removed first, so the size is this build's)."""
    if index.exists():
        print(f"removing the project index an earlier run left in {index}", file=sys.stderr, flush=True)
        shutil.rmtree(index)
    run = run_measured(rebuild_command(corpus, index, bin_dir), env=project_env())
    found = _INDEXED.search(run.stdout)
    if run.returncode != 0 or not found:
        raise RuntimeError(f"news-index rebuild failed:\n{run.stdout}\n{run.stderr}")
    return BuildResult(int(found[1]), run.wall_seconds,
                       "whole `news-index rebuild` process: reading, cleaning, indexing",
                       run.wall_seconds, directory_bytes(index), run.peak_rss_bytes)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def exchange(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    """GET `path` and read the whole answer; http.client reconnects when the server closed the connection."""
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def fetch(port: int, path: str) -> tuple[int, bytes, float]:
    """GET `path` on a fresh connection: status, body, and milliseconds from sending the request to its last byte."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.connect()
        (status, body), ms = timed(exchange, connection, path)
        return status, body, ms
    finally:
        connection.close()


def stop_group(process: subprocess.Popen, first: signal.Signals) -> None:
    """Stop a process started in its own session, with its children: `first`, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, first)
    try:
        process.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def start_server(index: Path, port: int, log: Path, workers: int | None, bin_dir: Path | None = None,
                 settings: Mapping[str, str] | None = None) -> subprocess.Popen:
    """`news-web` serving `index` in its own session, answering /healthz, its output going to `log`.

    `settings` are Flask config values, passed as `NEWS_WEB_…` environment variables: a checkout that does
    not know one ignores it."""
    command = [console_script("news-web", bin_dir), "--index", str(index), "--host", HOST, "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    with log.open("w") as output:
        env = project_env() | {f"NEWS_WEB_{name}": value for name, value in (settings or {}).items()}
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"news-web exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_group(server, signal.SIGTERM)
    raise SystemExit(f"news-web did not answer /healthz within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serving(index: Path, workers: int | None, bin_dir: Path | None = None,
            settings: Mapping[str, str] | None = None) -> Iterator[int]:
    """`news-web` on a free port for the length of the block (yields the port); its log is shown if it died."""
    with tempfile.TemporaryDirectory(prefix="news-web-") as folder:
        log, port = Path(folder) / "news-web.log", free_port()
        server = start_server(index, port, log, workers, bin_dir, settings)
        try:
            yield port
        finally:
            died = server.poll() is not None
            stop_group(server, signal.SIGTERM)
            if died:
                print(f"news-web died (exit {server.returncode}); its log:\n{log.read_text()[-3000:]}",
                      file=sys.stderr)


@contextmanager
def dask_cluster(workers: int, folder: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A `dask scheduler` and `workers` `dask worker --nthreads 1` processes on the loopback address for the
    length of the block; yields the scheduler's address and the worker processes. Their log is `folder`'s
    dask.log."""
    from distributed import Client

    dask = console_script("dask")
    port = free_port()
    address = f"tcp://{HOST}:{port}"
    with (folder / "dask.log").open("w") as log:  # the processes keep their own copies of it
        started = [subprocess.Popen([dask, "scheduler", "--host", HOST, "--port", str(port), "--no-dashboard"],
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)]
        time.sleep(2)
        started += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                                      "--local-directory", str(folder)], stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True) for _ in range(workers)]
    try:
        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, started[1:]
    finally:
        for process in reversed(started):
            stop_group(process, signal.SIGTERM)
