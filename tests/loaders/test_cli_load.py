"""The CLI commands: oversight validate, load arrangements, load seed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


def test_validate_a_good_folder(arrangements_dir: Path) -> None:
    result = runner.invoke(app, ["validate", str(arrangements_dir / "good")])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "4 relationships" in result.output


def test_validate_with_the_texts(arrangements_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["validate", str(arrangements_dir / "good"), "--corpus", str(arrangements_dir / "texts")],
    )
    assert result.exit_code == 0, result.output


def test_validate_lists_every_problem_and_exits_1(arrangements_dir: Path) -> None:
    result = runner.invoke(app, ["validate", str(arrangements_dir / "bad-duplicates")])
    assert result.exit_code == 1
    assert "refused: 5 problem(s)" in result.output
    assert "people.csv:3: name: duplicate key council/example/person/jo" in result.output


def test_validate_the_seed_against_the_corpus(corpus_dir: Path) -> None:
    seed = Path(__file__).resolve().parents[2] / "loaders" / "seed"
    result = runner.invoke(app, ["validate", str(seed), "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output


def test_load_arrangements_into_a_memory_store(arrangements_dir: Path) -> None:
    result = runner.invoke(
        app, ["--memory", "load", "arrangements", str(arrangements_dir / "good"), "--name", "ex"]
    )
    assert result.exit_code == 0, result.output
    assert "loaded source ex:" in result.output


def test_load_arrangements_refuses_a_bad_folder(arrangements_dir: Path) -> None:
    result = runner.invoke(
        app, ["--memory", "load", "arrangements", str(arrangements_dir / "bad-cells")]
    )
    assert result.exit_code == 1
    assert "bodies.csv:3: key: malformed key 'Council Example/Scrutiny'" in result.output


def test_load_arrangements_refuses_the_reserved_name(arrangements_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["--memory", "load", "arrangements", str(arrangements_dir / "good"), "--name", "ontology"],
    )
    assert result.exit_code == 1


def test_load_seed() -> None:
    result = runner.invoke(app, ["--memory", "load", "seed"])
    assert result.exit_code == 0, result.output
    assert "loaded source ontology" in result.output
    assert "loaded source seed" in result.output
