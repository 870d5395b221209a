"""What ``darwindeck simulate`` reports: win rates with confidence intervals, game lengths,
fitness metrics, and games move by move in card notation.

``win_rate_interval`` is the Wilson score interval (E. B. Wilson 1927, "Probable inference,
the law of succession, and statistical inference", JASA 22(158):209-212):

    centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²),

with p = wins / n and z the standard normal quantile of (1 + level) / 2
(``statistics.NormalDist``); unlike p ± z·sqrt(p(1-p)/n) it stays inside [0, 1] and is not
empty for 0 or n wins.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

from darwindeck.genome.cards import card_id, card_name
from darwindeck.genome.schema import SUITS, Genome

__all__ = ["format_trace", "read_deal", "simulation_report", "win_rate_interval"]

PLAYER_TYPES: dict[str, int] = {"random": 0, "greedy": 1}

# dd_trace_event.kind (gosim/include/darwindeck.h) -> verb.
_VERBS = {1: "is dealt", 2: "turns up", 3: "plays", 4: "draws", 5: "takes", 6: "reshuffles", 7: "reveals", 8: "puts face down", 9: "declares"}


def win_rate_interval(wins: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval (module docstring) of a win rate: ``(low, high)`` in
    [0, 1]. Raises ValueError for ``n < 1``, ``wins`` outside [0, n] or ``level`` outside
    (0, 1)."""
    if n < 1 or not 0 <= wins <= n:
        raise ValueError(f"need 0 <= wins <= n and n >= 1, got wins={wins}, n={n}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    z = NormalDist().inv_cdf((1.0 + level) / 2.0)
    p = wins / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def parse_players(text: str, players: int) -> list[int]:
    """Player types from ``"greedy"`` (every seat) or ``"greedy,random,..."`` (one per
    seat). Raises ValueError naming the bad entry or the wrong count."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    bad = [t for t in names if t not in PLAYER_TYPES]
    if bad or not names:
        raise ValueError(f"unknown player type {', '.join(bad) or repr(text)}; use {', '.join(PLAYER_TYPES)}")
    if len(names) == 1:
        names = names * players
    if len(names) != players:
        raise ValueError(f"{len(names)} player types for a {players}-player game; give 1 or {players}")
    return [PLAYER_TYPES[t] for t in names]


def read_deal(path: str | Path, genome: Genome) -> list[int]:
    """The deck order of a deal file: card names (``AS 10H 2C ...``), separated by spaces,
    commas or new lines, top card (dealt first) first; ``#`` starts a comment. With two
    decks, a card's second occurrence is its second copy.

    Raises ValueError naming the file and the problem (unreadable, a bad card name, a card
    not in the game's deck, a card given too often, the wrong number of cards).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{p}: cannot read: {exc.strerror or exc}") from None
    words = [w for line in text.splitlines() for w in re.split(r"[\s,]+", line.split("#", 1)[0]) if w]
    ranks = set(genome.deck.ranks)
    seen: dict[int, int] = {}
    deck = []
    for i, w in enumerate(words):
        try:
            cid = card_id(w.upper())
        except ValueError as exc:
            raise ValueError(f"{p}: card {i + 1}: {exc}") from None
        if card_name(cid)[:-1] not in ranks:
            raise ValueError(f"{p}: card {i + 1}: {w} is not in this game's deck (ranks {', '.join(genome.deck.ranks)})")
        copy = seen.get(cid, 0)
        if copy >= genome.deck.decks:
            raise ValueError(f"{p}: card {i + 1}: {w} appears more than {genome.deck.decks} time(s)")
        seen[cid] = copy + 1
        deck.append(cid + 52 * copy)
    if len(deck) != genome.deck.size:
        raise ValueError(f"{p}: {len(deck)} cards, the game's deck has {genome.deck.size}")
    return deck


def _zone(genome: Genome, index: int, owner: int) -> str:
    if index == 255:
        return "-"
    name = genome.zones[index].name if index < len(genome.zones) else f"zone{index}"
    return name if owner == 255 else f"{name}[{owner}]"


def format_trace(genome: Genome, events: np.ndarray, record: Any) -> str:
    """A traced game in card notation, one line per card movement:
    ``move  12  seat 1 plays 8H  hand[1] -> discard``; setup lines have move 0; then the
    result line."""
    lines = []
    for e in events:
        kind, seat = int(e["kind"]), int(e["seat"])
        who = "table" if seat == 255 else f"seat {seat}"
        if kind == 9:
            what = f"declares {SUITS[int(e['card']) % 4]}"
            where = ""
        else:
            face = "" if int(e["flags"]) & 1 else " (face down)"
            what = f"{_VERBS.get(kind, f'event {kind}')} {card_name(int(e['card']))}{face}"
            where = f"  {_zone(genome, int(e['from_zone']), int(e['from_owner']))} -> {_zone(genome, int(e['to_zone']), int(e['to_owner']))}"
        lines.append(f"move {int(e['move_index']):4d}  {who} {what}{where}")
    lines.append(_result_line(record))
    return "\n".join(lines)


def _result_line(record: Any) -> str:
    outcome = int(record["outcome"])
    n = int(record["num_players"])
    scores = [int(s) for s in record["score"][:n]]
    if outcome == 0:
        winners = [str(i) for i in range(n) if int(record["winners"]) >> i & 1]
        result = f"seat {', '.join(winners)} won"
    elif outcome == 1:
        result = "draw"
    else:
        result = "unfinished (turn cap)"
    return f"result: {result} after {int(record['turns'])} turns, {int(record['moves'])} moves; scores {scores}"


def simulation_report(genome: Genome, records: np.ndarray, seat_names: Sequence[str], metrics: Any) -> str:
    """The text of ``darwindeck simulate``: per-seat wins and win rate with its 95% Wilson
    interval, draws and unfinished games, game length (turns: mean, median, 10th-90th
    percentile), decisions per game, and the fitness metrics."""
    n = len(records)
    players = genome.players
    out = [f"{genome.name} ({genome.genome_id}): {n} games, {players} players"]
    out.append(f"  {'seat':>4}  {'player':<7}  {'wins':>7}  {'win rate':>8}  95% interval")
    winners = records["winners"].astype(np.int64)
    for seat in range(players):
        wins = int(np.count_nonzero(winners >> seat & 1))
        lo, hi = win_rate_interval(wins, n)
        out.append(f"  {seat:>4}  {seat_names[seat]:<7}  {wins:>7}  {100 * wins / n:7.1f}%  [{100 * lo:5.1f}%, {100 * hi:5.1f}%]")
    outcome = records["outcome"]
    out.append(f"  draws {int(np.count_nonzero(outcome == 1))}, unfinished (turn cap) {int(np.count_nonzero(outcome == 2))}")
    turns = records["turns"].astype(np.float64)
    p10, p50, p90 = np.percentile(turns, [10, 50, 90])
    out.append(f"  length: mean {turns.mean():.1f} turns, median {p50:.0f}, 10-90% {p10:.0f}-{p90:.0f}")
    out.append(f"  decisions per game: {records['decisions'].astype(np.float64).mean():.1f}")
    status = "valid" if metrics.valid else f"invalid: {metrics.reason}"
    out.append(f"  fitness {metrics.total_fitness:.4f} ({status})")
    for name, value in metrics.components.items():
        out.append(f"    {name:<17} {value:.4f}")
    return "\n".join(out)
