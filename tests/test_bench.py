"""The benchmark: its archive is valid content, and a tiny run goes end to end (no timing is asserted)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus, report, trash
from conftest import ROOT


def test_archive_is_deterministic_and_shares_columns_across_sizes(tmp_path):
    small = corpus.generate(tmp_path / "a", 20)
    again = corpus.generate(tmp_path / "b", 20)
    larger = corpus.generate(tmp_path / "c", 40)
    for slug in small.slugs:
        text = (small.columns / f"{slug}.md").read_text(encoding="utf-8")
        assert text == (again.columns / f"{slug}.md").read_text(encoding="utf-8")
        without_date = re.sub(r"^Date: .*$", "", text, flags=re.M)
        assert without_date == re.sub(r"^Date: .*$", "", (larger.columns / f"{slug}.md").read_text(
            encoding="utf-8"), flags=re.M)


def test_archive_has_the_shapes_the_issue_asks_for(tmp_path):
    archive = corpus.generate(tmp_path, 300)
    texts = [(archive.columns / f"{slug}.md").read_text(encoding="utf-8") for slug in archive.slugs]
    metadata = [dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
                for text in texts]
    topics = [[t.strip() for t in m["Topics"].split(",")] for m in metadata]
    assert all(1 <= len(t) <= 3 and set(t) <= set(archive.topics) for t in topics)
    assert set(archive.topics) == set(corpus.vocabulary())
    letters = [len(re.findall(r"^Q\. ", text, flags=re.M)) for text in texts]
    assert min(letters) == 1 and max(letters) >= 2
    follows = [m["Follows"] for m in metadata if "Follows" in m]
    assert follows and set(follows) <= set(archive.slugs)
    years = {m["Date"][:4] for m in metadata}
    assert len(years) == 15
    words = [len(text.split()) for text in texts]
    assert 300 < sorted(words)[len(words) // 2] < 2000


def test_results_replace_only_their_own_section(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\nFindings.\n\n{report.START}\nold\n{report.END}\n\n## Changes\n")
    report.write(path, "new\n")
    assert path.read_text() == (f"# Benchmarks\n\nFindings.\n\n{report.START}\nnew\n{report.END}\n"
                                "\n## Changes\n")


@pytest.mark.browser  # save to visible is timed in headless Chromium
def test_smoke_run_builds_all_three_sites_and_writes_every_table(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    work = tmp_path / "work"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "30", "--runs", "1", "--queue-sizes", "40", "--receiver-posts", "50",
         "--live-rounds", "1", "--output", str(output), "--work", str(work)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "our build said: Columns: 30 published, 0 hidden, 0 draft, 0 scheduled, 0 failed, " \
           "0 errors, 0 warnings" in result.stderr
    assert re.search(r"anonymiser: recall \(people, organisations, places\) \d+\.\d% tuned on, \d+\.\d% held out; "
                     r"precision \d+\.\d% and \d+\.\d%", result.stderr)
    built = {
        "ours": sorted(p.parent.name for p in (work / "30" / "out" / "columns").glob("*/index.html")),
        "plain": sorted(p.stem for p in (work / "30" / "plain-out").glob("column-*.html")),
        "hugo": sorted(p.parent.name for p in (work / "30" / "hugo-out" / "columns").glob("*/index.html")),
    }
    assert built["ours"] == built["plain"] == built["hugo"] == [f"column-{i:05d}" for i in range(30)]
    assert (work / "30" / "out" / "pagefind" / "1" / "pagefind.js").exists()
    assert not list(work.rglob(".trash")), "the outputs set aside are deleted once the runs are over"

    text = output.read_text(encoding="utf-8")
    assert result.stdout.strip() in text
    commit = subprocess.run(["git", "describe", "--always"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert f"on commit `{commit or 'unknown'}" in text  # `-dirty` follows when the tree has changes
    for heading in ("### 1. Cold full build", "### 2. Warm rebuild", "### 3. Peak memory",
                    "### 4. Where the time goes", "### 5. `make queue` throughput", "### 6. The receiver",
                    "### 7. The anonymiser (`make draft`, the queue's per-letter count)",
                    "### 8. Save to visible"):
        assert heading in text
    number = r"\d+(?:\.\d+)?"
    assert re.search(rf"^\| 30 \| {number} \| {number} \| {number} \| {number} \| {number} \| {number} \|$",
                     text, flags=re.M), "cold build row"
    warm = text[text.index("### 2. Warm rebuild"):text.index("### 3. Peak memory")]
    assert "after approving a comment" in warm
    assert re.search(rf"^\| 30 \| {number} \| {number} \| {number} \| {number} \| {number} \| {number} \|$",
                     warm, flags=re.M), "warm rebuild row, after an edit and after an approval"
    approved = (work / "30" / "out" / "columns" / "column-00010" / "index.html").read_text(encoding="utf-8")
    assert "Thank you for this answer (round 1)." in approved
    assert re.search(r"^\| our plugin \(plugins/advice_column\) \| \d+% \|$", text, flags=re.M)
    assert re.search(r"^\| `POST /letters` \(stored, then 303\) \| 50 \| 50 × 303, 50 files \| [\d,]+ \|", text,
                     flags=re.M), "receiver row: every letter acknowledged and stored"
    assert re.search(r"^\| a static file, same server \(the ceiling\) \| 50 \| 50 × 200 \|", text, flags=re.M)
    assert re.search(rf"^\| 30 \| ours \|(?: {number} \|){{7}}$", text, flags=re.M), "save to visible, ours"
    assert re.search(rf"^\| 30 \| Hugo \|(?: {number} \|){{6}}  \|$", text, flags=re.M), "save to visible, Hugo"


def test_a_cold_build_gets_a_folder_never_used_and_the_old_one_goes_at_the_end(tmp_path):
    out = tmp_path / "5" / "out"
    inodes = []
    for run in range(2):  # the second time, as after a run interrupted before emptying its trash
        (out / "columns").mkdir(parents=True)
        (out / "columns" / "index.html").write_text(f"run {run}", encoding="utf-8")
        Path(f"{out}.cache").mkdir()
        inodes.append(out.stat().st_ino)
        assert trash.set_aside(out) == out
        assert not out.exists() and not Path(f"{out}.cache").exists()
    kept = sorted((out.parent / trash.TRASH).glob("*/out"))
    assert len(kept) == 2 and len(list((out.parent / trash.TRASH).glob("*/out.cache"))) == 2
    assert sorted(p.stat().st_ino for p in kept) == sorted(inodes)  # renamed, not copied
    assert sorted((p / "columns" / "index.html").read_text(encoding="utf-8") for p in kept) == ["run 0", "run 1"]
    out.mkdir()  # the next cold build's folder: a new one
    assert out.stat().st_ino not in inodes
    trash.empty(tmp_path)
    assert not (out.parent / trash.TRASH).exists() and out.is_dir()


def test_the_devserver_memory_run_makes_its_edits_and_reports_each_batch(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.live", "--sizes", "20", "--memory", "6", "--batch", "3",
         "--work", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": "plugins"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.fullmatch(r"20 0 edits: \d+ MiB, 3 edits: \d+ MiB, 6 edits: \d+ MiB\n", result.stdout)
    assert re.search(r"bench: 20 columns: \d+ MiB after 6 edits \(the most held so far: \d+ MiB\)", result.stderr)
    log = (tmp_path / "20" / "memory-ours.log").read_text(encoding="utf-8")
    assert len(re.findall(r"^Done: Processed", log, re.M)) == 7
    assert "-> Shown before the build: " in log


def test_compare_times_cold_builds_and_rebuilds_after_one_edit_and_undoes_the_edit(tmp_path):
    work = tmp_path / "work"
    result = subprocess.run([sys.executable, "-m", "bench.compare", str(ROOT), "--sizes", "40", "--runs", "1",
                             "--work", str(work)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 40 |")]
    assert len(rows) == 2  # cold builds, then rebuilds after one edit
    cells = [cell.strip().rstrip(" s") for row in rows for cell in row.strip("|").split("|")[1:]]
    assert all(float(number) > 0 for cell in cells for number in cell.split("–"))
    assert any("–" in cell for cell in cells)  # this / plain in each run: the lowest and the highest
    archive = corpus.generate(tmp_path / "fresh", 40)
    target = archive.edit_target().name
    assert (work / "40" / "content" / "columns" / target).read_text(encoding="utf-8") == (
        archive.columns / target).read_text(encoding="utf-8")
    assert not (work / ".trash").exists()
