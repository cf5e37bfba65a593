"""Running the service's processes side by side (`cme serve`, `cme worker`) until Ctrl-C
or SIGTERM, and stopping them all together when one of them stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def cme(*args: str) -> list[str]:
    """The command line for `cme ARGS` from this environment."""
    return [os.path.join(os.path.dirname(sys.executable), "cme"), *args]


def supervise(children: list[subprocess.Popen]) -> bool:
    """Wait until asked to stop or until a child ends, then stop every child. Returns
    True if a child ended unexpectedly (not because we were asked to stop)."""
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
    return bool(failed) and not stopping


def web_server(host: str, port: int, workers: int = 2, *, access_log: bool = True) -> list[str]:
    """The command line of the web server as `cme serve` runs it (gunicorn, threads in each
    worker); `cme bench pages` measures exactly this."""
    return [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "cme.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", "4",
            *(["--access-logfile", "-"] if access_log else []), "--graceful-timeout", "5"]
