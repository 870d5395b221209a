"""Fitness of a genome: play a batch of games, turn the per-game records into a score.

``FitnessEvaluator.evaluate(genome)`` compiles the genome, plays ``num_simulations`` games
of it in gosim and scores the records; ``FitnessEvaluator.evaluate_records(records, n)`` is
the pure-numpy scoring step alone (no library needed). Both return a small, picklable,
JSON-serialisable ``FitnessMetrics``: only this crosses the network from a Ray actor.

Components (each in [0, 1], higher is better; formulas in the ``metric_*`` docstrings):

=================  =======================================================  ==============
component          what it measures                                         source
=================  =======================================================  ==============
completion         fraction of games that end with a result                 Browne 2008
decision_density   per game, decisions / moves, averaged                    ours
branching          saturated mean number of legal moves per decision        ours
duration           per game, closeness of length in turns to a target       Browne 2008
lead_change        per game, saturated number of lead changes               Browne 2008
uncertainty        per game, how late the final leader took the lead        Browne 2008
balance            1 - max deviation of per-seat win shares from uniform    Browne 2008
=================  =======================================================  ==============

Browne 2008 is C. Browne, *Automatic generation and evaluation of recombination games*,
PhD thesis, Queensland University of Technology: the Ludi aesthetic criteria
"Completion", "Duration", "Lead change", "Uncertainty" and "Balance" (also in Browne &
Maire 2010, *Evolutionary Game Design*, IEEE TCIAIG 2(1)). Our formulas follow the idea of
each criterion, adapted to the per-game record gosim writes (``dd_game_record`` in
``gosim/include/darwindeck.h``); the exact mappings are ours.

``total_fitness`` is the weighted mean of the components (weights normalised to sum 1), so
it lies in [0, 1]. An invalid genome has ``total_fitness == 0.0``, ``valid == False`` and
a ``reason``. A genome is invalid when it fails to compile, when gosim rejects its program,
when fewer than ``min_completion`` of its games end, or when no game had a single real
decision (every move forced, as in War).

Every per-game quantity is computed per game first and then averaged over games; counts
are summed in float64 (the record fields are uint32 and would overflow if summed as such).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from darwindeck.evolution.seeding import genome_seed

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "FitnessEvaluator",
    "FitnessMetrics",
    "metric_balance",
    "metric_branching",
    "metric_completion",
    "metric_decision_density",
    "metric_duration",
    "metric_lead_change",
    "metric_uncertainty",
]

# Values of dd_game_record.outcome and player types (gosim/include/darwindeck.h). They are
# repeated here so that scoring records needs neither the library nor its binding.
OUTCOME_WIN = 0
OUTCOME_DRAW = 1
OUTCOME_UNFINISHED = 2
PLAYER_RANDOM = 0
PLAYER_GREEDY = 1
PLAYER_MCTS = 2
MAX_SEATS = 6

COMPONENTS: tuple[str, ...] = (
    "completion",
    "decision_density",
    "branching",
    "duration",
    "lead_change",
    "uncertainty",
    "balance",
)
DEFAULT_WEIGHTS: Mapping[str, float] = {name: 1.0 for name in COMPONENTS}

_REQUIRED_FIELDS = (
    "turns",
    "moves",
    "decisions",
    "legal_moves_sum",
    "lead_changes",
    "lead_settled_turn",
    "outcome",
    "num_players",
    "winners",
)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class FitnessMetrics:
    """The fitness of one genome, measured on one batch of games.

    Attributes:
        total_fitness: weighted mean of ``components``, in [0, 1]; 0.0 when invalid.
        valid: False when the genome failed a gate (see ``reason``).
        reason: why the genome is invalid ('' when valid).
        components: component name -> value in [0, 1] (empty if no game was played).
        games: number of games played.
        num_players: seats per game.
        avg_turns: mean length of a game in turns (all games, unfinished included).
        completion_rate: fraction of games that ended with a result (win or draw).
        draw_rate: fraction of games that ended in a draw.
        avg_decisions: mean number of real decisions (choices among >= 2 moves) per game.
        seat_win_shares: per seat, its share of the wins in won games (sums to 1 when any
            game was won; a win shared by k seats gives each 1/k). Empty if no game was won.
        seed: the batch seed the games were played with (uint64), or None for records
            scored without a simulation.
    """

    total_fitness: float
    valid: bool
    reason: str = ""
    components: dict[str, float] = field(default_factory=dict)
    games: int = 0
    num_players: int = 0
    avg_turns: float = 0.0
    completion_rate: float = 0.0
    draw_rate: float = 0.0
    avg_decisions: float = 0.0
    seat_win_shares: tuple[float, ...] = ()
    seed: int | None = None

    @classmethod
    def invalid(cls, reason: str, **observed: Any) -> FitnessMetrics:
        """An invalid result with ``total_fitness`` 0.0 and the given reason.

        ``observed`` fills any other field (games, avg_turns, ...) that was measured.
        """
        if not reason:
            raise ValueError("an invalid FitnessMetrics needs a reason")
        return cls(total_fitness=0.0, valid=False, reason=reason, **observed)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (tuples become lists); ``from_dict`` inverts it."""
        out = asdict(self)
        out["seat_win_shares"] = list(self.seat_win_shares)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FitnessMetrics:
        """Rebuild from ``to_dict`` output.

        Raises:
            ValueError: ``data`` has a key that is not a field, or lacks a required field.
        """
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"FitnessMetrics: unknown keys {sorted(unknown)}")
        missing = {"total_fitness", "valid"} - set(data)
        if missing:
            raise ValueError(f"FitnessMetrics: missing keys {sorted(missing)}")
        values = dict(data)
        if "components" in values:
            values["components"] = {str(k): float(v) for k, v in values["components"].items()}
        if "seat_win_shares" in values:
            values["seat_win_shares"] = tuple(float(v) for v in values["seat_win_shares"])
        return cls(**values)


