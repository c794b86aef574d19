"""`make bench`: Rasa's starter bot, this bot and this bot's scaled profile, measured back to
back with one harness; writes reports/bench.json and reports/bench.svg.

Each target is started from nothing (time to ready = first process started until the first
REST reply); then one user alone sends messages one after another (idle p50 and p95), then N
users (10, then 50), each with their own sender id, send messages without pause for a fixed
time: messages per second (and per core), the CPU time of the target's processes per answered
message, p50 and p95 latency, errors (no reply, an HTTP error or the apology of
channels/common.py), and the peak RSS of every process of the target. Every message is a
different text, put together from the parts in scripts/bench_messages.yml (distinct_messages),
and every target gets the same sequence. The starter bot is `rasa init --no-prompt` in a
temporary folder, trained and run with this project's venv and its REST channel; it gets the
same Dutch messages (that it misunderstands them does not matter for speed). The machine is
shared and noisy: use --rounds 3 and quote the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import yaml

import aiohttp

from channels.common import response_text
from service import runtime, scaled
from service.settings import PROJECT_DIR, load

REPORTS = PROJECT_DIR / "reports"
MESSAGES = PROJECT_DIR / "scripts" / "bench_messages.yml"
TARGETS = ("starter", "coach", "scaled")
PAGE_SIZE = 4096
CORES = os.cpu_count() or 1


PARTS = ("openings", "background", "situations", "feelings", "questions")


def distinct_messages(seed: int = 23) -> Iterator[str]:
    """Messages put together from scripts/bench_messages.yml, each text at most once, in an
    order fixed by the seed (every target of a run gets the same sequence)."""
    parts = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    lists = [parts[name] for name in PARTS]
    total = 1
    for items in lists:
        total *= len(items)
    seen = set()
    for index in random.Random(seed).sample(range(total), total):
        chosen = []
        for items in lists:
            index, pick = divmod(index, len(items))
            chosen.append(items[pick])
        text = " ".join(part for part in chosen if part)
        if text not in seen:
            seen.add(text)
            yield text


@dataclass
class Running:
    name: str
    url: str
    headers: Dict[str, str]
    services: List[runtime.Service]
    started: float
    stores: Optional[scaled.Stores] = None
    # the first message: for this bot one that needs the action server
    probe: str = "hallo"
    peak_rss: Dict[int, int] = field(default_factory=dict)  # pid -> bytes
    roles: Dict[int, str] = field(default_factory=dict)

    def all_services(self) -> List[runtime.Service]:
        return self.services + ([b.service for b in self.stores.started] if self.stores else [])

    def stop(self) -> None:
        runtime.stop(self.services)
        if self.stores:
            self.stores.stop()


def rss_by_group(groups: Dict[int, str]) -> Dict[int, tuple]:
    """pid -> (role, RSS bytes) for every process in the given process groups (each service
    runs in its own group, runtime.start)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            group, rss_pages = int(fields[2]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        if group in groups:
            pid = int(entry.name)
            role = groups[group] + (" (main)" if pid == group else " (worker)")
            found[pid] = (role, rss_pages * PAGE_SIZE)
    return found


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(groups: Dict[int, str]) -> float:
    """CPU time (user + system) used so far by the living processes of the given groups: the
    cost of the messages, less disturbed than wall time by other work on the machine."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) in groups:
                total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / TICKS


class RssSampler(threading.Thread):
    """Keeps each process's largest RSS while the target runs."""

    def __init__(self, running: Running) -> None:
        super().__init__(daemon=True)
        self.running = running
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            groups = {s.process.pid: s.name for s in self.running.all_services()}
            for pid, (role, rss) in rss_by_group(groups).items():
                self.running.roles[pid] = role
                self.running.peak_rss[pid] = max(rss, self.running.peak_rss.get(pid, 0))
            self.done.wait(0.5)


def train_starter(folder: Path) -> Path:
    """Rasa's starter bot (`rasa init --no-prompt` trains it too), with this venv."""
    models = folder / "models"
    if not list(models.glob("*.tar.gz")):
        print(f"==> rasa init --no-prompt in {folder} (trains the starter bot)", flush=True)
        with open(folder / "init.log", "wb") as log:
            subprocess.run(
                [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
                cwd=folder,
                env=runtime.process_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
    return sorted(models.glob("*.tar.gz"))[-1]


def start_starter(folder: Path, model: Path, logs: Path) -> Running:
    port = runtime.free_port()
    command = [sys.executable, "-m", "rasa", "run", "--enable-api", "--model", str(model)]
    command += ["--port", str(port), "--interface", "127.0.0.1", "--credentials", str(folder / "credentials.yml")]
    command += ["--endpoints", str(folder / "endpoints.yml")]
    started = time.monotonic()
    service = runtime.start("rasa", command, logs / "starter-rasa.log", f"http://127.0.0.1:{port}/")
    return Running("starter", f"http://127.0.0.1:{port}", {}, [service], started)


def start_coach(profile: str, logs: Path, extra_env: Dict[str, str]) -> Running:
    """This bot as scripts/serve.py starts it, on free ports and a fresh store."""
    settings = load()
    started = time.monotonic()
    actions_port, rasa_port = runtime.free_port(), runtime.free_port()
    rest_token = secrets.token_urlsafe(16)
    stores = None
    rasa_extra: Dict[str, str] = {}
    actions_extra: Dict[str, str] = {}
    if profile == "scaled":
        stores = scaled.open_stores(settings, logs / "stores")
        endpoints = scaled.write_endpoints(logs / "endpoints.scaled.yml", actions_port, stores)
        rasa_extra = {**stores.env(), **scaled.workers_env(settings.rasa_workers)}
        actions_extra = scaled.actions_workers_env(settings.action_workers)
    else:
        db = logs / f"tracker-{uuid.uuid4().hex[:6]}.db"
        endpoints = runtime.write_endpoints(logs / "endpoints.default.yml", actions_port, db)
    actions = runtime.start(
        "action server",
        runtime.actions_command(actions_port),
        logs / f"{profile}-actions.log",
        f"http://127.0.0.1:{actions_port}/health",
        {**runtime.actions_env(), **actions_extra},
    )
    rasa = runtime.start(
        "rasa",
        runtime.rasa_command(settings.model, rasa_port, endpoints, []),
        logs / f"{profile}-rasa.log",
        f"http://127.0.0.1:{rasa_port}/",
        {
            **runtime.rasa_env(secrets.token_urlsafe(16), settings.max_body),
            "REST_TOKEN": rest_token,
            **rasa_extra,
            **extra_env,
        },
    )
    return Running(
        "coach" if profile == "default" else "scaled",
        f"http://127.0.0.1:{rasa_port}",
        {"Authorization": f"Bearer {rest_token}"},
        [actions, rasa],
        started,
        stores,
        probe=next(distinct_messages(seed=0)),
    )


async def send(session: aiohttp.ClientSession, running: Running, sender: str, text: str) -> Optional[list]:
    async with session.post(
        f"{running.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=running.headers
    ) as reply:
        body = await reply.json(content_type=None) if reply.status == 200 else None
    return body if isinstance(body, list) else None


async def wait_first_reply(running: Running, timeout: float = 300) -> float:
    """Seconds from the target's first process start until every server answers its health
    check and a message gets a real reply (not the apology for a missing action server)."""
    degraded = response_text("utter_degraded")
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        while time.monotonic() - running.started < timeout:
            for service in running.services:
                if service.process.poll() is not None:
                    raise RuntimeError(f"{running.name}: {service.name} exited; see {service.log.name}")
            try:
                for service in running.services:
                    async with session.get(service.ready_url) as health:
                        if health.status >= 500:
                            raise aiohttp.ClientError(f"{service.name} not ready")
                reply = await send(session, running, "bench-ready", running.probe)
                if reply and not any(m.get("text") == degraded for m in reply):
                    return time.monotonic() - running.started
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.25)
    raise TimeoutError(f"{running.name} gave no reply within {timeout:.0f}s")


async def load_test(running: Running, users: int, seconds: float, texts: Iterator[str], warmup: float) -> Dict:
    """Closed loop: every user sends the next message as soon as the reply is in; all users
    take their messages from one stream, so no text is sent twice."""
    degraded = response_text("utter_degraded")
    latencies: List[float] = []
    errors = empty = 0
    tag = uuid.uuid4().hex[:6]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        measure_from = time.monotonic() + warmup
        stop_at = measure_from + seconds

        async def user(index: int) -> None:
            nonlocal errors, empty
            while time.monotonic() < stop_at:
                text = next(texts)
                began = time.monotonic()
                try:
                    body = await send(session, running, f"bench-{tag}-{index}", text)
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    body = None
                if began < measure_from:
                    continue
                if body is None or any(m.get("text") == degraded for m in body):
                    errors += 1
                else:
                    # an empty list is an answer too: the starter bot has nothing to say to some
                    # messages (this bot always says something, channels/common.py)
                    empty += not body
                    latencies.append(time.monotonic() - began)

        groups = {s.process.pid: s.name for s in running.all_services()}

        async def cpu_at_start() -> float:
            await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
            return cpu_seconds(groups)

        cpu_start, *_ = await asyncio.gather(cpu_at_start(), *(user(i) for i in range(users)))
        cpu_used = cpu_seconds(groups) - cpu_start
        elapsed = time.monotonic() - measure_from
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None

    return {
        "users": users,
        "replies": len(latencies),
        "errors": errors,
        "empty_replies": empty,
        "msgs_per_s": round(len(latencies) / elapsed, 2),
        # CPU time of all the target's processes per answered message
        "cpu_ms_per_msg": round(1000 * cpu_used / len(latencies), 1) if latencies else None,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
    }


async def idle_latency(running: Running, texts: Iterator[str], count: int, warmup: int = 3) -> Dict:
    """One user alone, one message after another: the latency of a message on an idle bot."""
    latencies: List[float] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        sender = f"bench-idle-{uuid.uuid4().hex[:6]}"
        for index in range(warmup + count):
            began = time.monotonic()
            body = await send(session, running, sender, next(texts))
            if index >= warmup and body is not None:
                latencies.append(time.monotonic() - began)
    latencies.sort()
    return {
        "messages": len(latencies),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1)
        if latencies
        else None,
    }


def memory_report(running: Running) -> Dict:
    processes = [
        {"pid": pid, "role": running.roles[pid], "rss_mb": round(rss / 2**20)}
        for pid, rss in sorted(running.peak_rss.items())
    ]
    rasa = [p["rss_mb"] for p in processes if p["role"].startswith("rasa")]
    return {
        "processes": processes,
        "rasa_max_mb": max(rasa) if rasa else None,
        "rasa_sum_mb": sum(rasa),
        "all_sum_mb": sum(p["rss_mb"] for p in processes),
    }


def measure(running: Running, users: List[int], seconds: float, warmup: float, idle_count: int) -> Dict:
    sampler = RssSampler(running)
    sampler.start()
    try:
        ready = asyncio.run(wait_first_reply(running))
        print(f"    {running.name}: ready after {ready:.1f}s", flush=True)
        stream = distinct_messages()  # the same texts for every target, none twice in a target's run
        idle = asyncio.run(idle_latency(running, stream, idle_count))
        print(f"    {running.name}: idle {idle}", flush=True)
        loads = []
        for count in users:
            result = asyncio.run(load_test(running, count, seconds, stream, warmup))
            print(f"    {running.name}: {result}", flush=True)
            loads.append(result)
    finally:
        sampler.done.set()
        sampler.join()
        running.stop()
    return {
        "target": running.name,
        "ready_s": round(ready, 1),
        "idle": idle,
        "loads": loads,
        "memory": memory_report(running),
    }


def summary(runs: List[Dict]) -> List[Dict]:
    """Medians over the rounds, per target and number of users."""
    rows = []
    for target in TARGETS:
        mine = [r for r in runs if r["target"] == target]
        if not mine:
            continue
        for index, users in enumerate(level["users"] for level in mine[0]["loads"]):
            loads = [r["loads"][index] for r in mine]

            def median(key, values=loads):
                present = [v[key] for v in values if v[key] is not None]
                return round(statistics.median(present), 1) if present else None

            rows.append(
                {
                    "target": target,
                    "users": users,
                    "rounds": len(mine),
                    "msgs_per_s": median("msgs_per_s"),
                    "msgs_per_s_per_core": round(median("msgs_per_s") / CORES, 1),
                    "cpu_ms_per_msg": median("cpu_ms_per_msg"),
                    "idle_p50_ms": round(statistics.median(r["idle"]["p50_ms"] for r in mine), 1),
                    "idle_p95_ms": round(statistics.median(r["idle"]["p95_ms"] for r in mine), 1),
                    "p50_ms": median("p50_ms"),
                    "p95_ms": median("p95_ms"),
                    "errors": sum(v["errors"] for v in loads),
                    "ready_s": round(statistics.median(r["ready_s"] for r in mine), 1),
                    "rasa_rss_max_mb": round(statistics.median(r["memory"]["rasa_max_mb"] for r in mine)),
                    "rss_sum_mb": round(statistics.median(r["memory"]["all_sum_mb"] for r in mine)),
                }
            )
    return rows


def ratios(runs: List[Dict], rounds: int) -> Dict[str, Optional[float]]:
    """This bot's throughput over the starter bot's, pair by pair within a round, median."""
    out = {}
    levels = [level["users"] for level in runs[0]["loads"]] if runs else []
    for target in ("coach", "scaled"):
        for index, users in enumerate(levels):
            pairs = []
            for r in range(rounds):
                base = [x for x in runs if x["target"] == "starter" and x["round"] == r]
                mine = [x for x in runs if x["target"] == target and x["round"] == r]
                if base and mine and index < len(base[0]["loads"]) and base[0]["loads"][index]["msgs_per_s"]:
                    pairs.append(mine[0]["loads"][index]["msgs_per_s"] / base[0]["loads"][index]["msgs_per_s"])
            out[f"{target}/starter@{users}"] = round(statistics.median(pairs), 2) if pairs else None
    return out


def plot(rows: List[Dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right, idle) = plt.subplots(1, 3, figsize=(12, 3.6))
    targets = [t for t in TARGETS if any(r["target"] == t for r in rows)]
    users = sorted({r["users"] for r in rows})
    width = 0.8 / max(1, len(targets))
    for i, target in enumerate(targets):
        mine = {r["users"]: r for r in rows if r["target"] == target}
        xs = [u + (i - (len(targets) - 1) / 2) * width for u in range(len(users))]
        left.bar(xs, [mine[u]["msgs_per_s"] or 0 for u in users], width, label=target)
        right.bar(xs, [mine[u]["p95_ms"] or 0 for u in users], width, label=target)
    for axis, title in ((left, "messages per second"), (right, "p95 latency (ms)")):
        axis.set_xticks(range(len(users)))
        axis.set_xticklabels([f"{u} users" for u in users])
        axis.set_title(title)
    for i, target in enumerate(targets):
        first = next(r for r in rows if r["target"] == target)
        idle.bar([i - 0.2, i + 0.2], [first["idle_p50_ms"], first["idle_p95_ms"]], 0.4, color=f"C{i}")
    idle.set_xticks(range(len(targets)))
    idle.set_xticklabels(targets)
    idle.set_title("one user alone: p50 | p95 (ms)")
    left.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma list of: " + ", ".join(TARGETS))
    parser.add_argument("--users", default="10,50")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per load level")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before measuring")
    parser.add_argument("--rounds", type=int, default=1, help="all targets back to back, this many times")
    parser.add_argument("--idle", type=int, default=30, help="messages for the idle latency (one user)")
    parser.add_argument("--starter-dir", help="keep (or reuse) the trained starter bot here instead of a temp folder")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for this bot's Rasa process (levers)")
    parser.add_argument("--out", default="bench", help="report name under reports/")
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    users = [int(u) for u in args.users.split(",")]
    extra_env = dict(item.split("=", 1) for item in args.env)
    logs = PROJECT_DIR / "var" / f"bench-{uuid.uuid4().hex[:6]}"
    logs.mkdir(parents=True)
    starter_dir = Path(args.starter_dir).resolve() if args.starter_dir else Path(tempfile.mkdtemp(prefix="starter-"))
    starter_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    try:
        starter_model = train_starter(starter_dir) if "starter" in targets else None
        for round_ in range(args.rounds):
            for target in targets:
                print(f"==> round {round_ + 1}/{args.rounds}: {target}", flush=True)
                if target == "starter":
                    running = start_starter(starter_dir, starter_model, logs)
                else:
                    running = start_coach("scaled" if target == "scaled" else "default", logs, extra_env)
                runs.append({**measure(running, users, args.seconds, args.warmup, args.idle), "round": round_})
    finally:
        if not args.starter_dir:
            shutil.rmtree(starter_dir, ignore_errors=True)
        shutil.rmtree(logs / "stores", ignore_errors=True)
    rows = summary(runs)
    report = {
        "machine": {"cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
        "settings": {"seconds": args.seconds, "warmup": args.warmup, "users": users, "rounds": args.rounds},
        "env": extra_env,
        "summary": rows,
        "throughput_ratio": ratios(runs, args.rounds),
        "runs": runs,
    }
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"{args.out}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    plot(rows, REPORTS / f"{args.out}.svg")
    head = ["target", "users", "msgs/s", "/core", "CPU ms/msg", "p50 ms", "p95 ms", "idle p50", "idle p95"]
    print("\n" + " ".join(f"{h:>10}" for h in head) + "    ready s  Rasa MB")
    for r in rows:
        cells = [r["target"], r["users"], r["msgs_per_s"], r["msgs_per_s_per_core"], r["cpu_ms_per_msg"]]
        cells += [r["p50_ms"], r["p95_ms"], r["idle_p50_ms"], r["idle_p95_ms"]]
        print(
            " ".join(f"{c!s:>10}" for c in cells)
            + f" {r['ready_s']:>10} {r['rasa_rss_max_mb']:>8}  errors {r['errors']}"
        )
    print("throughput ratio (median of pairs):", report["throughput_ratio"])
    print(f"Report: reports/{args.out}.json, reports/{args.out}.svg; logs in {logs.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
