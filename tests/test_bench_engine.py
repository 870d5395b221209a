"""darwindeck bench: the table is made of games that really played."""

import numpy as np
import pytest

from darwindeck.bench import engine as bench
from darwindeck.bindings.records import RECORD_DTYPE
from darwindeck.cli import main


def test_parse_go_bench():
    text = (
        "BenchmarkPlay/War/Random-2   41631  29263 ns/op  65.8 cpu-ns/move  444.5 moves/game  0 B/op  0 allocs/op\n"
        "PASS\n"
    )
    got = bench.parse_go_bench(text)
    assert got == {"BenchmarkPlay/War/Random": {"ns/op": 29263, "cpu-ns/move": 65.8, "moves/game": 444.5, "B/op": 0, "allocs/op": 0}}


def test_games_that_did_not_play_fail():
    recs = np.zeros(4, dtype=RECORD_DTYPE)
    with pytest.raises(bench.BenchError, match="did not really play"):
        bench.check_played(recs, "x")
    recs["turns"], recs["moves"], recs["outcome"] = 3, 5, 2  # every game unfinished
    with pytest.raises(bench.BenchError, match="did not really play"):
        bench.check_played(recs, "x")


def test_bench_prints_the_table(capsys):
    assert main(["bench", "--games", "200", "--repeat", "1", "--memory-games", "0", "--genomes", "0", "--no-go"]) == 0
    out = capsys.readouterr().out
    for game in bench.ENGINE_SEEDS:
        assert f"| {game} | random |" in out and f"| {game} | greedy |" in out
    assert "ns/move" in out and "2 threads vs 1" in out
