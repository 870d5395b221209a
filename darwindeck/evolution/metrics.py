"""Game-quality metrics: pure numpy functions of per-game measurements.

Every function here takes per-game arrays of equal length (float64 for counts, bool for
masks, integer for outcomes and seats; the caller converts the uint32 record fields to
float64 first, so no sum can overflow and no ratio is an integer division) and returns a
Python ``float`` in the range its docstring states. "Component" metrics lie in [0, 1]
with 1 the desirable end; ``FitnessEvaluator`` (``fitness_full.py``) weights them.

Sources (the definitions each metric follows; the exact mapping onto our record is ours
and says so):

* **Browne 2008**: C. Browne, *Automatic generation and evaluation of recombination games*,
  PhD thesis, Queensland University of Technology, 2008 — the Ludi aesthetic criteria
  (Completion, Duration, Drawishness, Lead change, Uncertainty, Drama, Decisiveness,
  Balance, Advantage, ...). Also Browne & Maire, *Evolutionary Game Design*, IEEE TCIAIG
  2(1), 2010.
* **Ludii**: the metrics of the Ludii general game system (Piette, Soemers, Stephenson,
  Browne et al.): Completion, Drawishness ("games which end in a draw, not including
  timeouts"), Timeouts, Balance ("similarity between player win rates", 1 − the largest
  difference of two seats' win rates), AdvantageP1 ("games where the first player wins"),
  LeadChange, Drama ("moves where the eventual winner was behind"), DecisionMoves.
* **CardStock**: C. Bell and M. Goadrich, *Automated playtesting with RECYCLEd CardStock*,
  Game & Puzzle Design 2(1), 2016 — card-game heuristics: fairness across seats and the
  skill measure "Order" ``(w − 1/n) / (1 − 1/n)`` for the win rate ``w`` of a stronger
  player among ``n`` seats.

Outcomes and seats follow ``dd_game_record`` (``gosim/include/darwindeck.h``).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "OUTCOME_WIN",
    "OUTCOME_DRAW",
    "OUTCOME_UNFINISHED",
    "metric_completion",
    "metric_decisiveness",
    "metric_decision_density",
    "metric_branching",
    "metric_duration",
    "metric_lead_change",
    "metric_uncertainty",
    "metric_drama",
    "metric_closeness",
    "metric_interaction",
    "metric_balance",
    "metric_fairness",
    "metric_simplicity",
    "seat_win_shares",
    "first_player_win_share",
    "first_player_advantage",
    "skill_order",
    "skill_gap",
    "wilson_bounds",
    "saturate",
    "log_closeness",
]

OUTCOME_WIN = 0
OUTCOME_DRAW = 1
OUTCOME_UNFINISHED = 2

#: Mean number of legal moves per decision at which ``metric_branching`` gives 0.5.
BRANCHING_HALF = 4.0
#: Lead changes in one game at which ``metric_lead_change`` gives 0.5.
LEAD_CHANGE_HALF = 2.0
#: Width in log units of the log-Gaussian closeness used for duration and rule size: a
#: value twice or half the target scores exp(-1/2) = 0.61, four times or a quarter 0.14.
LOG_WIDTH = math.log(2.0)
DURATION_LOG_WIDTH = LOG_WIDTH


# --------------------------------------------------------------------------- helpers


def saturate(x: np.ndarray | float, half: float) -> np.ndarray | float:
    """``x / (x + half)`` for ``x >= 0``: 0 at 0, 0.5 at ``half``, tends to 1.

    Range [0, 1). Raises ValueError if ``half <= 0``.
    """
    if not half > 0:
        raise ValueError(f"half must be > 0, got {half}")
    return x / (x + half)


def log_closeness(x: np.ndarray, target: float) -> np.ndarray:
    """``exp(-(ln(x / target))**2 / (2 ln(2)**2))`` for ``x > 0``, 0 for ``x <= 0``.

    1 at the target, 0.61 at half or twice it, 0.14 at a quarter or four times it. The
    log scale makes "twice too long" and "half too long" equally bad. Range [0, 1].
    Raises ValueError if ``target <= 0``.
    """
    if not target > 0:
        raise ValueError(f"target must be > 0, got {target}")
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros_like(x)
    pos = x > 0
    out[pos] = np.exp(-(np.log(x[pos] / target) ** 2) / (2.0 * LOG_WIDTH**2))
    return out


def wilson_bounds(successes: float, trials: float, z: float) -> tuple[float, float]:
    """Wilson score interval ``(low, high)`` of a binomial proportion.

    ``p = s/t``, ``c = z²/t``; centre ``(p + c/2)/(1 + c)``, half-width
    ``z·sqrt(p(1−p)/t + z²/(4t²))/(1 + c)``. Range [0, 1] each. ``(0, 1)`` when
    ``trials == 0`` (no evidence). ``successes`` may be fractional (shared wins).
    Source: E. B. Wilson, JASA 22(158), 1927. Raises ValueError if ``z < 0``,
    ``trials < 0`` or ``successes`` is outside [0, trials].
    """
    if z < 0 or trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"bad Wilson arguments: successes={successes}, trials={trials}, z={z}")
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    c = z * z / trials
    centre = (p + c / 2.0) / (1.0 + c)
    half = z * math.sqrt(p * (1.0 - p) / trials + z * z / (4.0 * trials * trials)) / (1.0 + c)
    return max(0.0, centre - half), min(1.0, centre + half)


def _finished_mean(values: np.ndarray, finished: np.ndarray) -> float:
    v = values[finished]
    return float(np.mean(v)) if v.size else 0.0


# --------------------------------------------------------------------------- outcomes


def metric_completion(outcome: np.ndarray) -> float:
    """Fraction of games that end with a result (a win or a draw by the rules).

    ``completion = #{i : outcome_i != UNFINISHED} / n``, range [0, 1]; 0 for no game.
    An unfinished game hit the turn cap (a timeout). Source: Browne 2008 "Completion";
    Ludii Completion (its complement is Ludii Timeouts).
    """
    return float(np.mean(outcome != OUTCOME_UNFINISHED)) if outcome.size else 0.0


def metric_decisiveness(outcome: np.ndarray) -> float:
    """Fraction of the finished games that have a winner: 1 − drawishness.

    ``decisiveness = #{WIN} / #{WIN or DRAW}``, range [0, 1]; 0 if no game finished.
    Timeouts are not draws here (they are counted by ``metric_completion``). Source:
    Browne 2008 "Drawishness" and Ludii Drawishness ("games which end in a draw, not
    including timeouts"), taken as its complement so that 1 is desirable.
    """
    finished = outcome != OUTCOME_UNFINISHED
    n = int(np.count_nonzero(finished))
    return float(np.count_nonzero(outcome == OUTCOME_WIN)) / n if n else 0.0


# --------------------------------------------------------------------------- decisions


def metric_decision_density(decisions: np.ndarray, moves: np.ndarray) -> float:
    """Share of moves that were real decisions, per game, averaged over games.

    ``density = mean_i (decisions_i / moves_i)``, a game of 0 moves counting 0; range
    [0, 1]. A decision is a move chosen among >= 2 legal moves; forced moves are not.
    Source: Ludii DecisionMoves ("percentage of moves where there was more than one
    possible move"), taken per game and averaged.
    """
    if decisions.size == 0:
        return 0.0
    ratio = np.divide(decisions, moves, out=np.zeros_like(decisions), where=moves > 0)
    return float(np.mean(np.minimum(ratio, 1.0)))


def metric_branching(decisions: np.ndarray, legal_moves_sum: np.ndarray) -> float:
    """Mean branching factor over decisions, saturated into [0, 1).

    ``b = Σ_i legal_moves_sum_i / Σ_i decisions_i`` (the mean number of legal moves per
    decision, pooled over the batch), then ``branching = (b − 1) / (b − 1 + 3)``: 0 when
    there is never a choice, 0.5 at ``BRANCHING_HALF`` = 4 legal moves, tending to 1 for
    wide choices without rewarding 40 options much over 20. 0 if there is no decision.
    Units of b: legal moves per decision. Source: ours (Ludii reports the raw branching
    factor; the saturation is ours).
    """
    total_decisions = float(np.sum(decisions))
    if total_decisions <= 0.0:
        return 0.0
    b = float(np.sum(legal_moves_sum)) / total_decisions
    excess = max(b - 1.0, 0.0)
    return excess / (excess + (BRANCHING_HALF - 1.0))


# --------------------------------------------------------------------------- length


def metric_duration(turns: np.ndarray, finished: np.ndarray, target_turns: float) -> float:
    """Closeness of each finished game's length to a target, averaged over finished games.

    ``d_i = log_closeness(turns_i, target)`` = ``exp(−(ln(turns_i/target))² / (2 ln2²))``
    (1 at the target, 0.61 at half or twice it), 0 for a game of 0 turns; ``duration`` =
    mean over finished games, 0 if none finished. Range [0, 1]. Unfinished games are left
    out (their length is the cap). Compared per game, never as a batch total.
    Source: Browne 2008 "Duration"; the log-Gaussian shape is ours.
    Raises ValueError if ``target_turns <= 0``.
    """
    if not target_turns > 0:
        raise ValueError(f"target_turns must be > 0, got {target_turns}")
    return _finished_mean(log_closeness(turns, target_turns), finished)


# --------------------------------------------------------------------------- lead


def metric_lead_change(lead_changes: np.ndarray, finished: np.ndarray) -> float:
    """Lead changes per finished game, saturated, averaged.

    ``l_i = c_i / (c_i + 2)`` with ``c_i`` the times the sole leader changed in game i
    (the first leader is not a change); mean over finished games, 0 if none finished.
    Range [0, 1): 0 when the first leader always keeps the lead, 0.5 at 2 changes.
    Source: Browne 2008 "Lead change"; Ludii LeadChange; the saturating map is ours.
    """
    return _finished_mean(saturate(lead_changes, LEAD_CHANGE_HALF), finished)


def metric_uncertainty(lead_settled_turn: np.ndarray, turns: np.ndarray, finished: np.ndarray) -> float:
    """How late in each game the eventual winner took the lead for good, averaged.

    ``u_i = min(1, settled_i / turns_i)`` for a game of the mask ``finished`` with
    ``turns_i > 0`` (0 for a game of 0 turns); mean over the masked games, 0 if none (the
    evaluator passes the won games for ``winner_lead_turn``, the finished ones for
    ``lead_settled_turn``). Range [0, 1]: near 0
    when the winner leads from the start, near 1 when the result is open until the end.
    ``settled`` is the record's ``winner_lead_turn`` when gosim writes it (ABI 2), else
    ``lead_settled_turn`` (the last turn the leader changed). Source: Browne 2008
    "Uncertainty" and "Decisiveness" (the outcome should stay in doubt, and once decided
    the game should end soon); the ratio is ours.
    """
    ratio = np.divide(lead_settled_turn, turns, out=np.zeros_like(turns), where=turns > 0)
    return _finished_mean(np.minimum(ratio, 1.0), finished)


def metric_drama(winner_trailed: np.ndarray, won: np.ndarray) -> float:
    """Fraction of the won games whose eventual winner was behind at some point.

    ``drama = #{i won : winner_trailed_i} / #{won}``, range [0, 1]; 0 if no game was
    won. "Behind" means another seat was strictly ahead on the game's leader measure
    (cards left, score, tricks) at the end of some turn. Source: Browne 2008 "Drama" and
    Ludii Drama ("moves where the eventual winner was behind"); we record whether, not
    for how long.
    """
    n = int(np.count_nonzero(won))
    return float(np.count_nonzero(winner_trailed & won)) / n if n else 0.0


def metric_closeness(margin: np.ndarray, margin_base: np.ndarray, won: np.ndarray) -> float:
    """How close the runner-up came, per won game, averaged.

    ``c_i = 1 − margin_i / (margin_base_i + 1)``, with ``margin`` the final gap between
    the winner and the best other seat on the leader measure and ``margin_base`` =
    ``|winner's value| + |runner-up's value|``; mean over won games, 0 if none won.
    Range [0, 1]: 1 for a win by a tie-break, 0.5 when a shedding loser is left with one
    card, near 0 for a rout. The +1 keeps the ratio finite and unit-free. Source: ours
    (in the spirit of Browne 2008 "Drama"/"Uncertainty": a close finish).
    """
    ratio = margin / (margin_base + 1.0)
    return _finished_mean(np.clip(1.0 - ratio, 0.0, 1.0), won)


def metric_interaction(interactions: np.ndarray, moves: np.ndarray) -> float:
    """Share of moves that changed another player's cards or options, per game, averaged.

    ``interaction = mean_i (interactions_i / moves_i)``, 0 for a game of 0 moves; range
    [0, 1]. gosim counts a move as interactive when it moves a card into or out of a zone
    another seat owns, or changes what another seat may play next (the top of a shared
    pile, a declared suit, a trick). Source: CardStock's and Browne's interaction
    criteria (players should affect one another); the counting rule is ours.
    """
    if interactions.size == 0:
        return 0.0
    ratio = np.divide(interactions, moves, out=np.zeros_like(interactions), where=moves > 0)
    return float(np.mean(np.minimum(ratio, 1.0)))


# --------------------------------------------------------------------------- seats


def seat_win_shares(outcome: np.ndarray, winners: np.ndarray, num_players: int) -> np.ndarray:
    """Each seat's share of the wins over the won games, shape (num_players,), float64.

    A won game contributes 1 split equally among its winners (a win shared by k seats
    gives each 1/k), so the shares sum to 1. All zeros when no game was won.
    """
    won = outcome == OUTCOME_WIN
    masks = winners[won].astype(np.int64)
    if masks.size == 0:
        return np.zeros(num_players, dtype=np.float64)
    bits = ((masks[:, None] >> np.arange(num_players)) & 1).astype(np.float64)
    per_game = bits.sum(axis=1, keepdims=True)
    shares = (bits / np.maximum(per_game, 1.0)).sum(axis=0)
    return shares / masks.size


def metric_balance(shares: np.ndarray) -> float:
    """Balance of the wins across seats: 1 minus the normalised largest deviation.

    With ``w_s`` the win share of seat s among n seats (``seat_win_shares``),
    ``balance = 1 − max_s |w_s − 1/n| / (1 − 1/n)``: 1 when every seat wins equally
    often, 0 when one seat wins every game. 0 if no game was won, or n < 2. Range [0, 1].
    Source: Browne 2008 "Balance"; Ludii Balance (1 − the largest difference of two
    seats' win rates) — we normalise the largest deviation from uniform instead, so that
    the value is comparable across player counts.
    """
    n = shares.size
    if n < 2 or not np.any(shares > 0):
        return 0.0
    deviation = float(np.max(np.abs(shares - 1.0 / n)))
    return max(0.0, 1.0 - deviation / (1.0 - 1.0 / n))


def first_player_win_share(outcome: np.ndarray, winners: np.ndarray, first_player: np.ndarray) -> tuple[float, int]:
    """``(a, m)``: the first player's share of the wins ``a`` over the ``m`` won games.

    ``a = Σ_{i won} [first_i ∈ winners_i] / k_i / m`` (``k_i`` winners in game i). The
    first player is the seat that moved first in that game, so the measure does not
    depend on which seat that is (it rotates when the rules say so). ``(0.0, 0)`` when no
    game was won. Source: Ludii AdvantageP1; Browne 2008 "Advantage".
    """
    won = outcome == OUTCOME_WIN
    m = int(np.count_nonzero(won))
    if m == 0:
        return 0.0, 0
    masks = winners[won].astype(np.int64)
    first = first_player[won].astype(np.int64)
    hit = ((masks >> first) & 1).astype(np.float64)
    k = np.array([bin(int(x)).count("1") for x in masks], dtype=np.float64)
    return float(np.sum(hit / np.maximum(k, 1.0))) / m, m


def first_player_advantage(share: float, num_players: int) -> float:
    """``share − 1/n``: how much more often the first player wins than a fair seat.

    Range [−1/n, 1 − 1/n]; 0 is fair. Units: win share.
    """
    return share - 1.0 / num_players


def metric_fairness(share: float, won_games: int, num_players: int) -> float:
    """Fairness between the first player and the others, from the first player's win share.

    With ``a`` the first player's win share and ``d = a − 1/n``:
    ``fairness = 1 − d / (1 − 1/n)`` when ``d >= 0`` and ``a·n`` when ``d < 0`` — 1 when
    the first player wins exactly 1/n of the games, 0 when it wins all of them or none.
    0 if no game was won. Range [0, 1]. Source: CardStock's fairness heuristic (win
    rates should not depend on seat order) and Browne 2008 "Advantage"; the two-sided
    normalisation is ours. Raises ValueError if ``num_players < 2``.
    """
    if num_players < 2:
        raise ValueError(f"num_players must be >= 2, got {num_players}")
    if won_games == 0:
        return 0.0
    d = first_player_advantage(share, num_players)
    if d >= 0:
        return max(0.0, 1.0 - d / (1.0 - 1.0 / num_players))
    return max(0.0, share * num_players)


# --------------------------------------------------------------------------- skill


def skill_order(strong_win_rate: float, num_players: int) -> float:
    """CardStock's Order: ``(w − 1/n) / (1 − 1/n)`` for the strong player's win rate w.

    ``w`` is the fraction of games (a shared win counting 1/k) won by one strong player
    seated among ``n − 1`` weak ones, seats rotated. 1 when the strong player always
    wins, 0 when it wins like a random seat, negative (down to ``−1/(n−1)``) when it does
    worse. Range [−1/(n−1), 1]. Source: CardStock (Bell & Goadrich 2016).
    Raises ValueError if ``num_players < 2`` or ``w`` is outside [0, 1].
    """
    if num_players < 2:
        raise ValueError(f"num_players must be >= 2, got {num_players}")
    if not 0.0 <= strong_win_rate <= 1.0:
        raise ValueError(f"win rate must be in [0, 1], got {strong_win_rate}")
    base = 1.0 / num_players
    return (strong_win_rate - base) / (1.0 - base)


def skill_gap(strong_win_rate: float, weak_win_rate: float) -> float:
    """Strong-vs-weak win-rate gap: ``w_strong − w_weak``.

    ``w_weak`` is the mean win rate of one weak seat in the same games. Range [−1, 1];
    0 when skill does not matter. With 2 seats and no draws it equals ``2w − 1`` =
    Order. Source: the skill-gap measure of CardStock and of Browne 2008 ("Skill": a
    stronger player should win more often).
    """
    return strong_win_rate - weak_win_rate


# --------------------------------------------------------------------------- rules


def metric_simplicity(rules_size: float, target_size: float) -> float:
    """How compact the rules are: 1 up to a target size, log-Gaussian decay above it.

    ``s = 1`` if ``size <= target`` else ``exp(−(ln(size/target))² / (2 ln2²))``
    (0.61 at twice the target, 0.14 at four times). Units: bytes of the compiled program
    (the genome's description as gosim reads it). Range (0, 1]; 1 also for an unknown
    size (``rules_size <= 0``). Source: Browne 2008 rule-complexity criteria (shorter
    rule sets are easier to learn and play); the map is ours.
    Raises ValueError if ``target_size <= 0``.
    """
    if not target_size > 0:
        raise ValueError(f"target_size must be > 0, got {target_size}")
    if rules_size <= target_size:
        return 1.0
    return float(log_closeness(np.array([float(rules_size)]), target_size)[0])
