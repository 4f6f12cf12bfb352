"""Where a build's time goes: our build under cProfile, summed by who spends it.

    python -m bench.profile RESULT.json CONTENT OUTPUT

Builds ``CONTENT`` into ``OUTPUT`` in this process, as `make publish` does (no
content cache, so no parallel reading) and with pages rendered in this process
too (``RENDER_PROCESSES = 1``: cProfile does not see forked workers), without the
search index (Pagefind runs in processes of its own; the cold builds time it), and writes JSON: the profiled total, the share
of each group of code (inclusive: time in the group's functions and in
everything they call, counted once), and the functions with the most own time.
The raw profile is kept beside RESULT as ``.prof`` for ``python -m pstats``.
"""

import cProfile
import json
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: group -> test on a profiled function's ``(filename, line, name)``.
GROUPS = {
    "our plugin (plugins/advice_column)": lambda f: "/plugins/advice_column/" in f[0],
    "reading columns (Pelican readers, Markdown included)": lambda f: f[0].endswith("pelican/readers.py"),
    "Markdown to HTML (Python-Markdown)": lambda f: "/markdown/" in f[0],
    "rendering templates (Jinja2)": lambda f: "/jinja2/" in f[0] or f[0].endswith((".html", ".xml")),
    "writing pages and feeds (Pelican Writer)": lambda f: f[0].endswith("pelican/writers.py"),
    "feeds (feedgenerator)": lambda f: "/feedgenerator/" in f[0],
    "content objects: URLs, links, dates (pelican.contents)": lambda f: f[0].endswith("pelican/contents.py"),
}


def inclusive(stats, belongs):
    """Seconds spent in functions that satisfy ``belongs`` and in their callees.

    Each call into the group from outside it is counted with its cumulative
    time, so nested calls inside the group are not counted twice; nor is a call
    back into the group from code the group itself calls (Pelican's writer,
    which our writer wraps; Jinja2 and markupsafe, which call our values).
    """
    stats.calc_callees()
    called = set()
    waiting = [function for function in stats.stats if belongs(function)]
    while waiting:  # every function the group calls, directly or not
        for callee in stats.all_callees.get(waiting.pop(), {}):
            if callee not in called:
                called.add(callee)
                waiting.append(callee)
    total = 0.0
    for function, (_, _, _, cumulative, callers) in stats.stats.items():
        if not belongs(function):
            continue
        if not callers:
            total += cumulative
        for caller, (_, _, _, caller_cumulative) in callers.items():
            if not belongs(caller) and caller not in called:
                total += caller_cumulative
    return total


def label(function):
    filename, line, name = function
    for marker in ("site-packages/", "/plugins/", "/theme/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({name})"


def summarise(stats, top=12):
    total = stats.total_tt
    own = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    return {
        "total_seconds": total,
        "groups": {name: inclusive(stats, belongs) / total for name, belongs in GROUPS.items()},
        "top_own_time": [(label(function), data[2] / total) for function, data in own],
    }


def build(content, output):
    """One build of ``content`` with the project's own settings, as `make html` runs Pelican."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(content), "OUTPUT_PATH": str(output), "SEARCH_INDEX": False,
                                       "RENDER_PROCESSES": 1})
    Pelican(settings).run()


def main(argv):
    result, content, output = argv
    profiler = cProfile.Profile()
    profiler.runcall(build, content, output)
    profiler.dump_stats(Path(result).with_suffix(".prof"))
    stats = pstats.Stats(profiler)
    Path(result).write_text(json.dumps(summarise(stats), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
