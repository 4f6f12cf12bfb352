"""Two versions of the plugin side by side: cold builds of the same archive, runs alternating.

    python -m bench.compare OTHER_CHECKOUT [--sizes 5000,10000] [--runs 3] [--delete]

``OTHER_CHECKOUT`` is another clone or worktree of this repository (for example
``git worktree add /tmp/before <commit>``); both builds use this checkout's
``.venv``, each its own ``pelicanconf.py`` and plugin. Plain Pelican runs in
the same rounds, so each ratio compares builds made under the same load. Each
cold build goes into a folder never used; the old outputs are deleted once the
runs are over (see :mod:`bench.trash`; ``--delete`` deletes each right before
its build instead). After each cold build, the same build again after one
edit of one column (as `make html` after an editor's save; the edit is undone
after it). The medians go to standard output as Markdown tables, with the
lowest and the highest ratio of this checkout to plain Pelican among the runs.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import competitors, corpus, trash
from .report import progress

ROOT = Path(__file__).resolve().parent.parent
PELICAN = ROOT / ".venv" / "bin" / "pelican"


def build(checkout, content, output):
    """Seconds of one `make html`-like build of ``content`` into ``output`` with ``checkout``'s plugin."""
    env = {**os.environ, "CONTENT_CACHE_DIR": f"{output}.cache", "LOCAL_PORT": "8000"}
    return timed([PELICAN, content, "-o", output, "-s", checkout / "pelicanconf.py"], checkout, env)


def cold(checkout, content, output, delete=False):
    """Seconds of one cold build (:func:`build`), its output and cache out of the way first."""
    clear(output, delete)
    return build(checkout, content, output)


def warm(checkout, content, output, target, run):
    """Seconds of ``checkout``'s build of ``content`` into the ``output`` its cold build made, after one
    edit of ``target``; the edit is undone after it."""
    original = target.read_text(encoding="utf-8")
    corpus.edit(target, run)
    try:
        return build(checkout, content, output)
    finally:
        target.write_text(original, encoding="utf-8")


def clear(output, delete):
    """``output`` and its cache out of the way: deleted (``--delete``), or set aside (:mod:`bench.trash`)."""
    if delete:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(f"{output}.cache", ignore_errors=True)
    else:
        trash.set_aside(output)


def timed(command, cwd, env=None):
    start = time.perf_counter()
    result = subprocess.run(list(map(str, command)), cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench.compare: {command[0]} failed in {cwd}:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="another checkout of the project")
    parser.add_argument("--sizes", default="5000,10000", help="comma-separated column counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "compare")
    parser.add_argument("--delete", action="store_true",
                        help="delete each build's last output just before it (as `make clean html`), instead "
                             "of building into a folder never used and deleting the old ones at the end")
    args = parser.parse_args(argv)
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        work = args.work / str(n)
        archive = corpus.generate(work, n)
        plain_content, plain_conf = competitors.write_plain(archive, work / "plain")
        times = {"this": [], "other": [], "plain": [], "this warm": [], "other warm": []}
        for run in range(1, args.runs + 1):
            for name, checkout in (("other", args.other.resolve()), ("this", ROOT)):
                output = work / f"out-{name}"
                times[name].append(cold(checkout, archive.content, output, args.delete))
                times[f"{name} warm"].append(warm(checkout, archive.content, output, archive.edit_target(), run))
            clear(work / "out-plain", args.delete)
            times["plain"].append(timed([PELICAN, plain_content, "-o", work / "out-plain", "-s", plain_conf],
                                        plain_conf.parent))
            progress(f"{n:,} columns, run {run}/{args.runs}: "
                     + ", ".join(f"{name} {seconds[-1]:.1f} s" for name, seconds in times.items()))
        medians = {name: statistics.median(seconds) for name, seconds in times.items()}
        rows.append((n, medians, [this / plain for this, plain in zip(times["this"], times["plain"])]))
    trash.empty(args.work)
    print("| columns | other checkout | this checkout | plain Pelican | other / plain | this / plain "
          "| this / plain, each run | this / other |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, m, each in rows:
        print(f"| {n:,} | {m['other']:.1f} s | {m['this']:.1f} s | {m['plain']:.1f} s | "
              f"{m['other'] / m['plain']:.2f} | {m['this'] / m['plain']:.2f} | {min(each):.2f}–{max(each):.2f} | "
              f"{m['this'] / m['other']:.2f} |")
    print()
    print("| columns | other: rebuild after one edit | this: rebuild after one edit | other: rebuild / cold "
          "| this: rebuild / cold | this / other |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, m, _ in rows:
        print(f"| {n:,} | {m['other warm']:.1f} s | {m['this warm']:.1f} s | {m['other warm'] / m['other']:.2f} | "
              f"{m['this warm'] / m['this']:.2f} | {m['this warm'] / m['other warm']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