# --------------------------------------------------------------------------- metrics
#
# Each metric takes float64 (or bool) per-game arrays of equal length n >= 1 and returns a
# Python float in [0, 1].


def metric_completion(outcome: np.ndarray) -> float:
    """Fraction of games that end with a result.

    ``completion = #{i : outcome_i != UNFINISHED} / n``, range [0, 1].

    A game is unfinished when it hit the genome's turn cap. Source: Browne 2008, Ludi
    criterion "Completion" (tendency of games to end with a result rather than be cut off).
    """
    return float(np.mean(outcome != OUTCOME_UNFINISHED))


def metric_decision_density(decisions: np.ndarray, moves: np.ndarray) -> float:
    """Share of moves that were real decisions, per game, averaged.

    ``density = mean_i (decisions_i / moves_i)`` with a game of 0 moves counting 0;
    range [0, 1]. A decision is a move chosen among >= 2 legal moves; forced moves (one
    legal move, or none to choose like a battle in War) are not decisions.
    Source: ours (players should be choosing, not executing).
    """
    ratio = np.divide(decisions, moves, out=np.zeros_like(decisions), where=moves > 0)
    return float(np.mean(ratio))


#: Mean number of legal moves per decision at which ``metric_branching`` gives 0.5.
BRANCHING_HALF = 4.0


def metric_branching(decisions: np.ndarray, legal_moves_sum: np.ndarray) -> float:
    """Mean branching factor over decisions, saturated into [0, 1].

    ``b = sum_i legal_moves_sum_i / sum_i decisions_i`` (the mean number of legal moves
    over all decisions of the batch, pooled: a mean per decision, not a per-game sum), then
    ``branching = (b - 1) / (b - 1 + (BRANCHING_HALF - 1))``: 0 when there is never a
    choice, 0.5 at ``BRANCHING_HALF`` = 4 legal moves, tends to 1 for wide choices without
    rewarding 40 options much over 20. 0 if there is no decision at all. Range [0, 1).
    Source: ours (a saturating map of the mean branching factor).
    """
    total_decisions = float(np.sum(decisions))
    if total_decisions <= 0.0:
        return 0.0
    b = float(np.sum(legal_moves_sum)) / total_decisions
    excess = max(b - 1.0, 0.0)
    return excess / (excess + (BRANCHING_HALF - 1.0))


