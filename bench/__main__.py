"""`make bench`: our build against plain Pelican and Hugo on the same synthetic archive.

    make bench                          quick: 200 and 1,000 columns, 3 runs each
    make bench BENCHOPTS=--full         1,000, 5,000 and 10,000 columns (about 20 minutes on 2 cores)
    make bench BENCHOPTS="--sizes 50 --runs 1 --output /tmp/b.md"

For each size, every run builds the three sites one after the other, so the
ratios compare builds made under the same load. Results go to BENCHMARKS.md
(between its markers; the rest of the file is kept) and to standard output.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from . import anonymiser, competitors, corpus, live, measure, receiver, report, trash
from .report import progress

ROOT = Path(__file__).resolve().parent.parent
QUICK_SIZES = (200, 1000)
FULL_SIZES = (1000, 5000, 10000)
QUICK_QUEUE = (1000, 5000)
FULL_QUEUE = (10000, 50000)
#: Submissions `make queue` counts identifying details in, at most (the issue's target size).
ANONYMISER_QUEUE = 10000


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="sizes 1,000, 5,000 and 10,000 columns")
    parser.add_argument("--sizes", type=sizes, help="comma-separated column counts (overrides --full)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported (3)")
    parser.add_argument("--live-rounds", type=int, default=2,
                        help="rounds of the five edits timed in the browser on each devserver (2)")
    parser.add_argument("--profile-size", type=int,
                        help="columns in the profiled build (default: the largest size up to 5,000)")
    parser.add_argument("--queue-sizes", type=sizes, help="submissions for the queue throughput")
    parser.add_argument("--receiver-posts", type=int, default=receiver.POSTS,
                        help=f"letters posted to the receiver, 32 at a time ({receiver.POSTS:,}; 5,000 with --full)")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md",
                        help="the Markdown file to write the results into (BENCHMARKS.md)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work",
                        help="where the archives and built sites go (bench/work, git-ignored)")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or (FULL_SIZES if args.full else QUICK_SIZES)
    args.queue_sizes = args.queue_sizes or (FULL_QUEUE if args.full else QUICK_QUEUE)
    if args.profile_size is None:
        args.profile_size = max([n for n in args.sizes if n <= 5000] or [min(args.sizes)])
    if args.full and args.receiver_posts == receiver.POSTS:
        args.receiver_posts = 5000
    if args.runs < 1 or args.receiver_posts < 1 or args.live_rounds < 1:
        parser.error("--runs, --receiver-posts and --live-rounds must be at least 1")
    return args


def sizes(text):
    try:
        values = tuple(int(part.replace("_", "")) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return values


def fresh(path):
    """``path`` set aside, with its content cache (``<path>.cache``, see the Makefile): a cold start
    in a folder never used (see :mod:`bench.trash`)."""
    return trash.set_aside(path)


def summary_line(log):
    """Our build's own summary (``Columns: … published, … errors, … warnings``)."""
    lines = [line for line in Path(log).read_text(encoding="utf-8").splitlines()
             if line.startswith("Columns: ")]
    return lines[-1] if lines else None


#: The search index's summary line in our build's log, and the seconds it took.
SEARCH_SUMMARY = re.compile(r"^Search index: .* shards re-indexed, .* in (\d+(?:\.\d+)?) s\b", re.M)


def search_seconds(log):
    """How long our build's search index step took, from its summary line (``None`` without one)."""
    found = SEARCH_SUMMARY.findall(Path(log).read_text(encoding="utf-8"))
    return float(found[-1]) if found else None


