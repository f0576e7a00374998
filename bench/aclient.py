"""A small asyncio HTTP/1.1 client for the benches that drive whole conversations.

wrk replays fixed requests; a lifecycle needs the answer of one request to build the next,
and an overload run needs an open-loop arrival rate with thousands of requests in flight.
This client keeps one connection per virtual client when the server keeps it alive and
opens a new one when the server closes it (gunicorn's sync workers close after every
answer). It reads ``Content-Length`` and chunked bodies; that is all gunicorn sends.

Also ``PatientServer``: ``bench/http_api.py``'s gunicorn, given longer to boot when the
machine is busy.
"""

import asyncio
import json
import subprocess
import time
import urllib.request
from dataclasses import dataclass

from http_api import BIN, ROOT, Server


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class Client:
    """One connection to ``host:port`` at a time, reopened when the server closes it."""

    def __init__(self, host: str, port: int, *, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | dict | None = None,
    ) -> Answer:
        return await asyncio.wait_for(self._request(method, path, headers, body), self.timeout)

    async def _request(self, method, path, headers, body) -> Answer:
        if isinstance(body, dict):
            body = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(head + (body or b""))
        await self.writer.drain()
        try:
            answer = await self._read()
        except BaseException:
            await self.close()
            raise
        if answer.headers.get("connection", "").lower() == "close":
            await self.close()
        return answer

    async def _read(self) -> Answer:
        reader = self.reader
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionResetError("the server closed the connection before answering")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await reader.readline()
                    break
                parts.append(await reader.readexactly(size))
                await reader.readline()
            body = b"".join(parts)
        else:
            body = await reader.read()  # until the server closes
            headers["connection"] = "close"
        return Answer(status, headers, body)


def percentile(samples: list[float], percent: float) -> float:
    """The ``percent`` percentile (nearest rank); 0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


class PatientServer(Server):
    """gunicorn with config/gunicorn.py, waited for up to ``boot`` seconds."""

    boot = 180

    def __enter__(self) -> "PatientServer":
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi"],
            env=self.env,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.boot
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/bench-hello", timeout=5):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.5)
        self.process.terminate()
        raise SystemExit("gunicorn did not start")
