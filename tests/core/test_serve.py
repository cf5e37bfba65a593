"""`make run` (cme serve) when a port it wants is taken: one line saying what happens or
what to set, never a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cme.ops.mailsink import plan_mail

CME = str(Path(sys.executable).parent / "cme")


@pytest.fixture
def taken_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_the_usual_mail_port_taken_means_another_free_port(taken_port):
    plan = plan_mail("127.0.0.1", taken_port, port_chosen=False)
    assert plan.start_sink and plan.port != taken_port
    assert f"Port {taken_port} is in use" in plan.note and "CME_EMAIL_PORT" in plan.note
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", plan.port))  # really free


def test_a_chosen_mail_port_already_listening_is_where_mail_goes(taken_port):
    plan = plan_mail("127.0.0.1", taken_port, port_chosen=True)
    assert (plan.port, plan.start_sink) == (taken_port, False)
    assert "already listening" in plan.note


def test_a_free_mail_port_is_used_quietly():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert plan_mail("127.0.0.1", port, port_chosen=False).note == ""


def test_serve_says_in_one_line_that_the_web_port_is_taken(taken_port):
    result = subprocess.run([CME, "serve", "--port", str(taken_port)], capture_output=True, text=True, timeout=120,
                            check=False, env={**os.environ, "CME_ENVIRONMENT": "test"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Port {taken_port} is in use" in result.stderr and "PORT=8080 make run" in result.stderr
