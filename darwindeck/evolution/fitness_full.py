"""Fitness of a genome: play batches of games, turn the per-game records into a score.

``FitnessEvaluator.evaluate(genome)`` compiles the genome, plays ``num_simulations`` games
of it in gosim (every seat the same player type), and — when the players are greedy or
MCTS — plays skill games too (one strong seat among random ones, the strong seat rotated
over every seat); then it scores the records. ``FitnessEvaluator.evaluate_records`` is the
pure-numpy scoring step alone (no library needed). Both return a small, picklable,
JSON-serialisable ``FitnessMetrics``: only this crosses the network from a Ray actor.

Components (each in [0, 1], higher is better; formulas, ranges and sources in
``darwindeck.evolution.metrics`` and ``docs/fitness.md``):

=================  ============================================================  =================
component          what it measures                                              source
=================  ============================================================  =================
completion         games that end with a result (not the turn cap)               Browne, Ludii
decisiveness       finished games that have a winner (1 − drawishness)           Browne, Ludii
duration           per game, closeness of the length in turns to a target        Browne
decision_density   per game, decisions / moves                                   Ludii
branching          saturated mean number of legal moves per decision             ours
lead_change        per game, saturated number of lead changes                    Browne, Ludii
uncertainty        per game, how late the winner took the lead for good          Browne
drama              won games whose winner was behind at some point  (ABI 2)      Browne, Ludii
closeness          per game, how close the runner-up finished       (ABI 2)      ours
interaction        per game, moves that change another seat's cards/options (2)  CardStock, Browne
fairness           first player's win share against 1/n                          CardStock, Ludii
balance            1 − largest deviation of seat win shares from 1/n             Browne, Ludii
skill              CardStock Order of a strong seat among random ones            CardStock
simplicity         size of the compiled rules against a target                   Browne
=================  ============================================================  =================

``total_fitness`` is the weighted mean (weights of the ``FitnessStyle``) of the components
that were measured: drama, closeness and interaction need records of ABI 2, skill needs
skill games, simplicity the program's size. It lies in [0, 1]. A genome that fails a gate
(``styles.Gates``: not playable, rarely completes, no real decisions, games over at once,
a large first-player advantage) has ``valid == False``, ``total_fitness == 0.0`` and one
reason per failed gate in ``reasons`` (``reason`` joins them); ``raw_fitness`` keeps the
weighted mean it would have had.

Every per-game quantity is computed per game and then averaged; counts are converted to
float64 before any sum (the record fields are uint32).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from darwindeck.evolution import metrics as mx
from darwindeck.evolution.metrics import (
    metric_balance,
    metric_branching,
    metric_closeness,
    metric_completion,
    metric_decision_density,
    metric_decisiveness,
    metric_drama,
    metric_duration,
    metric_fairness,
    metric_interaction,
    metric_lead_change,
    metric_simplicity,
    metric_uncertainty,
    seat_win_shares,
)
from darwindeck.evolution.seeding import genome_seed
from darwindeck.evolution.styles import COMPONENTS, FitnessStyle, load_style

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "FitnessEvaluator",
    "FitnessMetrics",
    "SkillBatch",
    "metric_balance",
    "metric_branching",
    "metric_closeness",
    "metric_completion",
    "metric_decision_density",
    "metric_decisiveness",
    "metric_drama",
    "metric_duration",
    "metric_fairness",
    "metric_interaction",
    "metric_lead_change",
    "metric_simplicity",
    "metric_uncertainty",
    "seat_win_shares",
    "skill_from_batches",
]

# Values of dd_game_record.outcome and player types (gosim/include/darwindeck.h). They are
# repeated here so that scoring records needs neither the library nor its binding.
OUTCOME_WIN = mx.OUTCOME_WIN
OUTCOME_DRAW = mx.OUTCOME_DRAW
OUTCOME_UNFINISHED = mx.OUTCOME_UNFINISHED
PLAYER_RANDOM = 0
PLAYER_GREEDY = 1
PLAYER_MCTS = 2
MAX_SEATS = 6

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
    "first_player",
)
# Fields of ABI 2 records; each enables the components named.
_ABI2_FIELDS = ("winner_lead_turn", "flags", "interactions", "margin", "margin_base", "repeats")
#: dd_game_record.flags (ABI 2): bit 0 — an eventual winner trailed at some turn end.
FLAG_WINNER_TRAILED = 1
#: dd_game_record.flags (ABI 2): bit 1 — some turn ended in a state seen before (a cycle).
FLAG_CYCLE = 2

_MASK64 = (1 << 64) - 1


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class FitnessMetrics:
    """The fitness of one genome, measured on one batch of games (plus its skill games).

    Attributes:
        total_fitness: weighted mean of ``components`` in [0, 1]; 0.0 when invalid.
        valid: False when the genome failed a gate (see ``reasons``).
        reason: the reasons joined with "; " ('' when valid).
        components: component name -> value in [0, 1], the components measured.
        games: number of main games played.
        num_players: seats per game.
        avg_turns: mean length of a game in turns (all main games, unfinished included).
        completion_rate: fraction of games that ended with a result (win or draw).
        draw_rate: fraction of games that ended in a draw.
        avg_decisions: mean number of real decisions (choices among >= 2 moves) per game.
        seat_win_shares: per seat, its share of the wins in won games (sums to 1 when any
            game was won; a win shared by k seats gives each 1/k). Empty if none was won.
        seed: the batch seed the games were played with, or None for bare records.
        reasons: one line per failed gate, in gate order (empty when valid).
        raw_fitness: the weighted mean of the components ignoring the gates, in [0, 1].
        style: name of the ``FitnessStyle`` that weighted the components.
        measurements: the numbers behind the components (units in docs/fitness.md):
            ``mean_branching`` (legal moves per decision), ``mean_lead_changes``,
            ``first_player_share``, ``first_player_advantage``, ``first_player_share_low``
            (Wilson lower bound), ``median_turns`` (finished games), ``timeout_rate``,
            ``cycle_rate``, ``drama_rate``, ``interaction_rate``, ``skill_win_rate``,
            ``skill_weak_rate``, ``skill_order``, ``skill_gap``, ``skill_games``,
            ``skill_player``, ``rules_bytes`` — each present when measured.
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
    reasons: tuple[str, ...] = ()
    raw_fitness: float = 0.0
    style: str = ""
    measurements: dict[str, float] = field(default_factory=dict)

    @classmethod
    def invalid(cls, reason: str | Sequence[str], **observed: Any) -> FitnessMetrics:
        """An invalid result with ``total_fitness`` 0.0 and the given reason(s).

        ``observed`` fills any other field (games, avg_turns, ...) that was measured.
        Raises ValueError if no reason is given.
        """
        reasons = (reason,) if isinstance(reason, str) else tuple(reason)
        if not reasons or not all(reasons):
            raise ValueError("an invalid FitnessMetrics needs a reason")
        return cls(total_fitness=0.0, valid=False, reason="; ".join(reasons), reasons=reasons, **observed)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (tuples become lists); ``from_dict`` inverts it."""
        out = asdict(self)
        out["seat_win_shares"] = list(self.seat_win_shares)
        out["reasons"] = list(self.reasons)
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
        for key in ("components", "measurements"):
            if key in values:
                values[key] = {str(k): float(v) for k, v in values[key].items()}
        if "seat_win_shares" in values:
            values["seat_win_shares"] = tuple(float(v) for v in values["seat_win_shares"])
        if "reasons" in values:
            values["reasons"] = tuple(str(v) for v in values["reasons"])
        return cls(**values)

    def replace(self, **changes: Any) -> FitnessMetrics:
        """A copy with some fields changed."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return FitnessMetrics(**values)


