"""What every benchmark script shares: running a command and measuring it (wall seconds, CPU
seconds and peak resident memory, from GNU time), medians over runs, and writing a results table
under benchmarks/results."""
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "stagecraft")
RESULTS = os.path.join(ROOT, "benchmarks", "results")


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak: float  # MB of resident memory at most


@dataclass
class Measure:
    wall: float  # median seconds
    cpu: float  # median seconds
    peak: float  # MB, the largest of the runs
    walls: list


def run_once(command, env=None, cwd=None, timeout=None, check=True):
    """One run of `command` (output discarded); None when it outlives `timeout` seconds. CPU time
    and peak memory come from GNU time, a small process: Linux keeps the peak resident set of a
    process across exec, so a child forked straight from this (large) Python process would report
    Python's own peak."""
    with tempfile.NamedTemporaryFile("r") as usage:
        start = time.perf_counter()
        # A session of its own, so a timeout kills the measured command too, not only GNU time
        # (the command would keep the pipe open and the wait would last as long as it runs).
        process = subprocess.Popen(["/usr/bin/time", "-f", "%U %S %M", "-o", usage.name] + command, env=env, cwd=cwd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, error = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None
        wall = time.perf_counter() - start
        if check and process.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {error.decode(errors='replace')[-2000:]}")
        user, system, peak = usage.read().strip().splitlines()[-1].split()
        return Sample(wall, float(user) + float(system), int(peak) / 1024)


def summarize(samples):
    return Measure(
        statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples),
        max(s.peak for s in samples), [s.wall for s in samples])


def measure(command, runs, env=None, cwd=None, timeout=None, check=True, stop_after=None):
    """Medians of `runs` runs; None if a run outlives `timeout`. With `stop_after`, one run is
    enough when the first takes longer than that many seconds."""
    samples = []
    for _ in range(runs):
        sample = run_once(command, env=env, cwd=cwd, timeout=timeout, check=check)
        if sample is None:
            return None
        samples.append(sample)
        if stop_after is not None and samples[0].wall > stop_after:
            break
    return summarize(samples)


def measure_round_robin(commands, runs, env=None, cwd=None):
    """Runs the named commands in turn, `runs` rounds, so each round sees the machine in the same
    state (its page cache and its neighbours change from minute to minute)."""
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(run_once(command, env=env, cwd=cwd))
    return {name: summarize(taken) for name, taken in samples.items()}


def write_results(name, lines):
    """Writes benchmarks/results/NAME.md and prints it."""
    os.makedirs(RESULTS, exist_ok=True)
    text = "\n".join(lines).rstrip("\n") + "\n"
    with open(os.path.join(RESULTS, name + ".md"), "w") as handle:
        handle.write(text)
    print(text)