#: Width of ``metric_duration`` in log-turns: a game twice or half the target scores exp(-1/2).
DURATION_LOG_WIDTH = math.log(2.0)


def metric_duration(turns: np.ndarray, finished: np.ndarray, target_turns: float) -> float:
    """Closeness of each finished game's length to a target, averaged over finished games.

    ``d_i = exp(-(ln(turns_i / target))**2 / (2 * ln(2)**2))`` for a finished game with
    ``turns_i > 0`` (1 at the target, 0.61 at half or twice it, 0.14 at a quarter or four
    times it), ``d_i = 0`` for a game of 0 turns; ``duration = mean over finished games``,
    0 if no game finished. Range [0, 1]. Unfinished games are left out: their length is the
    turn cap, not a game length (``metric_completion`` counts them). The comparison is per
    game: a batch total is never compared with the per-game target.
    Source: Browne 2008, Ludi criterion "Duration" (games should be neither too short nor
    too long); the log-Gaussian shape is ours.
    """
    if target_turns <= 0:
        raise ValueError(f"target_turns must be > 0, got {target_turns}")
    t = turns[finished]
    if t.size == 0:
        return 0.0
    scores = np.zeros_like(t)
    played = t > 0
    log_ratio = np.log(t[played] / target_turns)
    scores[played] = np.exp(-(log_ratio**2) / (2.0 * DURATION_LOG_WIDTH**2))
    return float(np.mean(scores))


#: Lead changes in one game at which ``metric_lead_change`` gives 0.5.
LEAD_CHANGE_HALF = 2.0


def metric_lead_change(lead_changes: np.ndarray, finished: np.ndarray) -> float:
    """Lead changes per finished game, saturated, averaged.

    ``l_i = c_i / (c_i + LEAD_CHANGE_HALF)`` with ``c_i`` the times the sole leader changed
    in game i (the first leader is not counted); ``lead_change = mean over finished games``,
    0 if none finished. Range [0, 1): 0 when the first leader always keeps the lead, 0.5 at
    2 changes per game. Source: Browne 2008, Ludi criterion "Lead change" (the lead should
    change hands); the saturating map is ours.
    """
    c = lead_changes[finished]
    if c.size == 0:
        return 0.0
    return float(np.mean(c / (c + LEAD_CHANGE_HALF)))


def metric_uncertainty(lead_settled_turn: np.ndarray, turns: np.ndarray, finished: np.ndarray) -> float:
    """How late in each finished game its final leader took the lead for good, averaged.

    ``u_i = min(1, lead_settled_turn_i / turns_i)`` for a finished game with ``turns_i > 0``
    (0 for a game of 0 turns); ``uncertainty = mean over finished games``, 0 if none
    finished. Range [0, 1]: near 0 when the eventual winner leads from the start, near 1
    when the result stays open until the end. Source: Browne 2008, Ludi criteria
    "Uncertainty" / "Decisiveness" (the outcome should stay in doubt); the ratio is ours.
    """
    t = turns[finished]
    if t.size == 0:
        return 0.0
    s = lead_settled_turn[finished]
    ratio = np.divide(s, t, out=np.zeros_like(t), where=t > 0)
    return float(np.mean(np.minimum(ratio, 1.0)))


