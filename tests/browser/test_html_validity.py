"""The Nu Html Checker (npm `vnu-jar`, run with the machine's Java) over the whole build."""

import subprocess

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_finds_no_error_in_the_whole_build(built_site):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only",
         "--skip-non-html", str(built_site.output)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
