"""A local SMTP server that keeps every message it receives, for development and tests.

Mail is never sent anywhere: each message is saved as an .eml file and kept in memory,
so tests can assert on what a real SMTP conversation delivered."""

from __future__ import annotations

import email
import email.policy
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