# --------------------------------------------------------------------------- skill


@dataclass(frozen=True)
class SkillBatch:
    """Games played with one strong seat (``strong_seat``) among weak (random) ones."""

    strong_seat: int
    records: np.ndarray


def skill_from_batches(batches: Sequence[SkillBatch], num_players: int) -> dict[str, float] | None:
    """Skill numbers from skill games: win rates, CardStock Order and the gap.

    ``w`` = Σ over games of the strong seat's share of the win (1/k of a win shared by k
    seats, 0 for a draw or a timeout) / games; ``w_weak`` = the same for one weak seat,
    averaged over the ``n − 1`` weak seats. Returns ``{"skill_win_rate": w,
    "skill_weak_rate": w_weak, "skill_order": (w − 1/n)/(1 − 1/n), "skill_gap": w −
    w_weak, "skill_games": games}``, or None when there is no game. The strong seat is
    rotated by the caller so that seat advantages cancel out.

    Raises ValueError if a strong seat is outside ``0..num_players-1``.
    """
    total = 0
    strong_wins = 0.0
    weak_wins = 0.0
    for batch in batches:
        if not 0 <= batch.strong_seat < num_players:
            raise ValueError(f"strong seat {batch.strong_seat} outside 0..{num_players - 1}")
        rec = batch.records
        if rec.shape[0] == 0:
            continue
        shares = seat_win_shares(rec["outcome"], rec["winners"], num_players) * float(
            np.count_nonzero(rec["outcome"] == OUTCOME_WIN)
        )  # wins per seat (fractional for shared wins)
        strong_wins += float(shares[batch.strong_seat])
        weak_wins += float(np.sum(shares) - shares[batch.strong_seat]) / (num_players - 1)
        total += int(rec.shape[0])
    if total == 0:
        return None
    w = strong_wins / total
    w_weak = weak_wins / total
    return {
        "skill_win_rate": w,
        "skill_weak_rate": w_weak,
        "skill_order": mx.skill_order(min(max(w, 0.0), 1.0), num_players),
        "skill_gap": mx.skill_gap(w, w_weak),
        "skill_games": float(total),
    }


