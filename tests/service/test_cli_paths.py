"""``oversight path``, ``oversight chain`` and ``oversight gaps`` on an in-memory seed store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()
MATS = "la/380/multi-academy-trusts"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--memory", *args])
    return result.exit_code, result.stdout, result.stderr


def test_chain_as_json_and_table() -> None:
    code, out, _ = run("chain", MATS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["body"] == MATS
    assert data["chains"][0]["nodes"][0] == MATS
    assert data["weakest_link"]["per_year"] == 6.0
    code, out, _ = run("chain", MATS, "--limit", "2")
    assert code == 0 and "Weakest link" in out and "Education Improvement Strategy Board" in out


def test_path_between_two_bodies() -> None:
    code, out, _ = run("path", MATS, "national/dfe", "--format", "json", "--cutoff", "3")
    assert code == 0
    data = json.loads(out)
    assert (data["from"], data["to"], data["direction"]) == (MATS, "national/dfe", "up")
    assert all(c["nodes"][0] == MATS and c["nodes"][-1] == "national/dfe" for c in data["chains"])
    assert data["weakest_link"]["chain"]["steps"][-1]["width"] is None  # structural: no limit
    code, out, _ = run("path", "national/dfe", MATS, "--direction", "down", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "#,steps,weakest per year,top,chain"


def test_gaps_filtered_by_council_rule_and_date() -> None:
    code, out, _ = run(
        "gaps",
        "--council",
        "380",
        "--rule",
        "infrequent",
        "--as-of",
        "2017-06-27",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2017-06-27"
    assert data["gaps"] and {g["rule"] for g in data["gaps"]} == {"infrequent"}
    assert all("la/380" in g["councils"] for g in data["gaps"])
    code, out, _ = run("gaps", "--council", "380", "--severity", "high", "--as-of", "2017-06-27")
    assert code == 0 and "│ high" in out
    assert "│ low" not in out and "│ medium" not in out


def test_gaps_with_another_expectations_file(tmp_path: Path) -> None:
    from graph.gaps.config import DEFAULT_PATH

    lenient = tmp_path / "lenient.toml"
    lenient.write_text(DEFAULT_PATH.read_text().replace("min_per_year = 3", "min_per_year = 0"))
    code, out, _ = run(
        "gaps",
        "--council",
        "380",
        "--rule",
        "infrequent",
        "--as-of",
        "2017-06-27",
        "--expectations",
        str(lenient),
        "--format",
        "json",
    )
    assert code == 0
    assert not [g for g in json.loads(out)["gaps"] if "teaching-school" in str(g["bodies"])]


def test_errors_give_exit_codes() -> None:
    code, _, err = run("chain", "la/380/nothing")
    assert code == 1 and "Not found" in err
    code, _, err = run("gaps", "--rule", "nope")
    assert code == 2 and "unknown gap rule 'nope'" in err
    code, _, err = run("path", MATS, "national/dfe", "--kind", "likes")
    assert code == 2 and "unknown relationship kind 'likes'" in err
    code, _, err = run("gaps", "--council", "la/380/schools")
    assert code == 2 and "not a council" in err
