"""Run one command and report its wall time and the peak memory of its largest process.

    python -m bench.peak RESULT.json COMMAND [ARG...]

Run in a fresh process so that ``RUSAGE_CHILDREN`` covers exactly the command
and its descendants (make, pelican, pagefind, hugo): ``ru_maxrss`` is then the
resident set of the largest of them. Exits with the command's status.
"""

import json
import resource
import subprocess
import sys
import time


def main(argv):
    result, command = argv[0], argv[1:]
    start = time.perf_counter()
    status = subprocess.run(command).returncode
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    with open(result, "w", encoding="utf-8") as file:
        json.dump({"seconds": seconds, "peak_bytes": peak_kib * 1024, "status": status}, file)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
