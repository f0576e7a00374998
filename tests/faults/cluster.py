"""A private PostgreSQL cluster for the restart scenario: the shared server at 5432 is never
touched. The server binaries run as the ``postgres`` system user on a free port, trust
authentication, in a temporary folder removed at the end (also on failure)."""

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.harness import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
AS_POSTGRES = ["runuser", "-u", "postgres", "--"]


def _run(*command: str, quiet: bool = True) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        command, check=True, stdout=subprocess.DEVNULL if quiet else None
    )


@dataclass
class Cluster:
    port: int
    data: Path

    @property
    def server(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def ctl(self, *args: str) -> None:
        _run(*AS_POSTGRES, str(PG_BIN / "pg_ctl"), *args, "-D", str(self.data), "-w", "-t", "60")

    def start(self) -> None:
        self.ctl("start", "-l", str(self.data.parent / "server.log"))

    def copy_database(self, source: str, name: str) -> str:
        """``source`` (a database URL) copied into a new database ``name`` here."""
        _run("psql", f"{self.server}/postgres", "-qc", f'CREATE DATABASE "{name}"')
        dump = subprocess.Popen(["pg_dump", "--no-owner", source], stdout=subprocess.PIPE)  # noqa: S603,S607
        subprocess.run(  # noqa: S603
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{self.server}/{name}"],  # noqa: S607
            stdin=dump.stdout,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        dump.stdout.close()
        if dump.wait() != 0:
            raise SystemExit("pg_dump failed")
        return f"{self.server}/{name}"


@contextlib.contextmanager
def private_cluster() -> Iterator[Cluster]:
    base = Path(tempfile.mkdtemp(prefix="motcua-faults-pg-"))
    shutil.chown(base, "postgres", "postgres")
    cluster = Cluster(port=free_port(), data=base / "data")
    try:
        _run(
            *AS_POSTGRES,
            str(PG_BIN / "initdb"),
            "-D",
            str(cluster.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # In the cluster's own configuration, so a plain ``pg_ctl start`` after a stop keeps
        # them (never the shared server's port). fsync off: the scenario kills the server
        # process, never the machine, so what it wrote is in the kernel's cache and crash
        # recovery still finds it.
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {cluster.port}\nunix_socket_directories = '{base}'\n"
                "listen_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 40\n"
            )
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.ctl("stop", "-m", "immediate")
        shutil.rmtree(base, ignore_errors=True)