def seat_win_shares(outcome: np.ndarray, winners: np.ndarray, num_players: int) -> np.ndarray:
    """Each seat's share of the wins over the won games, shape (num_players,), float64.

    A won game contributes 1 split equally among its winners (a win shared by k seats gives
    each 1/k), so the shares sum to 1. All zeros when no game was won.
    """
    won = outcome == OUTCOME_WIN
    masks = winners[won].astype(np.int64)
    if masks.size == 0:
        return np.zeros(num_players, dtype=np.float64)
    bits = ((masks[:, None] >> np.arange(num_players)) & 1).astype(np.float64)  # (games, seats)
    per_game = bits.sum(axis=1, keepdims=True)
    shares = (bits / np.maximum(per_game, 1.0)).sum(axis=0)
    return shares / masks.size


def metric_balance(shares: np.ndarray) -> float:
    """Balance of the wins across seats: 1 minus the normalised maximum deviation.

    With ``w_s`` the win share of seat s among n seats (``seat_win_shares``),
    ``balance = 1 - max_s |w_s - 1/n| / (1 - 1/n)``: 1 when every seat wins equally often,
    0 when one seat wins every game (the largest possible deviation, ``1 - 1/n``). 0 if no
    game was won (no evidence of balance). Range [0, 1]. The maximum (not the mean)
    deviation is used so that one seat with a clear advantage, e.g. the first player,
    cannot be hidden by the others. Source: Browne 2008, Ludi criteria "Balance" and
    "Advantage" (no seat should be favoured); the max-deviation form is ours.
    """
    n = shares.size
    if n < 2 or not np.any(shares > 0):
        return 0.0
    deviation = float(np.max(np.abs(shares - 1.0 / n)))
    return max(0.0, 1.0 - deviation / (1.0 - 1.0 / n))


# --------------------------------------------------------------------------- evaluator


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown fitness components {sorted(unknown)}; known: {list(COMPONENTS)}")
    out = {name: float(weights.get(name, 0.0)) for name in COMPONENTS}
    bad = {k: v for k, v in out.items() if not (math.isfinite(v) and v >= 0.0)}
    if bad:
        raise ValueError(f"fitness weights must be finite and >= 0, got {bad}")
    if sum(out.values()) <= 0.0:
        raise ValueError("at least one fitness weight must be > 0")
    return out


Simulator = Callable[..., Any]


