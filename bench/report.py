"""The machine the benchmark ran on, and its results as Markdown for BENCHMARKS.md."""

import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

#: BENCHMARKS.md keeps everything outside these markers; the runner replaces what is between.
START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"
MIB = 1024 * 1024


def machine(hugo_binary):
    """What the numbers were measured on: the code's commit, cores, memory, CPU, load, versions, date."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as file:
        for line in file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as file:
        total_kib = int(next(line for line in file if line.startswith("MemTotal")).split()[1])
    hugo = subprocess.run([hugo_binary, "version"], capture_output=True, text=True).stdout.split()
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=Path(__file__).parent,
                            capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "cores": len(os.sched_getaffinity(0)),
        "memory": f"{total_kib / MIB:.1f} GiB",
        "cpu": cpu,
        "load": "%.2f %.2f %.2f" % os.getloadavg(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pelican": metadata.version("pelican"),
        "markdown": metadata.version("markdown"),
        "pagefind": metadata.version("pagefind"),
        "hugo": hugo[1].split("-")[0] if len(hugo) > 1 else "unknown",
    }


def seconds(value):
    return "–" if value is None else f"{value:.2f}"


def ratio(value):
    return "–" if value is None else f"{value:.2f}"


def mib(value):
    return "–" if value is None else f"{value / MIB:.0f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(results):
    """The results section: machine, then one table per measurement."""
    m = results["machine"]
    out = [
        f"Measured {m['date']} on commit `{m['commit']}` with `{results['command']}` "
        f"(medians of {results['runs']} run(s) per size; load average at start {m['load']}).",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['os']}. "
        f"Python {m['python']}, Pelican {m['pelican']}, Python-Markdown {m['markdown']}, "
        f"Pagefind {m['pagefind']}, Hugo {m['hugo']}.",
        "",
        "### 1. Cold full build (seconds; ratios measured side by side in the same run)",
        "",
        table(["columns", "ours (`make html`)", "of which search index (its summary line)", "plain Pelican", "Hugo",
               "ours / plain", "ours / Hugo"],
              [[f"{r['columns']:,}", seconds(r["ours"]), seconds(r.get("pagefind")),
                seconds(r["plain"]), seconds(r["hugo"]), ratio(r["ours_plain"]), ratio(r["ours_hugo"])]
               for r in results["sizes"]]),
    ]
    growth = results.get("growth")
    if growth:
        out += ["", f"Growth from {growth['from']:,} to {growth['to']:,} columns: "
                f"ours ×{growth['ours']:.1f}, plain Pelican ×{growth['plain']:.1f}, Hugo ×{growth['hugo']:.1f}."]
    out += [
        "",
        "### 2. Warm rebuild after editing one column (seconds, and as a share of the cold build)",
        "",
        table(["columns", "`make html` again", "/ cold", "`make devserver`'s build", "/ cold",
               "after approving a comment", "/ cold"],
              [[f"{r['columns']:,}", seconds(r["warm"]), ratio(r["warm_cold"]),
                seconds(r["devserver"]), ratio(r["devserver_cold"]),
                seconds(r["approved"]) if "approved" in r else "–",
                ratio(r["approved_cold"]) if "approved_cold" in r else "–"] for r in results["sizes"]]),
        "",
        "The devserver's build is the median of its builds after the edits of table 8 (Pelican's",
        "`Done: … in N seconds`); both include the search index (only the shards whose columns",
        "changed are indexed again). After approving a comment (a new file under `content/comments/`),",
        "`make html` renders that column's page and the lists showing its comment count again, nothing else.",
        "",
        "### 3. Peak memory of the largest process (MiB, cold build)",
        "",
        table(["columns", "ours", "plain Pelican", "Hugo"],
              [[f"{r['columns']:,}", mib(r["ours_peak"]), mib(r["plain_peak"]), mib(r["hugo_peak"])]
               for r in results["sizes"]]),
    ]
    profile = results.get("profile")
    if profile:
        out += [
            "",
            f"### 4. Where the time goes: cProfile of our build at {profile['columns']:,} columns",
            "",
            f"Profiled Pelican run: {profile['total_seconds']:.1f} s (profiling slows it), in one process "
            "as `make publish` reads (no cache) and with pages rendered in that process too, without the "
            "search index (Pagefind processes, timed in table 1). "
            "Shares are inclusive (a group's own code and everything it calls), so they overlap.",
            "",
            table(["code", "share of the Pelican run"],
                  [[name, f"{share:.0%}"] for name, share in profile["groups"].items()]),
            "",
            "Functions with the most own time:",
            "",
            table(["function", "own time"],
                  [[f"`{name}`", f"{share:.1%}"] for name, share in profile["top_own_time"]]),
        ]
    out += ["", "### 5. `make queue` throughput", ""]
    queue = results.get("queue")
    if queue:
        out += [table(["submissions", "seconds", "submissions / s"],
                      [[f"{q['submissions']:,}", seconds(q["seconds"]), f"{q['per_second']:,.0f}"]
                       for q in queue])]
    else:
        out += [results.get("queue_note", "Not measured.")]
    served = results.get("receiver")
    if served:
        letters, static = served["letters"], served["static"]
        out += ["", f"### 6. The receiver (`make receiver`): {served['concurrency']} connections at a time", "",
                table(["requests", "count", "answered", "per second", "p50 ms", "p95 ms", "p99 ms", "max ms"],
                      [[name, f"{r['requests']:,}", answered, f"{r['per_second']:,.0f}", f"{r['p50_ms']:.1f}",
                        f"{r['p95_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['max_ms']:.1f}"]
                       for name, r, answered in (
                           ("`POST /letters` (stored, then 303)", letters,
                            f"{letters['good']:,} × 303, {letters['stored']:,} files"),
                           ("a static file, same server (the ceiling)", static, f"{static['good']:,} × 200"))])]
    out += live_tables(results)
    return "\n".join(out) + "\n"


def live_tables(results):
    """Table 8: save to visible in the browser, ours against `hugo server`, and our memory."""
    sizes = [r for r in results["sizes"] if r.get("live")]
    if not sizes:
        return []
    kinds = ("word", "title", "topic", "new", "delete")
    rounds = sizes[0]["live"]["edits"] // len(kinds)
    return [
        "",
        "### 8. Save to visible: from the file's write to the open page showing it (seconds, headless Chromium)",
        "",
        f"Medians over {rounds} round(s) of five edits, each watched on the page an editor looks at",
        "(`bench/live.py`): `make devserver` and `hugo server` (default fast render mode) on the same",
        "archive, one after the other.",
        "",
        table(["columns", "server", *kinds, "all edits", "ours / Hugo"],
              [row for r in sizes for row in (
                  [f"{r['columns']:,}", "ours", *(seconds(r["live"]["ours"][k]) for k in kinds),
                   seconds(r["live"]["ours_median"]), ratio(r["live"]["ratio"])],
                  [f"{r['columns']:,}", "Hugo", *(seconds(r["live"]["hugo"][k]) for k in kinds),
                   seconds(r["live"]["hugo_median"]), ""])]),
        "",
        "Resident memory of the largest process of each server (MiB): after its first build, and after",
        "the edits.",
        "",
        table(["columns", "ours, first build", "ours, after the edits", "Hugo, first build", "Hugo, after"],
              [[f"{r['columns']:,}", mib(r["live"]["ours_first_rss"]), mib(r["live"]["ours_rss"]),
                mib(r["live"]["hugo_first_rss"]), mib(r["live"]["hugo_rss"])] for r in sizes]),
    ]


def write(path, section):
    """Put ``section`` between the markers of ``path`` (the rest of the file is kept)."""
    path = Path(path)
    block = f"{START}\n{section}{END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = (text or "# Benchmarks\n\nWritten by `make bench`.\n\n") + block
    path.write_text(text, encoding="utf-8")


def progress(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)
