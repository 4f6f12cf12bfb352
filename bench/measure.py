"""Timed runs of the three builders."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """A build the benchmark ran failed; the message says which and where its log is."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_bytes: int


def timed(command, log, cwd=None, env=None):
    """Run ``command`` (output to ``log``) through :mod:`bench.peak`; its time and peak memory."""
    result = Path(log).with_suffix(".json")
    with open(log, "w", encoding="utf-8") as out:
        status = subprocess.run(
            [sys.executable, "-m", "bench.peak", str(result), *map(str, command)],
            stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env_with_bench(env),
        ).returncode
    if status:
        raise BenchError(f"{' '.join(map(str, command))} failed (exit {status}); see {log}:\n"
                         + tail(log))
    data = json.loads(result.read_text(encoding="utf-8"))
    return Sample(data["seconds"], data["peak_bytes"])


def env_with_bench(env=None):
    """The environment, with this package importable (for ``python -m bench.peak``)."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def tail(log, lines=15):
    return "\n".join(Path(log).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def make(target, content, output, log):
    """``make <target>`` on this project, as an editor runs it, for ``content`` into ``output``."""
    return timed(["make", "--no-print-directory", "-C", ROOT, target,
                  f"INPUTDIR={content}", f"OUTPUTDIR={output}"], log)


def plain_pelican(content, conf, output, log):
    return timed([Path(sys.executable).parent / "pelican", content, "-o", output, "-s", conf], log)


def hugo(binary, site, output, log):
    return timed([binary, "--quiet", "--source", site, "--destination", output], log)
