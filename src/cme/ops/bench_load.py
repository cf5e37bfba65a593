"""Load on the real web server for `cme bench pages` and `cme bench caseload`: gunicorn started
as `cme serve` starts it, signed-in sessions made for the benchmark's users (with their
second factor proved, so every page still passes the MFA and permission checks), and N
clients, each a thread with its own kept-alive connection and session, asking for pages
in turn. Latency is measured at the client, from sending the request to the last byte."""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cme.ops.processes import web_server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(*, workers: int = 2, app: str | None = None, env: dict | None = None,
                   timeout: float = 60) -> Iterator[int]:
    """Start the web server on a free port, wait until it answers, yield the port, stop it."""
    with running_server_process(workers=workers, app=app, env=env, timeout=timeout) as (port, _):
        yield port


def cpu_seconds(pids: list[int]) -> float | None:
    """The processor time (user and system) the processes have used so far, from Linux's /proc;
    None where that cannot be read. A process that has ended counts nothing."""
    total = 0.0
    try:
        ticks = os.sysconf("SC_CLK_TCK")
    except (ValueError, OSError, AttributeError):
        return None
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def children_of(pid: int) -> list[int]:
    """The processes `pid` started (the web server's workers), from Linux's /proc; [] elsewhere."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


@contextmanager
def running_server_process(*, workers: int = 2, app: str | None = None, env: dict | None = None,
                           timeout: float = 60) -> Iterator[tuple[int, subprocess.Popen]]:
    """running_server, yielding the server's process too (its workers are its children)."""
    port = free_port()
    command = web_server("127.0.0.1", port, workers)
    if app:
        command[command.index("cme.config.wsgi:application")] = app
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the web server stopped at start (exit {process.returncode})")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/accessibility/")
                if connection.getresponse().status == 200:
                    connection.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the web server did not answer within a minute")
            time.sleep(0.2)
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def signed_in_cookie(user) -> str:
    """A session for `user` as signing in with a password and an authenticator code leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cme.accounts.mfa import mark_second_factor
    from cme.accounts.middleware import SESSION_STARTED_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = int(time.time())
    mark_second_factor(session, user)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)  # page -> seconds
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(times) for times in self.latencies.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        pages = {page: {"requests": len(times), "p50_ms": round(percentile(times, 0.5) * 1000),
                        "p95_ms": round(percentile(times, 0.95) * 1000),
                        "mean_ms": round(statistics.fmean(times) * 1000)}
                 for page, times in self.latencies.items() if times}
        every = [t for times in self.latencies.values() for t in times]
        return {"clients": self.clients, "requests": self.requests, "seconds": round(self.seconds, 1),
                "requests_per_second": round(self.per_second, 1),
                "p95_ms_all_pages": round(percentile(every, 0.95) * 1000) if every else None,
                "errors": len(self.errors), "pages": pages}


def run_load(port: int, *, cookies: list[str], paths: dict[str, list[str]], clients: int, requests: int,
             seed: int = 1, keep_alive: bool = True) -> LoadResult:
    """`clients` threads share `requests` requests; each client has its own session (cookies are
    dealt round) and asks for the pages in turn, each time one of that page's paths at random.
    Each client keeps its connection open, as a browser does; without `keep_alive` each request
    opens a new one, as a proxy in front of the service usually does."""
    result = LoadResult(clients, 0.0, {page: [] for page in paths})
    pages = list(paths)
    lock = threading.Lock()
    remaining = [requests]
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        chooser = random.Random(seed * 1000 + number)
        cookie = cookies[number % len(cookies)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        turn = number
        start.wait()
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            page = pages[turn % len(pages)]
            turn += 1
            path = chooser.choice(paths[page])
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie} if keep_alive
                                   else {"Cookie": cookie, "Connection": "close"})
                response = connection.getresponse()
                response.read()
                status = response.status
                if not keep_alive:
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    result.errors.append(f"{path}: {error!r}")
                continue
            took = time.perf_counter() - began
            with lock:
                if status == 200:
                    result.latencies[page].append(took)
                else:
                    result.errors.append(f"{path}: HTTP {status}")
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result
