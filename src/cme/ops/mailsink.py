"""A local SMTP server that keeps every message it receives, for development and tests.

Mail is never sent anywhere: each message is saved as an .eml file and kept in memory,
so tests can assert on what a real SMTP conversation delivered."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller


@dataclass
class ReceivedMessage:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""


@dataclass
class _Handler:
    folder: Path | None
    messages: list[ReceivedMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        received = ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), parsed)
        with self.lock:
            self.messages.append(received)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{time.time_ns()}.eml").write_bytes(envelope.content)
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, host: str, port: int, folder: Path | None = None):
        self.handler = _Handler(folder)
        self.folder = folder
        self.controller = Controller(self.handler, hostname=host, port=port)

    def start(self) -> MailSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[ReceivedMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise TimeoutError(f"Expected {count} message(s), the sink received {len(self.messages)}")


def start_mail_sink(host: str, port: int, folder: Path | None = None) -> MailSink:
    return MailSink(host, port, folder).start()


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class MailPlan:
    """Where `cme serve` sends mail: a sink it starts (on `port`), or a server already there."""

    port: int
    start_sink: bool
    note: str = ""


def plan_mail(host: str, port: int, *, port_chosen: bool) -> MailPlan:
    """The sink's port when the usual one is taken: another free port, said in one line.
    A port the person chose (CME_EMAIL_PORT) that something already listens on is theirs:
    mail goes there (a mail catcher such as Mailpit, or another CME Tracker's sink)."""
    if port_is_free(host, port):
        return MailPlan(port, True)
    if port_chosen:
        return MailPlan(port, False, f"Mail goes to the mail server already listening on {host}:{port} (CME_EMAIL_PORT).")
    other = free_port(host)
    return MailPlan(other, True, f"Port {port} is in use (a mail catcher such as Mailpit, or another CME Tracker?), so "
                                 f"caught mail goes to {host}:{other}. Set CME_EMAIL_PORT to choose the port.")