class FitnessEvaluator:
    """Scores genomes by playing them in gosim.

    Args:
        weights: component name -> weight (>= 0); components left out weigh 0. None gives
            every component of ``COMPONENTS`` weight 1.
        target_turns: the ideal length of a game in turns for ``metric_duration``
            (default 50 turns).
        min_completion: gate: a genome whose completion rate is below this is invalid
            (default 0.5).
        mcts_iterations: iterations per decision when MCTS players are used.
        simulator: a callable with the signature of
            ``darwindeck.bindings.cgo_bridge.simulate_batch`` returning an object with a
            ``records`` array; None uses gosim through the binding, imported on first use
            (so building an evaluator never loads the library).

    Raises:
        ValueError: bad weights, ``target_turns <= 0`` or ``min_completion`` outside [0, 1].
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        target_turns: float | None = None,
        min_completion: float = 0.5,
        mcts_iterations: int = 500,
        simulator: Simulator | None = None,
    ) -> None:
        self.weights = _check_weights(weights)
        self.target_turns = 50.0 if target_turns is None else float(target_turns)
        if not self.target_turns > 0:
            raise ValueError(f"target_turns must be > 0, got {target_turns}")
        if not 0.0 <= min_completion <= 1.0:
            raise ValueError(f"min_completion must be in [0, 1], got {min_completion}")
        self.min_completion = float(min_completion)
        if mcts_iterations < 1:
            raise ValueError(f"mcts_iterations must be >= 1, got {mcts_iterations}")
        self.mcts_iterations = int(mcts_iterations)
        self._simulator = simulator

    # -- simulation ---------------------------------------------------------------

    def use_simulator(self, simulator: Simulator) -> None:
        """Play games with ``simulator`` (signature of ``simulate_batch``) from now on."""
        self._simulator = simulator

    def _simulate(self) -> Simulator:
        if self._simulator is None:
            from darwindeck.bindings.cgo_bridge import simulate_batch

            self._simulator = simulate_batch
        return self._simulator

    def evaluate(
        self,
        genome: Any,
        num_simulations: int = 1000,
        ai_type: int = PLAYER_GREEDY,
        seed: int = 0,
        num_threads: int = 1,
        use_mcts: bool = False,
    ) -> FitnessMetrics:
        """Compile ``genome``, play ``num_simulations`` games of it and score them.

        Args:
            genome: a ``darwindeck.genome.schema.Genome``.
            num_simulations: games to play (>= 1).
            ai_type: player type of every seat: 0 random, 1 greedy, 2 MCTS.
            seed: the run seed in [0, 2**64); the games are played with the batch seed
                ``genome_seed(seed, bytecode)``, so a genome's result depends only on its
                rules, the settings and this seed.
            num_threads: gosim worker goroutines; results do not depend on it.
            use_mcts: play every seat with MCTS (overrides ``ai_type``).

        Returns:
            ``FitnessMetrics``; ``valid=False`` with the message as ``reason`` if the
            genome does not compile or gosim rejects its program.

        Raises:
            ValueError: ``num_simulations < 1`` or a bad seed.
            darwindeck.bindings.errors.GosimError: an error that is not the genome's fault
                (a bad argument such as an unavailable player type, a missing library).
        """
        from darwindeck.genome.bytecode import BytecodeCompiler, CompileError

        try:
            bytecode = BytecodeCompiler().compile_genome(genome)
        except CompileError as exc:
            return FitnessMetrics.invalid(f"compile error: {exc}", num_players=int(genome.players))
        return self.evaluate_program(
            bytecode,
            int(genome.players),
            num_simulations=num_simulations,
            ai_type=ai_type,
            batch_seed=genome_seed(seed, bytecode),
            num_threads=num_threads,
            use_mcts=use_mcts,
        )

    def evaluate_program(
        self,
        bytecode: bytes,
        num_players: int,
        num_simulations: int = 1000,
        ai_type: int = PLAYER_GREEDY,
        batch_seed: int = 0,
        num_threads: int = 1,
        use_mcts: bool = False,
    ) -> FitnessMetrics:
        """Play a compiled program and score it (``evaluate`` without the compile step).

        ``batch_seed`` is passed to ``simulate_batch`` as is (it is not derived again).
        Errors as in ``evaluate``; gosim's rejection of the program (invalid program, or an
        internal error while playing it) gives ``valid=False`` with the message.
        """
        from darwindeck.bindings import errors

        if num_simulations < 1:
            raise ValueError(f"num_simulations must be >= 1, got {num_simulations}")
        player = PLAYER_MCTS if use_mcts else int(ai_type)
        try:
            result = self._simulate()(
                bytecode,
                int(num_simulations),
                player,
                self.mcts_iterations if player == PLAYER_MCTS else 0,
                int(batch_seed),
                num_threads=int(num_threads),
            )
        except errors.InvalidProgramError as exc:
            return FitnessMetrics.invalid(f"gosim rejected the program: {exc}", num_players=num_players, seed=int(batch_seed))
        except errors.InternalError as exc:
            return FitnessMetrics.invalid(f"gosim failed while playing: {exc}", num_players=num_players, seed=int(batch_seed))
        metrics = self.evaluate_records(result.records, num_players)
        return _replace_seed(metrics, int(batch_seed))

    # -- scoring ------------------------------------------------------------------

    def evaluate_records(self, records: np.ndarray, num_players: int) -> FitnessMetrics:
        """Score a batch of per-game records (pure numpy; no library).

        Args:
            records: 1-D structured array with the fields of ``dd_game_record``
                (``darwindeck.bindings.records.RECORD_DTYPE``), one element per game.
            num_players: seats per game (2-6); must match every record's ``num_players``.

        Returns:
            ``FitnessMetrics`` with every component; invalid (with a reason) when no game
            was played, the completion rate is below ``min_completion``, or no game had a
            decision.

        Raises:
            ValueError: ``records`` is not a 1-D structured array with the record fields,
                ``num_players`` is outside 2-6 or disagrees with the records, or a winners
                bitmask names a seat that does not exist.
        """
        _check_records(records, num_players)
        n = int(records.shape[0])
        if n == 0:
            return FitnessMetrics.invalid("no games were played", num_players=num_players)

        f64 = np.float64
        turns = records["turns"].astype(f64)
        moves = records["moves"].astype(f64)
        decisions = records["decisions"].astype(f64)
        legal = records["legal_moves_sum"].astype(f64)
        lead_changes = records["lead_changes"].astype(f64)
        settled = records["lead_settled_turn"].astype(f64)
        outcome = records["outcome"]
        finished = outcome != OUTCOME_UNFINISHED
        shares = seat_win_shares(outcome, records["winners"], num_players)

        components = {
            "completion": metric_completion(outcome),
            "decision_density": metric_decision_density(decisions, moves),
            "branching": metric_branching(decisions, legal),
            "duration": metric_duration(turns, finished, self.target_turns),
            "lead_change": metric_lead_change(lead_changes, finished),
            "uncertainty": metric_uncertainty(settled, turns, finished),
            "balance": metric_balance(shares),
        }
        observed = dict(
            components=components,
            games=n,
            num_players=num_players,
            avg_turns=float(np.mean(turns)),
            completion_rate=components["completion"],
            draw_rate=float(np.mean(outcome == OUTCOME_DRAW)),
            avg_decisions=float(np.mean(decisions)),
            seat_win_shares=tuple(float(s) for s in shares) if np.any(shares > 0) else (),
        )

        if components["completion"] < self.min_completion:
            unfinished = int(np.count_nonzero(~finished))
            return FitnessMetrics.invalid(
                f"completion {components['completion']:.3f} < {self.min_completion:.3f}: "
                f"{unfinished} of {n} games hit the turn cap",
                **observed,
            )
        if not np.any(records["decisions"] > 0):
            return FitnessMetrics.invalid(
                f"no decisions: every move of all {n} games was forced", **observed
            )

        total_weight = sum(self.weights.values())
        total = sum(self.weights[k] * components[k] for k in COMPONENTS) / total_weight
        return FitnessMetrics(total_fitness=float(total), valid=True, **observed)


def _replace_seed(metrics: FitnessMetrics, seed: int) -> FitnessMetrics:
    values = {f.name: getattr(metrics, f.name) for f in fields(metrics)}
    values["seed"] = seed
    return FitnessMetrics(**values)


def _check_records(records: np.ndarray, num_players: int) -> None:
    if not isinstance(records, np.ndarray) or records.dtype.names is None:
        raise ValueError("records must be a numpy structured array of game records")
    if records.ndim != 1:
        raise ValueError(f"records must be 1-D, got shape {records.shape}")
    missing = [name for name in _REQUIRED_FIELDS if name not in records.dtype.names]
    if missing:
        raise ValueError(f"records lack the fields {missing}")
    if isinstance(num_players, bool) or not 2 <= int(num_players) <= MAX_SEATS:
        raise ValueError(f"num_players must be in 2..{MAX_SEATS}, got {num_players}")
    if records.shape[0] == 0:
        return
    seats = records["num_players"]
    if np.any(seats != num_players):
        other = sorted(set(int(s) for s in np.unique(seats)) - {int(num_players)})
        raise ValueError(f"records have num_players {other}, expected {num_players}")
    stray = records["winners"].astype(np.int64) >> int(num_players)
    if np.any(stray):
        raise ValueError(f"a winners bitmask names a seat >= {num_players}")