def _skill_seed(batch_seed: int, seat: int) -> int:
    """Seed of the skill games with the strong player at ``seat`` (SplitMix64 finaliser)."""
    z = (batch_seed + 0x9E3779B97F4A7C15 * (seat + 1)) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


# --------------------------------------------------------------------------- evaluator


Simulator = Callable[..., Any]


class FitnessEvaluator:
    """Scores genomes by playing them in gosim.

    Args:
        weights: component name -> weight (>= 0), replacing the style's weights;
            components left out weigh 0. None keeps the style's.
        target_turns: ideal game length in turns (``metric_duration``); None keeps the
            style's (50 turns for balanced).
        min_completion: the completion gate; None keeps the style's (0.5 for balanced).
        mcts_iterations: iterations per decision when MCTS players are used.
        simulator: a callable with the signature of
            ``darwindeck.bindings.cgo_bridge.simulate_batch`` (including ``seat_players``)
            returning an object with a ``records`` array; None uses gosim through the
            binding, imported on first use (building an evaluator never loads it).
        style: a ``FitnessStyle``, a preset name (``configs/styles/<name>.yaml``) or a
            YAML path; None is the balanced style.

    Raises:
        ValueError: bad weights, ``target_turns <= 0`` or ``min_completion`` outside
            [0, 1]; ``styles.StyleError`` (a ValueError) for an unknown style.
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        target_turns: float | None = None,
        min_completion: float | None = None,
        mcts_iterations: int = 500,
        simulator: Simulator | None = None,
        style: FitnessStyle | str | None = None,
    ) -> None:
        base = load_style(style)
        changes: dict[str, Any] = {}
        if weights is not None:
            changes["weights"] = dict(weights)
        if target_turns is not None:
            changes["target_turns"] = float(target_turns)
        if min_completion is not None:
            changes["gates"] = base.gates.model_copy(update={"min_completion": float(min_completion)}).model_dump()
        try:
            self.style = FitnessStyle.model_validate({**base.model_dump(), **changes}) if changes else base
        except Exception as exc:  # pydantic ValidationError -> the ValueError documented above
            raise ValueError(str(exc)) from None
        self.weights: dict[str, float] = dict(self.style.weights)
        self.target_turns = float(self.style.target_turns)
        self.min_completion = float(self.style.gates.min_completion)
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
        """Compile ``genome``, play ``num_simulations`` games of it (and skill games), score them.

        Args:
            genome: a ``darwindeck.genome.schema.Genome``.
            num_simulations: main games to play (>= 1).
            ai_type: player type of every seat: 0 random, 1 greedy, 2 MCTS.
            seed: the run seed in [0, 2**64); the games are played with the batch seed
                ``genome_seed(seed, bytecode)``, so a genome's result depends only on its
                rules, the settings and this seed.
            num_threads: gosim worker goroutines; results do not depend on it.
            use_mcts: play every seat with MCTS (overrides ``ai_type``).

        Returns:
            ``FitnessMetrics``; ``valid=False`` with the message as reason if the genome
            does not compile or gosim rejects its program.

        Raises:
            ValueError: ``num_simulations < 1`` or a bad seed.
            darwindeck.bindings.errors.GosimError: an error that is not the genome's fault
                (a bad argument such as an unavailable player type, a missing library).
        """
        from darwindeck.genome.bytecode import BytecodeCompiler, CompileError

        try:
            bytecode = BytecodeCompiler().compile_genome(genome)
        except CompileError as exc:
            return FitnessMetrics.invalid(
                f"compile error: {exc}", num_players=int(genome.players), style=self.style.name
            )
        return self.evaluate_program(
            bytecode,
            int(genome.players),
            num_simulations=num_simulations,
            ai_type=ai_type,
            batch_seed=genome_seed(seed, bytecode),
            num_threads=num_threads,
            use_mcts=use_mcts,
        )

    def skill_games_per_seat(self, num_simulations: int, num_players: int, player: int) -> int:
        """Skill games played with the strong player in each seat (0: no skill games).

        ``ceil(num_simulations · style.skill_games / num_players)`` when ``player`` is
        greedy or MCTS, the skill weight is > 0 and ``num_simulations >=
        style.skill_min_games``; else 0 (random players have no stronger player to
        compare; small batches would give noise).
        """
        if player == PLAYER_RANDOM or self.style.skill_games <= 0 or self.weights.get("skill", 0.0) <= 0:
            return 0
        if num_simulations < self.style.skill_min_games:
            return 0
        return int(math.ceil(num_simulations * self.style.skill_games / num_players))

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

        Plays ``num_simulations`` games with every seat of type ``ai_type`` (MCTS if
        ``use_mcts``) from ``batch_seed``; then, for greedy or MCTS players, the skill
        games: for each seat s, ``skill_games_per_seat`` games with that player at s and
        random players elsewhere, from a seed derived from (``batch_seed``, s). Skill
        games are skipped when the main games already fail a gate.
        ``batch_seed`` is passed to the simulator as is. Errors as in ``evaluate``;
        gosim's rejection of the program gives ``valid=False`` with the message.
        """
        from darwindeck.bindings import errors

        if num_simulations < 1:
            raise ValueError(f"num_simulations must be >= 1, got {num_simulations}")
        player = PLAYER_MCTS if use_mcts else int(ai_type)
        iterations = self.mcts_iterations if player == PLAYER_MCTS else 0
        simulate = self._simulate()
        skill: list[SkillBatch] = []
        try:
            result = simulate(bytecode, int(num_simulations), player, iterations, int(batch_seed), num_threads=int(num_threads))
            per_seat = self.skill_games_per_seat(num_simulations, num_players, player)
            if per_seat > 0 and self.evaluate_records(result.records, num_players).valid:
                for seat in range(num_players):
                    seats = [PLAYER_RANDOM] * num_players
                    seats[seat] = player
                    r = simulate(
                        bytecode,
                        per_seat,
                        PLAYER_RANDOM,
                        iterations,
                        _skill_seed(int(batch_seed), seat),
                        num_threads=int(num_threads),
                        seat_players=seats,
                    )
                    skill.append(SkillBatch(seat, r.records))
        except errors.InvalidProgramError as exc:
            return FitnessMetrics.invalid(
                f"gosim rejected the program: {exc}", num_players=num_players, seed=int(batch_seed), style=self.style.name
            )
        except errors.InternalError as exc:
            return FitnessMetrics.invalid(
                f"gosim failed while playing: {exc}", num_players=num_players, seed=int(batch_seed), style=self.style.name
            )
        metrics = self.evaluate_records(
            result.records, num_players, program_size=len(bytecode), skill=skill or None, skill_player=player
        )
        return metrics.replace(seed=int(batch_seed))

    # -- scoring ------------------------------------------------------------------

    def evaluate_records(
        self,
        records: np.ndarray,
        num_players: int,
        *,
        program_size: int | None = None,
        skill: Sequence[SkillBatch] | None = None,
        skill_player: int | None = None,
    ) -> FitnessMetrics:
        """Score a batch of per-game records (pure numpy; no library).

        Args:
            records: 1-D structured array with the fields of ``dd_game_record``
                (``darwindeck.bindings.records.RECORD_DTYPE``), one element per game. The
                ABI 2 fields (``winner_lead_turn``, ``flags``, ``interactions``,
                ``margin``, ``margin_base``, ``repeats``) are used when present.
            num_players: seats per game (2-6); must match every record's ``num_players``.
            program_size: bytes of the compiled program, for ``simplicity``; None leaves
                that component out.
            skill: skill games (``SkillBatch`` per strong seat), for ``skill``; None
                leaves that component out.
            skill_player: player type of the strong seat, reported in ``measurements``.

        Returns:
            ``FitnessMetrics`` with every measurable component; invalid, with one reason
            per failed gate, when no game was played or a gate of the style fails.

        Raises:
            ValueError: ``records`` is not a 1-D structured array with the record fields,
                ``num_players`` is outside 2-6 or disagrees with the records, a winners
                bitmask names a seat that does not exist, or a skill batch is malformed.
        """
        _check_records(records, num_players)
        for batch in skill or ():
            _check_records(batch.records, num_players)
        style = self.style
        n = int(records.shape[0])
        if n == 0:
            return FitnessMetrics.invalid("no games were played", num_players=num_players, style=style.name)

        f64 = np.float64
        names = records.dtype.names or ()
        abi2 = all(name in names for name in _ABI2_FIELDS)
        turns = records["turns"].astype(f64)
        moves = records["moves"].astype(f64)
        decisions = records["decisions"].astype(f64)
        legal = records["legal_moves_sum"].astype(f64)
        lead_changes = records["lead_changes"].astype(f64)
        outcome = records["outcome"]
        finished = outcome != OUTCOME_UNFINISHED
        won = outcome == OUTCOME_WIN
        settled = (records["winner_lead_turn"] if abi2 else records["lead_settled_turn"]).astype(f64)
        shares = seat_win_shares(outcome, records["winners"], num_players)
        first_share, won_games = mx.first_player_win_share(outcome, records["winners"], records["first_player"])

        components = {
            "completion": metric_completion(outcome),
            "decisiveness": metric_decisiveness(outcome),
            "duration": metric_duration(turns, finished, style.target_turns),
            "decision_density": metric_decision_density(decisions, moves),
            "branching": metric_branching(decisions, legal),
            "lead_change": metric_lead_change(lead_changes, finished),
            # winner_lead_turn speaks of winners: averaged over won games (ABI 2)
            "uncertainty": metric_uncertainty(settled, turns, won if abi2 else finished),
        }
        measurements: dict[str, float] = {
            "mean_branching": float(np.sum(legal) / np.sum(decisions)) if np.sum(decisions) > 0 else 0.0,
            "mean_lead_changes": float(np.mean(lead_changes[finished])) if np.any(finished) else 0.0,
            "timeout_rate": float(np.mean(~finished)),
            "median_turns": float(np.median(turns[finished])) if np.any(finished) else 0.0,
        }
        if abi2:
            flags = records["flags"].astype(np.int64)
            trailed = (flags & FLAG_WINNER_TRAILED) != 0
            interactions = records["interactions"].astype(f64)
            components["drama"] = metric_drama(trailed, won)
            components["closeness"] = metric_closeness(
                records["margin"].astype(f64), records["margin_base"].astype(f64), won
            )
            components["interaction"] = metric_interaction(interactions, moves)
            measurements["drama_rate"] = components["drama"]
            measurements["interaction_rate"] = components["interaction"]
            measurements["cycle_rate"] = float(np.mean((flags & FLAG_CYCLE) != 0))
        components["fairness"] = metric_fairness(first_share, won_games, num_players)
        components["balance"] = metric_balance(shares)
        low, _ = mx.wilson_bounds(first_share * won_games, won_games, style.gates.confidence_z)
        measurements["first_player_share"] = first_share
        measurements["first_player_advantage"] = mx.first_player_advantage(first_share, num_players) if won_games else 0.0
        measurements["first_player_share_low"] = low if won_games else 0.0
        if skill:
            numbers = skill_from_batches(skill, num_players)
            if numbers is not None:
                components["skill"] = min(1.0, max(0.0, numbers["skill_order"]))
                measurements.update(numbers)
                if skill_player is not None:
                    measurements["skill_player"] = float(skill_player)
        if program_size is not None:
            components["simplicity"] = metric_simplicity(float(program_size), style.target_rules_bytes)
            measurements["rules_bytes"] = float(program_size)
        components = {name: float(components[name]) for name in COMPONENTS if name in components}

        weight = sum(self.weights[k] for k in components)
        raw = sum(self.weights[k] * v for k, v in components.items()) / weight if weight > 0 else 0.0
        observed = dict(
            components=components,
            games=n,
            num_players=num_players,
            avg_turns=float(np.mean(turns)),
            completion_rate=components["completion"],
            draw_rate=float(np.mean(outcome == OUTCOME_DRAW)),
            avg_decisions=float(np.mean(decisions)),
            seat_win_shares=tuple(float(s) for s in shares) if np.any(shares > 0) else (),
            raw_fitness=float(raw),
            style=style.name,
            measurements=measurements,
        )
        reasons = self._gate(observed, measurements, finished, n, won_games, num_players)
        if reasons:
            return FitnessMetrics.invalid(reasons, **observed)
        return FitnessMetrics(total_fitness=float(raw), valid=True, **observed)

    def _gate(
        self,
        observed: Mapping[str, Any],
        measurements: Mapping[str, float],
        finished: np.ndarray,
        n: int,
        won_games: int,
        num_players: int,
    ) -> list[str]:
        """The reasons the style's gates reject this batch (empty when none does)."""
        g = self.style.gates
        reasons = []
        completion = observed["completion_rate"]
        if completion < g.min_completion:
            unfinished = int(np.count_nonzero(~finished))
            reasons.append(
                f"completion {completion:.3f} < {g.min_completion:.3f}: {unfinished} of {n} games hit the turn cap"
            )
        if observed["avg_decisions"] < g.min_decisions_per_game or observed["avg_decisions"] == 0.0:
            reasons.append(
                f"no decisions: {observed['avg_decisions']:.2f} real decisions per game "
                f"< {g.min_decisions_per_game:.2f}"
                if observed["avg_decisions"] > 0
                else f"no decisions: every move of all {n} games was forced"
            )
        if np.any(finished) and measurements["median_turns"] < g.min_turns:
            reasons.append(f"trivial: median game lasts {measurements['median_turns']:g} turns < {g.min_turns:g}")
        excess = measurements["first_player_share_low"] - 1.0 / num_players
        if won_games and excess > g.max_first_player_advantage:
            reasons.append(
                f"first-player advantage: the first player wins {measurements['first_player_share']:.3f} of "
                f"{won_games} won games (at least {measurements['first_player_share_low']:.3f} at z={g.confidence_z:g}), "
                f"more than 1/{num_players} + {g.max_first_player_advantage:g}"
            )
        return reasons


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
    if np.any(records["first_player"].astype(np.int64) >= num_players):
        raise ValueError(f"a first_player names a seat >= {num_players}")
