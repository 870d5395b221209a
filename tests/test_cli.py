"""Every `darwindeck` command, its output and its error messages (bad config, missing genome
file, bad flags). Commands that play games use the real gosim library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from darwindeck import cli
from darwindeck.genome.io import dump_yaml
from darwindeck.genome.seeds import load_seed, seed_names
from darwindeck.simulate import read_deal, win_rate_interval

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_seeds_lists_every_seed(capsys):
    code, out, _ = run(capsys, "seeds")
    assert code == 0
    for name in seed_names():
        assert name in out and load_seed(name).genome_id in out


def test_schema_is_the_genome_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["$id"] == "darwindeck-genome-v1"


def test_rules_of_a_seed_and_of_a_file(capsys, tmp_path):
    code, out, _ = run(capsys, "rules", "hearts")
    assert code == 0 and out.startswith("# Hearts")
    path = tmp_path / "mine.yaml"
    path.write_text(dump_yaml(load_seed("war").with_changes(name="My War")))
    code, out, _ = run(capsys, "rules", str(path))
    assert code == 0 and out.startswith("# My War")


@pytest.mark.parametrize("command", ["rules", "simulate"])
def test_missing_genome_file_and_unknown_seed(capsys, tmp_path, command):
    code, out, err = run(capsys, command, str(tmp_path / "nope.yaml"))
    assert code == 2 and out == ""
    assert err.startswith("darwindeck: error: ") and "nope.yaml: cannot read: No such file" in err
    code, _, err = run(capsys, command, "no_such_seed")
    assert code == 2 and f"no seed of that name (seeds: {', '.join(seed_names())})" in err


def test_invalid_genome_file_names_the_field(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(dump_yaml(load_seed("war")).replace("players: 2", "players: 9"))
    code, _, err = run(capsys, "rules", str(path))
    assert code == 2 and "bad.yaml: invalid genome" in err and "players" in err


def test_simulate_reports_seats_with_intervals_and_metrics(capsys):
    code, out, _ = run(capsys, "simulate", "crazy_eights", "--games", "200", "--players", "greedy,random", "--seed", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Crazy Eights (") and "200 games, 2 players" in lines[0]
    seat_rows = [line.split() for line in lines if line.strip().startswith(("0 ", "1 "))]
    assert [r[1] for r in seat_rows] == ["greedy", "random"]
    wins = [int(r[2]) for r in seat_rows]
    for w, row in zip(wins, seat_rows):
        lo, hi = win_rate_interval(w, 200)
        assert f"{100 * lo:5.1f}%".strip() in " ".join(row) and f"{100 * hi:5.1f}%".strip() in " ".join(row)
    assert "length: mean" in out and "fitness " in out
    # Same seed, same report.
    assert run(capsys, "simulate", "crazy_eights", "--games", "200", "--players", "greedy,random", "--seed", "3")[1] == out


def test_simulate_trace_prints_cards_and_result(capsys):
    code, out, _ = run(capsys, "simulate", "war", "--games", "5", "--trace", "--game", "2")
    assert code == 0
    trace = out.split("game 2 of the batch", 1)[1].splitlines()[1:]
    assert any(" is dealt " in line for line in trace)
    assert any(" reveals " in line for line in trace)
    assert trace[-1].startswith("result: ")


def test_simulate_errors(capsys):
    code, _, err = run(capsys, "simulate", "hearts", "--players", "greedy,wizard")
    assert code == 2 and "--players: unknown player type wizard; use random, greedy" in err
    code, _, err = run(capsys, "simulate", "hearts", "--players", "greedy,random")
    assert code == 2 and "2 player types for a 4-player game" in err
    code, _, err = run(capsys, "simulate", "war", "--games", "3", "--trace", "--game", "3")
    assert code == 2 and "--game 3: the batch has games 0..2" in err
    with pytest.raises(SystemExit):
        cli.main(["simulate", "war", "--games", "0"])
    assert "must be >= 1" in capsys.readouterr().err


def _deal_text(order: list[str]) -> str:
    return "# a deal, top card first\n" + "\n".join(" ".join(order[i : i + 13]) for i in range(0, len(order), 13)) + "\n"


def test_simulate_deal_plays_the_given_order(capsys, tmp_path):
    order = [r + s for s in "SHDC" for r in ("A", "K", "Q", "J", "10", "9", "8", "7", "6", "5", "4", "3", "2")]
    deal = tmp_path / "deal.txt"
    deal.write_text(_deal_text(order))
    code, out, _ = run(capsys, "simulate", "crazy_eights", "--deal", str(deal))
    assert code == 0
    dealt = [line.split(" is dealt ")[1].split()[0] for line in out.splitlines() if " is dealt " in line]
    # Cards leave the stock top first, one at a time round the table.
    assert dealt == order[: len(dealt)] and len(dealt) >= 10
    assert out.splitlines()[-1].startswith("result: ")
    assert run(capsys, "simulate", "crazy_eights", "--deal", str(deal))[1] == out


def test_simulate_deal_errors_name_the_card(capsys, tmp_path):
    deal = tmp_path / "deal.txt"
    deal.write_text("AS KS XX\n")
    code, _, err = run(capsys, "simulate", "war", "--deal", str(deal))
    assert code == 2 and "deal.txt: card 3: bad card 'XX'" in err
    deal.write_text("AS AS\n")
    code, _, err = run(capsys, "simulate", "war", "--deal", str(deal))
    assert code == 2 and "card 2: AS appears more than 1 time(s)" in err
    deal.write_text("AS KS\n")
    code, _, err = run(capsys, "simulate", "war", "--deal", str(deal))
    assert code == 2 and "2 cards, the game's deck has 52" in err
    code, _, err = run(capsys, "simulate", "war", "--deal", str(tmp_path / "none.txt"))
    assert code == 2 and "none.txt: cannot read" in err


def test_read_deal_with_two_decks_and_stripped_ranks():
    g = load_seed("war").with_changes(deck={"decks": 2, "ranks": ["A", "K"], "start": "stock"})
    names = [r + s for r in ("A", "K") for s in "CDHS"] * 2
    deck = read_deal_text(g, " ".join(names))
    assert sorted(deck) == sorted(set(deck)) and len(deck) == 16 and max(deck) >= 52
    with pytest.raises(ValueError, match="QS is not in this game's deck"):
        read_deal_text(g, "QS")


def read_deal_text(genome, text: str) -> list[int]:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
    try:
        return read_deal(f.name, genome)
    finally:
        Path(f.name).unlink()


def test_wilson_interval_known_values():
    # Wilson 1927; e.g. 0 of 10: [0, 0.2775], 5 of 10: [0.2366, 0.7634] (z = 1.95996).
    assert win_rate_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-4)
    assert win_rate_interval(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-4)
    lo, hi = win_rate_interval(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.72247, abs=1e-4)
    with pytest.raises(ValueError):
        win_rate_interval(3, 2)


def test_evolve_bad_config_names_file_field_and_value(capsys, tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("population_size: 1\nmutation_rate: 3\n")
    code, out, err = run(capsys, "evolve", "--config", str(cfg), "--run-dir", str(tmp_path / "run"))
    assert code == 2 and out == ""
    assert "bad.yaml: population_size: Input should be greater than or equal to 2 (got 1)" in err
    assert "mutation_rate: Input should be less than or equal to 1 (got 3)" in err
    assert not (tmp_path / "run").exists()
    cfg.write_text("populaton_size: 8\n")
    code, _, err = run(capsys, "evolve", "--config", str(cfg))
    assert code == 2 and "populaton_size: Extra inputs are not permitted" in err
    code, _, err = run(capsys, "evolve", "--config", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: cannot read" in err


def test_evolve_set_errors(capsys, tmp_path):
    smoke = str(ROOT / "configs" / "smoke.yaml")
    code, _, err = run(capsys, "evolve", "--config", smoke, "--set", "archive_measures=[colour]")
    assert code == 2 and "archive_measures: archive measures must be 1-3 distinct names of avg_turns" in err
    code, _, err = run(capsys, "evolve", "--config", smoke, "--set", "fitness.weights={fun: 1}")
    assert code == 2 and "fitness.weights: unknown fitness components ['fun']" in err
    code, _, err = run(capsys, "evolve", "--config", smoke, "--set", "elitism")
    assert code == 2 and "write key=value" in err
    code, _, err = run(capsys, "evolve")
    assert code == 2 and "evolve needs --config PATH (or --resume RUN_DIR)" in err


def test_evolve_resume_errors(capsys, tmp_path):
    code, _, err = run(capsys, "evolve", "--resume", str(tmp_path / "none"))
    assert code == 2 and "none: no such run directory" in err
    code, _, err = run(capsys, "evolve", "--resume", str(tmp_path))
    assert code == 2 and "no config.yaml; is this a darwindeck run directory?" in err
    code, _, err = run(capsys, "evolve", "--resume", str(tmp_path), "--seed", "3")
    assert code == 2 and "drop --seed" in err
    (tmp_path / "config.yaml").write_text("population_size: 6\n")
    code, _, err = run(capsys, "evolve", "--resume", str(tmp_path))
    assert code == 2 and "no checkpoint in checkpoints/" in err


def test_version_prints_darwindeck_and_library(capsys, monkeypatch):
    import darwindeck

    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"darwindeck {darwindeck.__version__}"
    assert lines[1].startswith("gosim library: gosim ")


def test_version_without_the_library_still_works(capsys, monkeypatch):
    from darwindeck.bindings import cgo_bridge
    from darwindeck.bindings.errors import LibraryError

    def missing() -> str:
        raise LibraryError("cannot load the gosim shared library; tried:\n  /nowhere/libgosim.so")

    monkeypatch.setattr(cgo_bridge, "library_version", missing)
    assert cli.version_text().splitlines() == [
        f"darwindeck {__import__('darwindeck').__version__}",
        "gosim library: not loaded:",
        "  cannot load the gosim shared library; tried:",
        "    /nowhere/libgosim.so",
    ]


@pytest.mark.parametrize(
    "flag, value, message",
    [
        ("--population", "-1", "--population: Input should be greater than or equal to 2 (got -1)"),
        ("--population", "1", "--population: Input should be greater than or equal to 2 (got 1)"),
        ("--generations", "0", "--generations: Input should be greater than or equal to 1 (got 0)"),
        ("--games", "0", "--games: Input should be greater than or equal to 1 (got 0)"),
        ("--workers", "0", "--workers: Input should be greater than or equal to 1 (got 0)"),
        ("--seed", "-1", "--seed: Input should be greater than or equal to 0 (got -1)"),
    ],
)
def test_evolve_flags_have_the_ranges_of_the_configuration(capsys, tmp_path, flag, value, message):
    code, out, err = run(capsys, "evolve", "--config", str(ROOT / "configs" / "smoke.yaml"), flag, value,
                         "--run-dir", str(tmp_path / "run"))
    assert code == 2 and out == ""
    assert err.strip() == f"darwindeck: error: command line: {message}"
    assert not (tmp_path / "run").exists()



def test_evolve_style_flag_errors(capsys, tmp_path):
    smoke = str(Path(__file__).resolve().parents[1] / "configs" / "smoke.yaml")
    code, _, err = run(capsys, "evolve", "--config", smoke, "--style", "fun", "--run-dir", str(tmp_path / "r"))
    assert code == 2 and "--style: no fitness style named 'fun'; styles: balanced, party, quick, strategic" in err
    assert not (tmp_path / "r").exists()
    staged = "fitness.stages=[{name: s, players: random, games: 4}]"
    code, _, err = run(capsys, "evolve", "--config", smoke, "--set", staged, "--games", "9")
    assert code == 2 and "--games 9: this configuration evaluates in fitness.stages (s)" in err
    code, _, err = run(capsys, "evolve", "--resume", str(tmp_path), "--style", "party")
    assert code == 2 and "drop --style" in err


def test_simulate_style_scores_with_that_style(capsys):
    code, out, _ = run(capsys, "simulate", "crazy_eights", "--games", "60", "--style", "quick")
    assert code == 0 and "simplicity" in out
    balanced = run(capsys, "simulate", "crazy_eights", "--games", "60")[1]
    fitness = lambda text: next(line for line in text.splitlines() if line.strip().startswith("fitness "))
    assert fitness(out) != fitness(balanced)
    code, _, err = run(capsys, "simulate", "war", "--style", "fun")
    assert code == 2 and "--style: no fitness style named 'fun'; styles: balanced, party, quick, strategic" in err
