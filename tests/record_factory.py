"""Hand-made per-game records for the fitness tests."""

from __future__ import annotations

import numpy as np

from darwindeck.bindings.records import RECORD_DTYPE, Outcome

WIN, DRAW, UNFINISHED = int(Outcome.WIN), int(Outcome.DRAW), int(Outcome.UNFINISHED)


def make_records(n: int, num_players: int = 2, rotate_first: bool = False, **columns) -> np.ndarray:
    """n records of a plain, finished game won by each seat in turn; shape (n,), RECORD_DTYPE.

    ``rotate_first`` rotates the first player over the seats (one full rotation per
    ``num_players`` games); ``columns`` override fields (scalar or array of shape (n,)).
    """
    rec = np.zeros(n, dtype=RECORD_DTYPE)
    rec["num_players"] = num_players
    rec["turns"] = 50
    rec["moves"] = 60
    rec["decisions"] = 30
    rec["legal_moves_sum"] = 120
    rec["outcome"] = WIN
    rec["winners"] = 1 << (np.arange(n) % num_players)
    if rotate_first:
        rec["first_player"] = (np.arange(n) // num_players) % num_players
    for name, value in columns.items():
        rec[name] = value
    return rec
