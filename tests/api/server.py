"""Kindred served by a real server process, for the tests that need one: a server killed with SIGKILL right
after it answers, and twenty clients retrying one submission at the same moment.

`python -m tests.api.server` serves the WSGI app on a free port with a thread per request (each thread has its
own database connection, as under gunicorn's threads), and prints the port once it is listening.

`kindred_server()` runs it against the test database: on PostgreSQL the test's own database (the test must
be transactional, so the server sees what the test committed); on SQLite the test database's file, or, for
the in-memory test database, a copy of it in a file, copied back into memory when the server has stopped, so
the test can look at what the server wrote through the ORM as usual.
"""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _serve() -> None:
    import django

    django.setup()
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.handlers.wsgi import WSGIHandler

    class ThreadingServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 64  # twenty clients connect at once

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = make_server(
        "127.0.0.1", 0, WSGIHandler(), server_class=ThreadingServer, handler_class=QuietHandler
    )
    print(server.server_port, flush=True)
    server.serve_forever()


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    log: str = ""  # what the server wrote to stderr, once it has been killed: for failure messages

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, nothing after the last byte it sent."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.log = self.process.stderr.read()
            self.process.stderr.close()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _database_env(copy: Path | None) -> dict[str, str]:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db.get("USER") or ""
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"}
    assert connection.vendor == "sqlite", f"no server set-up for {connection.vendor}"
    return {"DATABASE_URL": "", "KINDRED_SQLITE_PATH": str(copy or db["NAME"])}


def start_server(env: dict[str, str]) -> Server:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.api.server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().isdigit():
        process.kill()
        raise RuntimeError(f"The test server did not start: {line}{process.communicate(timeout=10)[1]}")
    return Server(process, int(line))


@contextmanager
def kindred_server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start servers on the test database with `factory.start()`; every one is killed on leaving, and on
    in-memory SQLite what they wrote is copied back into the test database."""
    copy = None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        copy = tmp_path / "server.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(copy)) as target:
            connection.connection.backup(target)  # type: ignore[union-attr]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kindred.settings",
        "KINDRED_SECRET_KEY": secrets.token_urlsafe(50),
        "KINDRED_DEBUG": "",
        "KINDRED_INSECURE_HTTP": "1",  # plain HTTP on the loopback; TLS is the proxy's job
        "KINDRED_API_RATE": "100000/minute",
        "KINDRED_API_MAX_BODY_BYTES": str(settings.KINDRED_API_MAX_BODY_BYTES),
        **_database_env(copy),
    }
    factory = ServerFactory(env)
    try:
        yield factory
    finally:
        for server in factory.started:
            server.kill()
        if copy is not None:
            with closing(sqlite3.connect(copy)) as source:
                source.backup(connection.connection)  # type: ignore[union-attr]


class ServerFactory:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.started: list[Server] = []

    def start(self) -> Server:
        server = start_server(self.env)
        self.started.append(server)
        return server


if __name__ == "__main__":
    _serve()
