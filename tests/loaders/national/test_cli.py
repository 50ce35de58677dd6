"""The commands: ``oversight load national`` and ``oversight coverage``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


def test_load_then_coverage(tmp_path: Path, national_dir: Path) -> None:
    store = tmp_path / "store"
    env = {"OVERSIGHT_LOAD_SEED": "false", "COLUMNS": "80"}
    command = ["--data-dir", str(store), "load", "national", str(national_dir)]
    result = runner.invoke(app, command, env=env)
    assert result.exit_code == 0, result.output
    rows = {cells[0]: cells[1:] for cells in map(str.split, result.output.splitlines()) if cells}
    assert rows["school-successions"][:2] == ["yes", "40"]  # whole at 80 columns
    assert "allgroupsdata.csv:7: unknown Group Type 'Mega trust'" in result.output
    assert "triples loaded" in result.output

    result = runner.invoke(app, ["--data-dir", str(store), "coverage", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    lines = json.loads(result.output)
    councils = next(r for r in lines if r["what"] == "councils")
    assert (councils["in store"], councils["expected"], councils["coverage"]) == (18, 18, "18/18")
    hubs = next(r for r in lines if r["what"] == "teaching school hubs")
    assert hubs["coverage"] == "3/6" and hubs["rejected rows"] == 3

    result = runner.invoke(app, ["--data-dir", str(store), "coverage", "--all"], env=env)
    assert result.exit_code == 0, result.output
    assert "tsh_areas_lead_schools.csv:5: unknown district 'Atlantis'" in result.output


def test_a_refused_file_makes_the_command_fail_but_the_rest_loads(
    tmp_path: Path, national_dir: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("la_region_current_derived.csv", "old_la_codes.csv"):
        shutil.copy(national_dir / name, data / name)
    (data / "links_edubasealldata.csv").write_text("URN,LinkURN\n1,2\n")
    env = {"OVERSIGHT_LOAD_SEED": "false", "COLUMNS": "200"}
    result = runner.invoke(app, ["--memory", "load", "national", str(data)], env=env)
    assert result.exit_code == 1
    assert "missing column(s) 'LinkType'" in result.output
    assert "national-councils" in result.output


def test_coverage_without_national_data_says_so(tmp_path: Path) -> None:
    env = {"OVERSIGHT_LOAD_SEED": "false"}
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "empty"), "coverage"], env=env)
    assert result.exit_code == 1
    assert "no national source is loaded" in result.output
