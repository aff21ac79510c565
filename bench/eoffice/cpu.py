"""CPU seconds spent by the web server and its database backends, read from /proc (Linux).

On a machine shared with other work, requests per second say as much about the neighbours as
about the code; CPU seconds per request, summed over the gunicorn workers and the PostgreSQL
backends serving them, do not, and 2 / (CPU seconds per request) is what 2 dedicated cores
would serve at most.
"""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _backends(database: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres: ") and f" {database} " in command:
                found.append(int(entry.name))
    return found


class ServerCpu:
    """Snapshots of (web workers' CPU seconds, database backends' CPU seconds)."""

    def __init__(self, master_pid: int, database: str):
        self.master_pid = master_pid
        self.database = database

    def snapshot(self) -> dict[int, float]:
        pids = [self.master_pid, *_children(self.master_pid)]
        web = {pid: cpu_seconds(pid) for pid in pids}
        db = {-pid: cpu_seconds(pid) for pid in _backends(self.database)}
        return {**web, **db}

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> tuple[float, float]:
        """(web, database) CPU seconds between two snapshots; new processes count from zero."""
        web = sum(v - before.get(k, 0.0) for k, v in after.items() if k > 0)
        db = sum(v - before.get(k, 0.0) for k, v in after.items() if k < 0)
        return web, db