def bench_size(n, args, hugo_binary):
    """Every measurement at ``n`` columns: medians over ``args.runs`` runs."""
    work = args.work / str(n)
    progress(f"{n:,} columns: writing the archive, the plain Pelican and the Hugo sites")
    archive = corpus.generate(work, n)
    plain_content, plain_conf = competitors.write_plain(archive, fresh(work / "plain"))
    hugo_site = competitors.write_hugo(archive, fresh(work / "hugo"))
    target = archive.edit_target()
    original = target.read_text(encoding="utf-8")
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    ours, approved, warm, plain, hugo = [], [], [], [], []
    commented = archive.comment_target()
    for run in range(1, args.runs + 1):
        progress(f"{n:,} columns, run {run}/{args.runs}: our cold build (make html)")
        ours.append(measure.make("html", archive.content, fresh(work / "out"), logs / f"ours-{run}.log"))
        progress(f"{n:,} columns, run {run}/{args.runs}: `make html` again after approving one comment")
        corpus.approve_comment(archive.content, commented, run)
        approved.append(measure.make("html", archive.content, work / "out", logs / f"approved-{run}.log"))
        progress(f"{n:,} columns, run {run}/{args.runs}: `make html` again after one edit")
        corpus.edit(target, run)
        warm.append(measure.make("html", archive.content, work / "out", logs / f"warm-{run}.log"))
        target.write_text(original, encoding="utf-8")
        progress(f"{n:,} columns, run {run}/{args.runs}: plain Pelican")
        plain.append(measure.plain_pelican(plain_content, plain_conf, fresh(work / "plain-out"),
                                           logs / f"plain-{run}.log"))
        progress(f"{n:,} columns, run {run}/{args.runs}: Hugo")
        hugo.append(measure.hugo(hugo_binary, hugo_site, fresh(work / "hugo-out"), logs / f"hugo-{run}.log"))
        progress(f"{n:,} columns, run {run}/{args.runs}: ours {ours[-1].seconds:.1f} s, "
                 f"approval {approved[-1].seconds:.1f} s, warm {warm[-1].seconds:.1f} s, "
                 f"plain {plain[-1].seconds:.1f} s, hugo {hugo[-1].seconds:.1f} s")
    built = summary_line(logs / "ours-1.log")
    progress(f"{n:,} columns: our build said: {built}")
    searched = [search_seconds(logs / f"ours-{run}.log") for run in range(1, args.runs + 1)]
    pagefind = statistics.median(searched) if None not in searched else None
    shutil.rmtree(archive.content / "comments", ignore_errors=True)
    saved = live.measure(archive, work, hugo_binary, args.live_rounds)

    def median(samples, key="seconds"):
        return statistics.median(getattr(s, key) if key else s for s in samples)

    cold = median(ours)
    result = {
        "columns": n, "built": built, "pagefind": pagefind,
        "ours": cold, "plain": median(plain), "hugo": median(hugo),
        "warm": median(warm), "approved": median(approved), "devserver": saved["ours_builds"], "live": saved,
        "ours_peak": median(ours, "peak_bytes"), "plain_peak": median(plain, "peak_bytes"),
        "hugo_peak": median(hugo, "peak_bytes"),
    }
    result.update(ours_plain=cold / result["plain"], ours_hugo=cold / result["hugo"],
                  warm_cold=result["warm"] / cold, approved_cold=result["approved"] / cold,
                  devserver_cold=result["devserver"] / cold if result["devserver"] else None)
    return result


def profile(n, args):
    """cProfile of our build at ``n`` columns (in its own process), without the search index."""
    import json

    progress(f"{n:,} columns: profiling our build")
    work = args.work / f"profile-{n}"
    archive = corpus.generate(work, n)
    result = work / "profile.json"
    subprocess.run([sys.executable, "-m", "bench.profile", result, archive.content, fresh(work / "out")],
                   check=True, env=measure.env_with_bench(), stdout=subprocess.DEVNULL)
    data = json.loads(result.read_text(encoding="utf-8"))
    progress(f"profile kept in {result.with_suffix('.prof')} (python -m pstats)")
    return {"columns": n, **data}


def queue_throughput(args):
    """`make queue` throughput, measured by the submissions concern's own helper."""
    try:
        from . import submissions
    except ImportError:
        return None, "Not measured yet: `bench/submissions.py` (synthetic submissions) has not landed."
    progress(f"queue throughput at {', '.join(f'{n:,}' for n in args.queue_sizes)} submissions")
    return submissions.throughput(args.queue_sizes, args.work / "queue"), None


def command(argv):
    """How this run was started, as `make bench` would be given it."""
    return f"make bench BENCHOPTS=\"{' '.join(argv)}\"" if argv else "make bench"


def main(argv=None):
    args = parse(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    hugo_binary = competitors.hugo_binary()
    results = {
        "machine": report.machine(hugo_binary),
        "command": command(argv if argv is not None else sys.argv[1:]),
        "runs": args.runs,
        "sizes": [],
    }
    try:
        for n in args.sizes:
            results["sizes"].append(bench_size(n, args, hugo_binary))
        by_size = {r["columns"]: r for r in results["sizes"]}
        if len(by_size) > 1:
            low, high = by_size[min(by_size)], by_size[max(by_size)]
            results["growth"] = {"from": low["columns"], "to": high["columns"],
                                 **{k: high[k] / low[k] for k in ("ours", "plain", "hugo")}}
        results["profile"] = profile(args.profile_size, args)
        results["queue"], results["queue_note"] = queue_throughput(args)
        results["receiver"] = receiver.measure(args.work / "receiver", args.receiver_posts, progress=progress)
    except measure.BenchError as error:
        sys.exit(f"bench: {error}")
    section = report.markdown(results)
    report.write(args.output, section)
    print(section)
    progress("the anonymiser of make draft: recall, precision and cost")  # its own section, and a line here
    anonymiser.run(min(ANONYMISER_QUEUE, max(args.queue_sizes)), args.work / "anonymiser", args.output)
    trash.empty(args.work)
    progress(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
