"""An open-loop load generator: requests at a fixed rate, latency from the scheduled time.

wrk keeps a fixed number of connections busy (closed loop), which hides queueing: when
the server slows down, wrk simply sends less. Here request *i* is due at ``start + i/rate``
whatever happened before, and its latency counts from that moment (no coordinated
omission), so p99 at a fixed rate is honest. HTTP/1.1 keep-alive over plain asyncio
streams; nothing to install.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0  # connection errors and timeouts
    abandoned: int = 0  # still waiting for a free connection after ``timeout``: never sent

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status, and whether the server closes the connection after this answer (a
    gunicorn sync worker always does: the next request needs a new connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection":
            close = value.strip().lower() == "close"
    if length:
        await reader.readexactly(length)
    return status, close


async def _worker(host, port, queue: asyncio.Queue, outcome: Outcome, timeout: float) -> None:
    reader = writer = None
    while True:
        item = await queue.get()
        if item is None:
            break
        due, request = item
        if time.perf_counter() - due > timeout:
            outcome.abandoned += 1  # a real client would have given up by now
            continue
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status, close = await asyncio.wait_for(_read_response(reader), timeout)
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            outcome.latencies_ms.append((time.perf_counter() - due) * 1000)
            if close:
                writer.close()
                reader = writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            outcome.failures += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(host, port, make: Callable[[int], bytes], rate, seconds, connections, timeout):
    outcome = Outcome()
    queue: asyncio.Queue = asyncio.Queue()
    workers = [
        asyncio.create_task(_worker(host, port, queue, outcome, timeout))
        for _ in range(connections)
    ]
    start = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, make(i)))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return outcome


def fixed_rate(
    host: str,
    port: int,
    make: Callable[[int], bytes],
    *,
    rate: float,
    seconds: float,
    connections: int = 64,
    timeout: float = 10.0,
) -> Outcome:
    """Send ``rate`` requests a second for ``seconds``; ``make(i)`` gives request i's bytes."""
    return asyncio.run(_run(host, port, make, rate, seconds, connections, timeout))


def http_request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
