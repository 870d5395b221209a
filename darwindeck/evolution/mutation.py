"""Mutation: random changes to a genome's rules that always give a valid genome.

``mutate_genome(genome, rng)`` draws how many point mutations to make (at least one), then
applies operators chosen from ``OPERATORS`` to the genome's plain data and validates the
result with the schema. A draw whose result is invalid is discarded and another is drawn
(at most ``max_attempts`` times); the number of discarded draws is counted in
``MutationStats``. Every operator is documented with what it changes; the rate of each is
its weight in ``OPERATOR_WEIGHTS`` (relative), and ``rate`` is the expected number of extra
point mutations per call.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any, Callable

import numpy as np
from pydantic import ValidationError

from darwindeck.genome.bytecode import BytecodeCompiler, CompileError
from darwindeck.genome.cards import RANKS, SUITS
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.schema import STANDARD_DEADWOOD, Genome

Data = dict[str, Any]
Operator = Callable[[Data, np.random.Generator], bool]


@dataclass
class MutationStats:
    """Counts of operator applications: applied (kept) and rejected (invalid result)."""

    applied: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)

    @property
    def rejected_total(self) -> int:
        """Number of invalid offspring drawn and discarded."""
        return sum(self.rejected.values())


def default_rng(genome: Genome, salt: bytes = b"mutate") -> np.random.Generator:
    """A generator seeded from the genome's canonical program, so calls without an rng are
    reproducible (no global random state)."""
    digest = hashlib.sha256(salt + BytecodeCompiler().compile_genome(genome)).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


# --------------------------------------------------------------------------- names

#: ``" ~<6 hex digits>"``: the end of an offspring's name, from its genome_id.
_LINEAGE_SUFFIX = re.compile(r" ~[0-9a-f]{6}$")
_NAME_MAX = 64  # Genome.name's max_length


def lineage_base(name: str) -> str:
    """The name without an offspring suffix: ``"Hearts ~3c54a7"`` -> ``"Hearts"``,
    ``"Hearts x War ~0a1b2c"`` -> ``"Hearts x War"``."""
    return _LINEAGE_SUFFIX.sub("", name)


def offspring_name(base: str, genome_id: str) -> str:
    """``"<base> ~<first 6 digits of genome_id>"``, at most 64 characters (the base is
    shortened if needed). The suffix tells offspring of one seed apart; the name is not part
    of the program (``genome_id`` ignores it)."""
    suffix = f" ~{genome_id[:6]}"
    return base[: _NAME_MAX - len(suffix)].rstrip() + suffix


def crossover_base(a: str, b: str) -> str:
    """The base name of a crossover child of genomes named ``a`` and ``b``: the first
    ancestor of each, ``"Hearts x War"`` (``"Hearts"`` if both come from Hearts), so names
    never grow beyond two ancestors."""
    first_a = lineage_base(a).split(" x ")[0]
    first_b = lineage_base(b).split(" x ")[0]
    return first_a if first_a == first_b else f"{first_a} x {first_b}"


def _renamed(genome: Genome, name: str) -> Genome:
    """``genome`` with another name (the rules, hence the genome_id, are the same)."""
    if genome.name == name:
        return genome
    return genome.model_copy(update={"name": name})


# --------------------------------------------------------------------------- helpers


def _zones(data: Data, owner: str | None = None) -> list[str]:
    return [z["name"] for z in data["zones"] if owner is None or z["owner"] == owner]


def _pick(rng: np.random.Generator, seq: list) -> Any:
    return seq[int(rng.integers(len(seq)))]


def _random_leaf(data: Data, rng: np.random.Generator) -> Any:
    shared = _zones(data, "shared")
    kind = int(rng.integers(7))
    if kind == 0:
        return {"rank_is": _pick(rng, data["deck"]["ranks"])}
    if kind == 1:
        return {"suit_is": _pick(rng, list(SUITS))}
    if kind == 2:
        return {"color_is": _pick(rng, ["red", "black"])}
    if kind == 3 and shared:
        return {"same_rank_as_top": _pick(rng, shared)}
    if kind == 4 and shared:
        return {"same_suit_as_top": _pick(rng, shared)}
    if kind == 6 and shared:
        return {"adjacent_in_suit": _pick(rng, shared)}
    if shared:
        return {"higher_than_top": _pick(rng, shared)}
    return {"rank_is": _pick(rng, data["deck"]["ranks"])}


def _predicate_slots(pred: Any, parent: Any = None, key: Any = None, out: list | None = None) -> list:
    """Every (container, key) holding a sub-predicate, so it can be replaced in place."""
    out = [] if out is None else out
    if parent is not None:
        out.append((parent, key))
    if isinstance(pred, dict):
        for tag in ("any", "all"):
            if tag in pred:
                for i, child in enumerate(pred[tag]):
                    _predicate_slots(child, pred[tag], i, out)
        if "not" in pred:
            _predicate_slots(pred["not"], pred, "not", out)
    return out


def _mutate_predicate(holder: dict, key: str, data: Data, rng: np.random.Generator) -> bool:
    """Change one node of the predicate ``holder[key]``: replace a leaf, negate a node,
    add a child to an any/all, remove a child, or wrap a node in any/all with a new leaf."""
    slots = [(holder, key)] + _predicate_slots(holder[key])
    parent, k = _pick(rng, slots)
    node = parent[k]
    choice = int(rng.integers(5))
    if choice == 0:
        parent[k] = _random_leaf(data, rng)
    elif choice == 1:
        parent[k] = node["not"] if isinstance(node, dict) and "not" in node else {"not": node}
    elif choice == 2 and isinstance(node, dict) and ("any" in node or "all" in node):
        children = node.get("any", node.get("all"))
        if len(children) >= 8:
            return False
        children.append(_random_leaf(data, rng))
    elif choice == 3 and isinstance(node, dict) and ("any" in node or "all" in node):
        children = node.get("any", node.get("all"))
        if len(children) <= 1:
            return False
        children.pop(int(rng.integers(len(children))))
    else:
        parent[k] = {_pick(rng, ["any", "all"]): [node, _random_leaf(data, rng)]}
    return True


# --------------------------------------------------------------------------- operators


def op_players(data: Data, rng: np.random.Generator) -> bool:
    """Seats: one more or one fewer player (2-6)."""
    data["players"] = int(data["players"] + _pick(rng, [-1, 1]))
    return 2 <= data["players"] <= 6


def op_turn_cap(data: Data, rng: np.random.Generator) -> bool:
    """Turn cap: scaled by 1/2, 2/3, 3/2 or 2 (1-100000)."""
    factor = _pick(rng, [0.5, 2 / 3, 1.5, 2.0])
    data["turn_cap"] = int(min(100_000, max(10, round(data["turn_cap"] * factor))))
    return True


def op_deck(data: Data, rng: np.random.Generator) -> bool:
    """Deck: strip a rank, restore a rank, flip ace high/low, or change the number of decks."""
    deck = data["deck"]
    choice = int(rng.integers(5))
    if choice == 4:
        removed = deck.setdefault("remove", [])
        if removed and rng.random() < 0.5:
            removed.pop(int(rng.integers(len(removed))))
        else:
            removed.append(_pick(rng, deck["ranks"]) + _pick(rng, list(SUITS)))
        return True
    if choice == 0 and len(deck["ranks"]) > 4:
        deck["ranks"].remove(_pick(rng, deck["ranks"]))
    elif choice == 1 and len(deck["ranks"]) < 13:
        missing = [r for r in RANKS if r not in deck["ranks"]]
        deck["ranks"].append(_pick(rng, missing))
        deck["ranks"].sort(key=RANKS.index)
    elif choice == 2:
        deck["rank_order"] = "ace_low" if deck.get("rank_order", "ace_high") == "ace_high" else "ace_high"
    else:
        deck["decks"] = 3 - deck.get("decks", 1)
    return True


def op_deal(data: Data, rng: np.random.Generator) -> bool:
    """Setup: change a deal's count by -2..+2, switch to or from dealing all, or change a turn-up count."""
    steps = [s for s in data["setup"] if s["step"] in ("deal", "turn_up")]
    if not steps:
        return False
    st = _pick(rng, steps)
    st.pop("count_for", None)
    if st["step"] == "deal" and rng.random() < 0.2:
        st["count"] = int(rng.integers(3, 11)) if st["count"] == "all" else "all"
        return True
    base = 7 if st["count"] == "all" else st["count"]
    st["count"] = int(base + _pick(rng, [-2, -1, 1, 2]))
    return st["count"] >= 1


def op_visibility(data: Data, rng: np.random.Generator) -> bool:
    """Zones: change one zone's visibility or where cards are inserted."""
    z = _pick(rng, data["zones"])
    if rng.random() < 0.7:
        z["visibility"] = _pick(rng, ["hidden", "owner", "public", "top_public"])
    else:
        z["insert"] = "bottom" if z.get("insert", "top") == "top" else "top"
    return True


def op_play_legal(data: Data, rng: np.random.Generator) -> bool:
    """Play phase: change the predicate of which cards may be played."""
    plays = [p for p in data["turn"] if p["phase"] == "play"]
    if not plays:
        return False
    ph = _pick(rng, plays)
    ph.setdefault("legal", True)
    return _mutate_predicate(ph, "legal", data, rng)


def op_if_unable(data: Data, rng: np.random.Generator) -> bool:
    """Play phase: add, remove or change the draw-until-playable rule and its draw limit."""
    plays = [p for p in data["turn"] if p["phase"] == "play"]
    shared = _zones(data, "shared")
    if not plays or not shared:
        return False
    ph = _pick(rng, plays)
    iu = ph.get("if_unable")
    if iu is None:
        ph["if_unable"] = {"draw_from": data["deck"]["start"], "max_draws": int(rng.integers(0, 4))}
    elif rng.random() < 0.3:
        del ph["if_unable"]
    else:
        iu["max_draws"] = int(rng.integers(0, 6))
    return True


def op_effect(data: Data, rng: np.random.Generator) -> bool:
    """Effects: add an effect on a rank, remove one, change what one does, or change its card."""
    if not any(p["phase"] == "play" for p in data["turn"]):
        return False
    effects = data.setdefault("effects", [])
    choice = int(rng.integers(4))
    kinds = ["declare_suit", "skip", "reverse", "draw", "extra_turn", "penalty"]
    if choice == 0 or not effects:
        eff: Data = {"card": {"rank_is": _pick(rng, data["deck"]["ranks"])}, "do": _pick(rng, kinds)}
        if eff["do"] == "draw":
            eff.update({"count": int(rng.integers(1, 5)), "from": data["deck"]["start"], "stackable": bool(rng.random() < 0.5)})
        elif eff["do"] == "penalty":
            eff["count"] = int(rng.integers(1, 5))
        effects.append(eff)
    elif choice == 1:
        effects.pop(int(rng.integers(len(effects))))
    elif choice == 2:
        eff = _pick(rng, effects)
        eff["do"] = _pick(rng, kinds)
        if eff["do"] == "draw":
            eff.setdefault("count", 2)
            eff.setdefault("from", data["deck"]["start"])
            eff["stackable"] = bool(rng.random() < 0.5)
        elif eff["do"] == "penalty":
            eff["count"] = int(np.clip(eff.get("count", 2), 1, 8))
            eff.pop("from", None)
            eff.pop("stackable", None)
        else:
            eff.pop("count", None)
            eff.pop("from", None)
            eff.pop("stackable", None)
    else:
        return _mutate_predicate(_pick(rng, effects), "card", data, rng)
    return True


def op_trick(data: Data, rng: np.random.Generator) -> bool:
    """Trick phase: follow rule, trump rule (none, a suit, turned up, the dealer's card), first
    lead, the suit not led until broken, the first-trick point rule, or bowers."""
    tricks = [p for p in data["turn"] if p["phase"] == "trick"]
    if not tricks:
        return False
    ph = _pick(rng, tricks)
    choice = int(rng.integers(6))
    if choice == 0:
        ph["follow"] = "any" if ph.get("follow", "suit_if_able") == "suit_if_able" else "suit_if_able"
    elif choice == 4:
        ph["no_points_first_trick"] = not ph.get("no_points_first_trick", False)
    elif choice == 5:
        ph["bowers"] = not ph.get("bowers", False)
    elif choice == 1:
        if ph.get("trump", {}).get("kind") == "chosen":
            return False  # a chosen trump changes with op_tricks (it goes with tricks.trump_choice)
        kind = _pick(rng, ["none", "suit", "turned_up", "dealer_card"])
        ph["trump"] = {"kind": kind}
        if kind == "suit":
            ph["trump"]["suit"] = _pick(rng, list(SUITS))
        elif kind == "turned_up":
            ph["trump"]["zone"] = _pick(rng, _zones(data, "shared"))
    elif choice == 2:
        if ph.get("first_lead") and rng.random() < 0.5:
            del ph["first_lead"]
        else:
            ph["first_lead"] = _pick(rng, data["deck"]["ranks"]) + _pick(rng, list(SUITS))
    else:
        if ph.get("not_led_until_broken") and rng.random() < 0.5:
            del ph["not_led_until_broken"]
        else:
            ph["not_led_until_broken"] = _pick(rng, list(SUITS))
    return True


def op_battle(data: Data, rng: np.random.Generator) -> bool:
    """Battle phase: cards face down in a war (0-3), where and in which order the winner takes."""
    battles = [p for p in data["turn"] if p["phase"] == "battle"]
    if not battles:
        return False
    ph = _pick(rng, battles)
    choice = int(rng.integers(3))
    if choice == 0:
        ph["war_face_down"] = int(rng.integers(0, 4))
    elif choice == 1:
        ph["winner_takes_to"] = "top" if ph.get("winner_takes_to", "bottom") == "bottom" else "bottom"
    else:
        ph["take_order"] = "as_played" if ph.get("take_order", "shuffled") == "shuffled" else "shuffled"
    return True


def _new_phase(data: Data, rng: np.random.Generator) -> Data | None:
    """A random phase of any kind over the genome's zones (None if the zones do not allow it)."""
    pz, shared = _zones(data, "player"), _zones(data, "shared")
    if not pz or not shared:
        return None
    hand, table = _pick(rng, pz), _pick(rng, shared)
    kind = _pick(rng, ["draw", "draw_blind", "ask", "claim", "climb", "play_top", "discard_sets"])
    if kind == "draw":
        return {"phase": "draw", "from": data["deck"]["start"], "to": hand, "count": int(rng.integers(1, 3))}
    if kind == "draw_blind":
        return {"phase": "draw", "from": hand, "from_player": _pick(rng, ["left", "right"]), "to": hand, "count": 1}
    if kind == "ask":
        return {"phase": "ask", "zone": hand, "draw_from": data["deck"]["start"], "again": _pick(rng, ["never", "on_success", "on_success_or_lucky_draw"])}
    if kind == "claim":
        return {"phase": "claim", "from": hand, "to": table, "max_count": int(rng.integers(1, 5))}
    if kind == "climb":
        others = [z for z in shared if z != table]
        if not others:
            return None
        return {"phase": "climb", "from": hand, "to": table, "cleared_to": _pick(rng, others), "max_set": int(rng.integers(1, 5))}
    if kind == "play_top":
        return {"phase": "play_top", "from": hand, "to": table}
    return {"phase": "discard_sets", "from": hand, "to": _pick(rng, shared + [z for z in pz if z != hand]), "size": int(rng.integers(2, 5)), "match": _pick(rng, ["rank", "rank_and_color"])}


def op_phase_structure(data: Data, rng: np.random.Generator) -> bool:
    """Turn: insert a phase of any kind (draw, blind draw, ask, claim, climb, play_top,
    discard_sets), duplicate a phase, remove a phase, or swap two phases."""
    turn = data["turn"]
    choice = int(rng.integers(4))
    if choice == 3 and len(turn) < 8:
        turn.insert(int(rng.integers(len(turn) + 1)), copy.deepcopy(_pick(rng, turn)))
    elif choice == 0 and len(turn) < 8:
        phase = _new_phase(data, rng)
        if phase is None:
            return False
        turn.insert(int(rng.integers(len(turn) + 1)), phase)
    elif choice == 1 and len(turn) > 1:
        turn.pop(int(rng.integers(len(turn))))
    elif len(turn) > 1:
        i, j = rng.choice(len(turn), size=2, replace=False)
        turn[int(i)], turn[int(j)] = turn[int(j)], turn[int(i)]
    else:
        return False
    return True


def op_first_player(data: Data, rng: np.random.Generator) -> bool:
    """Setup: who moves first (left of dealer, dealer, or the holder of a card in the deck)."""
    steps = [s for s in data["setup"] if s["step"] == "first_player"]
    if not steps:
        data["setup"].append({"step": "first_player", "rule": "left_of_dealer"})
        return True
    st = _pick(rng, steps)
    rule = _pick(rng, ["left_of_dealer", "dealer", "holder_of"])
    st["rule"] = rule
    st.pop("card", None)
    if rule == "holder_of":
        st["card"] = _pick(rng, data["deck"]["ranks"]) + _pick(rng, list(SUITS))
    return True


def op_draw_phase(data: Data, rng: np.random.Generator) -> bool:
    """Draw phase: change how many cards are drawn (1-4) or the zone drawn from."""
    draws = [p for p in data["turn"] if p["phase"] == "draw"]
    if not draws:
        return False
    ph = _pick(rng, draws)
    if rng.random() < 0.7:
        ph["count"] = int(rng.integers(1, 5))
    else:
        ph["from"] = _pick(rng, _zones(data))
    return True


def op_stock(data: Data, rng: np.random.Generator) -> bool:
    """Stock: add or remove a stock rule, switch what an empty stock does (reshuffle the
    discard pile, end the hand, pass), or change how many top cards stay."""
    shared = _zones(data, "shared")
    st = data.get("stock")
    others = [z for z in shared if z != data["deck"]["start"]]
    if st is None or rng.random() < 0.3:
        policy = _pick(rng, ["reshuffle", "end_hand", "pass"])
        if policy == "reshuffle" and not others:
            return False
        data["stock"] = {"zone": data["deck"]["start"], "when_empty": policy, "keep_top": 1}
        if policy == "reshuffle":
            data["stock"]["reshuffle_from"] = _pick(rng, others)
    elif rng.random() < 0.3:
        del data["stock"]
    else:
        st["keep_top"] = int(rng.integers(0, 3))
    return True


def op_scoring(data: Data, rng: np.random.Generator) -> bool:
    """Scoring: change a card's points, add a card-points entry, or remove one."""
    sc = data.get("scoring")
    if sc is None:
        return False
    entries = sc["card_points"]
    choice = int(rng.integers(3))
    if choice == 0:
        e = _pick(rng, entries)
        e["points"] = int(np.clip(e["points"] + _pick(rng, [-5, -2, -1, 1, 2, 5]), -100, 100))
    elif choice == 1 and len(entries) < 16:
        leaf = _random_leaf(data, rng)
        if any(k.endswith("_top") for k in leaf):
            leaf = {"rank_is": _pick(rng, data["deck"]["ranks"])}
        entries.append({"card": leaf, "points": int(rng.integers(-5, 14))})
    elif len(entries) > 1:
        entries.pop(int(rng.integers(len(entries))))
    else:
        return False
    return True


def op_end(data: Data, rng: np.random.Generator) -> bool:
    """End: flip lowest/highest score wins, flip "empty zone wins" and "empty zone is out", add
    or remove a "first to empty a zone wins" or "last holding cards loses" condition."""
    ends = data["end"]
    zone_empty_all = [e for e in ends if e["when"] == "zone_empty"]
    if zone_empty_all and rng.random() < 0.25:
        e = _pick(rng, zone_empty_all)
        e["result"] = "that_player_loses" if e.get("result", "that_player_wins") == "that_player_wins" else "that_player_wins"
        return True
    if rng.random() < 0.15 and len(ends) < 8 and _zones(data, "player"):
        ends.append({"when": "all_but_one_empty", "zone": _pick(rng, _zones(data, "player")), "result": "that_player_loses"})
        return True
    all_empty = [e for e in ends if e["when"] == "all_empty"]
    if all_empty and rng.random() < 0.5:
        e = _pick(rng, all_empty)
        e["result"] = "highest_score_wins" if e["result"] == "lowest_score_wins" else "lowest_score_wins"
        return True
    zone_empty = [i for i, e in enumerate(ends) if e["when"] == "zone_empty"]
    if zone_empty and len(ends) > 1:
        ends.pop(_pick(rng, zone_empty))
        return True
    pz = _zones(data, "player")
    if not pz or len(ends) >= 8:
        return False
    ends.insert(0, {"when": "zone_empty", "zone": _pick(rng, pz), "result": "that_player_wins"})
    return True


def op_sets(data: Data, rng: np.random.Generator) -> bool:
    """Sets: change the size (2-4) or the match (rank, rank and colour) of a discard_sets phase
    or setup step, the number of cards of a claim or a climbing set, or where a blind draw comes from."""
    holders = [p for p in data["turn"] if p["phase"] in ("discard_sets", "claim", "climb", "ask")]
    holders += [p for p in data["turn"] if p["phase"] == "draw" and p.get("from_player", "none") != "none"]
    holders += [st for st in data["setup"] if st["step"] == "discard_sets"]
    if not holders:
        return False
    h = _pick(rng, holders)
    kind = h.get("phase", h.get("step"))
    if kind == "discard_sets":
        if rng.random() < 0.5:
            h["size"] = int(rng.integers(2, 5))
        else:
            h["match"] = "rank" if h.get("match", "rank") == "rank_and_color" else "rank_and_color"
    elif kind == "claim":
        h["max_count"] = int(rng.integers(1, 5))
    elif kind == "climb":
        h["max_set"] = int(rng.integers(1, 5))
    elif kind == "ask":
        h["again"] = _pick(rng, ["never", "on_success", "on_success_or_lucky_draw"])
    else:
        h["from_player"] = "right" if h["from_player"] == "left" else "left"
    return True


def op_match(data: Data, rng: np.random.Generator) -> bool:
    """Match: play several hands to a target score (needs scoring, captures, melds or trick
    hand scores), change the target or the number of hands, or go back to a single hand."""
    if all(data.get(k) is None for k in ("scoring", "captures", "melds", "tricks")):
        return False
    m = data.get("match")
    if m is None:
        data["match"] = {"target_score": int(rng.integers(20, 120)), "max_hands": int(rng.integers(2, 12)),
                         "result": _pick(rng, ["lowest_total_wins", "highest_total_wins"])}
    elif rng.random() < 0.3:
        del data["match"]
    elif rng.random() < 0.5:
        m["target_score"] = int(np.clip(m["target_score"] * _pick(rng, [0.5, 0.75, 1.5, 2.0]), 1, 10_000))
    else:
        m["max_hands"] = int(np.clip(m["max_hands"] + _pick(rng, [-2, -1, 1, 2]), 1, 100))
    return True


# ---------------------------------------------------------------- melds family (rummy games)


def op_melds(data: Data, rng: np.random.Generator) -> bool:
    """Melds: change one meld rule of a rummy game: the knock limit, the gin, undercut, box or
    game bonus, the meld kinds (sets, runs, both), the set sizes, the shortest run, where the
    ace goes in runs, laying off, the stock-left limit, a rank's deadwood value, whether the
    card taken from the discard pile may be discarded at once, or the upcard round."""
    m = data.get("melds")
    if m is None:
        return False
    choice = int(rng.integers(12))
    if choice == 0:
        m["knock_limit"] = int(np.clip(m.get("knock_limit", 10) + _pick(rng, [-5, -2, -1, 1, 2, 5]), 0, 100))
    elif choice == 1:
        key = _pick(rng, ["gin_bonus", "undercut_bonus", "box_bonus"])
        m[key] = int(np.clip(m.get(key, 25) + _pick(rng, [-10, -5, 5, 10]), 0, 100))
    elif choice == 2:
        m["game_bonus"] = int(np.clip(m.get("game_bonus", 0) + _pick(rng, [-50, -25, 25, 50]), 0, 200))
    elif choice == 3:
        m["kinds"] = _pick(rng, [["sets"], ["runs"], ["sets", "runs"]])
    elif choice == 4:
        lo = int(rng.integers(2, 5))
        m["set_min"], m["set_max"] = lo, int(rng.integers(lo, 5))
    elif choice == 5:
        m["run_min"] = int(np.clip(m.get("run_min", 3) + _pick(rng, [-1, 1, 2]), 2, 13))
    elif choice == 6:
        m["ace_in_runs"] = _pick(rng, ["low", "high", "both"])
    elif choice == 7:
        m["layoffs"] = not m.get("layoffs", True)
    elif choice == 8:
        m["stock_left"] = int(np.clip(m.get("stock_left", 2) + _pick(rng, [-2, -1, 1, 2]), 0, 20))
    elif choice == 9:
        values = m.setdefault("values", dict(STANDARD_DEADWOOD))
        r = _pick(rng, list(RANKS))
        values[r] = int(np.clip(values.get(r, STANDARD_DEADWOOD[r]) + _pick(rng, [-3, -1, 1, 3]), 0, 20))
    elif choice == 10:
        discards = [p for p in data["turn"] if p["phase"] == "meld_discard"]
        if not discards:
            return False
        ph = _pick(rng, discards)
        ph["keep_taken"] = not ph.get("keep_taken", True)
    else:
        draws = [p for p in data["turn"] if p["phase"] == "draw_choice"]
        if not draws:
            return False
        ph = _pick(rng, draws)
        ph["first_upcard"] = not ph.get("first_upcard", False)
    return True


def op_rummy(data: Data, rng: np.random.Generator) -> bool:
    """Rummy structure: make a game a rummy game (a melds section with random rules, a turn of
    draw_choice then meld_discard on a per-player hand, a discard pile, the knock end; scoring
    goes, the match stays), or make a rummy game a shedding game again (the melds go; draw,
    then play onto the discard pile; the first empty hand wins)."""
    hands, shared = _zones(data, "player"), _zones(data, "shared")
    start = data["deck"]["start"]
    if data.get("melds") is None:
        if not hands:
            return False
        hand = _pick(rng, hands)
        piles = [z for z in shared if z != start]
        if piles and rng.random() < 0.7:
            discard = _pick(rng, piles)
        else:
            discard = "discard"
            if discard in {z["name"] for z in data["zones"]} or len(data["zones"]) >= 16:
                return False
            data["zones"].append({"name": discard, "owner": "shared", "visibility": "public"})
        data["melds"] = {
            "hand": hand, "kinds": _pick(rng, [["sets", "runs"], ["sets"], ["runs"]]),
            "set_min": 3, "set_max": 4, "run_min": int(rng.integers(3, 5)),
            "ace_in_runs": _pick(rng, ["low", "high", "both"]), "knock_limit": int(rng.integers(0, 16)),
            "gin_bonus": int(rng.integers(0, 41)), "undercut_bonus": int(rng.integers(0, 41)),
            "layoffs": bool(rng.random() < 0.7), "stock": start, "stock_left": int(rng.integers(0, 4)),
        }
        data["turn"] = [
            {"phase": "draw_choice", "to": hand, "stock": start, "discard": discard, "first_upcard": bool(rng.random() < 0.5)},
            {"phase": "meld_discard", "from": hand, "to": discard, "keep_taken": bool(rng.random() < 0.7)},
        ]
        data["effects"] = []
        data.pop("scoring", None)
        data.pop("captures", None)
        data["end"] = [{"when": "knock", "result": "knock_scores"}]
        if data.get("match") is not None:
            data["match"]["result"] = "highest_total_wins"
        return True
    m = data.pop("melds")
    discard = next((p["to"] for p in data["turn"] if p["phase"] == "meld_discard"), None)
    if discard is None:
        return False
    data["turn"] = [
        {"phase": "draw", "from": start, "to": m["hand"], "count": 1},
        {"phase": "play", "from": m["hand"], "to": discard, "legal": {"any": [{"same_rank_as_top": discard}, {"same_suit_as_top": discard}]}},
    ]
    data["end"] = [{"when": "zone_empty", "zone": m["hand"], "result": "that_player_wins"}]
    data.pop("match", None)
    return True


# --------------------------------------------------------------------------- trick-taking hands


def _trick_zone(data: Data, owner: str, stem: str) -> str:
    """A zone of ``owner`` kind the trick rules may use, added (owner-only or public) if the
    game has none besides the ones the trick phase plays with."""
    ph = data["turn"][0]
    busy = {ph.get("from"), ph.get("trick_zone"), ph.get("won_to"), data["deck"].get("start", "stock")}
    free = [z for z in _zones(data, owner) if z not in busy]
    if free:
        return free[0]
    names = set(_zones(data))
    name = stem
    while name in names:
        name += "_"
    vis = "owner" if owner == "player" else "public"
    data["zones"].append({"name": name, "owner": owner, "visibility": vis})
    return name


def op_tricks(data: Data, rng: np.random.Generator) -> bool:
    """Trick-taking hand rules (``tricks``), for a game whose turn starts with a trick phase:
    add or drop the section; toggle partnerships or the knockout rule; add, drop or change
    passing (count, directions); add, drop or change the hand sizes; add, drop or change
    bidding (minimum, nil, hook); change the hand score (kind and its numbers); make trump
    chosen (order up, top taker, bid winner) or fixed again."""
    if not data["turn"] or data["turn"][0]["phase"] != "trick":
        return False
    t = data.get("tricks")
    if t is None:
        score = {"kind": "card_points"} if data.get("scoring") is not None else {"kind": "tricks"}
        data["tricks"] = {"hand_score": score}
        return True
    ph = data["turn"][0]
    choice = int(rng.integers(9))
    if choice == 0:
        if ph.get("trump", {}).get("kind") == "chosen" or data.get("match") is None and t.get("knockout"):
            return False
        del data["tricks"]
    elif choice == 1:
        t["partnerships"] = not t.get("partnerships", False)
    elif choice == 2:
        t["knockout"] = not t.get("knockout", False)
    elif choice == 3:
        p = t.get("passing")
        if p is None:
            dirs = ["left", "right", "across", "none"] if data["players"] == 4 else ["left", "right", "none"]
            n = 1 + int(rng.integers(4))
            t["passing"] = {"count": int(rng.integers(1, 5)), "zone": _trick_zone(data, "player", "passed"),
                            "directions": [_pick(rng, dirs) for _ in range(n)]}
        elif rng.random() < 0.3:
            del t["passing"]
        elif rng.random() < 0.5:
            p["count"] = int(np.clip(p.get("count", 3) + _pick(rng, [-1, 1]), 1, 4))
        else:
            d = list(p["directions"])
            d[int(rng.integers(len(d)))] = _pick(rng, ["left", "right", "across", "none"])
            p["directions"] = d
    elif choice == 4:
        sizes = t.get("hand_sizes") or []
        most = max(1, min(13, (4 * len(data["deck"]["ranks"]) - len(data["deck"].get("remove", []))) // data["players"] - 1))
        if not sizes:
            top = int(rng.integers(1, most + 1))
            t["hand_sizes"] = list(range(top, 0, -1))[:16]
        elif rng.random() < 0.3:
            t["hand_sizes"] = []
        else:
            i = int(rng.integers(len(sizes)))
            sizes[i] = int(np.clip(sizes[i] + _pick(rng, [-1, 1]), 1, most))
            t["hand_sizes"] = sizes
    elif choice == 5:
        b = t.get("bidding")
        if b is None:
            t["bidding"] = {"kind": "tricks", "min_bid": int(rng.integers(2)), "nil": bool(rng.random() < 0.5),
                            "hook": bool(rng.random() < 0.5)}
        elif rng.random() < 0.25:
            del t["bidding"]
        else:
            key = _pick(rng, ["nil", "hook", "min_bid"])
            if key == "min_bid":
                b["min_bid"] = int(np.clip(b.get("min_bid", 0) + _pick(rng, [-1, 1]), 0, 3))
            else:
                b[key] = not b.get(key, False)
    elif choice == 6:
        kind = _pick(rng, ["card_points", "book", "contract", "exact_bid", "euchre", "tricks"])
        hs: Data = {"kind": kind}
        if kind == "card_points":
            hs["moon"] = bool(rng.random() < 0.5)
        elif kind == "book":
            hs["book"] = int(rng.integers(0, 8))
        elif kind == "contract":
            hs.update(nil_bonus=_pick(rng, [50, 100, 200]), bag_limit=_pick(rng, [0, 5, 10]), bag_penalty=_pick(rng, [50, 100]))
        elif kind == "exact_bid":
            hs["bonus"] = _pick(rng, [5, 10, 20])
        t["hand_score"] = hs
    elif choice == 7:
        if ph.get("trump", {}).get("kind") == "chosen":
            ph["trump"] = {"kind": "none"}
            t.pop("trump_choice", None)
        else:
            kind = _pick(rng, ["order_up", "top_taker", "bid_winner"])
            ph["trump"] = {"kind": "chosen"}
            t["trump_choice"] = {"kind": kind}
            if kind != "bid_winner":
                t["trump_choice"]["zone"] = _trick_zone(data, "shared", "upcard")
            if kind == "order_up" and not any(
                st.get("step") == "turn_up" and st.get("to") == t["trump_choice"]["zone"] for st in data["setup"]
            ):
                deal = [i for i, st in enumerate(data["setup"]) if st.get("step") == "deal"]
                at = deal[-1] + 1 if deal else len(data["setup"])
                data["setup"].insert(at, {"step": "turn_up", "from": data["deck"].get("start", "stock"),
                                          "to": t["trump_choice"]["zone"], "count": 1})
    else:
        hs = t.get("hand_score", {"kind": "card_points"})
        if hs.get("kind") == "card_points":
            hs["moon"] = not hs.get("moon", False)
        elif hs.get("kind") == "book":
            hs["book"] = int(np.clip(hs.get("book", 6) + _pick(rng, [-1, 1]), 0, 13))
        elif hs.get("kind") == "exact_bid":
            hs["bonus"] = int(np.clip(hs.get("bonus", 10) + _pick(rng, [-5, 5]), 0, 100))
        elif hs.get("kind") == "contract":
            hs["bag_limit"] = int(np.clip(hs.get("bag_limit", 10) + _pick(rng, [-1, 1]), 0, 100))
        else:
            return False
        t["hand_score"] = hs
    return True


# --------------------------------------------------------------------------- betting operators
# Betting games (docs/genome-betting.md): stakes, betting structure, rounds, draws, community
# stages, the banker's policy and the showdown's hand ranking. Each returns False when the
# genome has nothing of the kind to change.


def _betting_phases(data: Data, kind: str) -> list[int]:
    return [i for i, ph in enumerate(data["turn"]) if ph.get("phase") == kind]


def op_stakes(data: Data, rng: np.random.Generator) -> bool:
    """Stakes: scale the stack, ante, blinds, bet or banker stake by 1/2, 2/3, 3/2 or 2."""
    b = data.get("betting")
    if b is None:
        return False
    factor = _pick(rng, [0.5, 2 / 3, 1.5, 2.0])
    banker = b.get("banker")
    fields = ["stack", "bet", "ante"] + (["small_blind"] if b.get("big_blind") else []) + (["stake"] if banker else [])
    key = _pick(rng, fields)
    if key == "stake":
        banker["stake"] = int(max(2, round(banker.get("stake", 2) * factor / 2) * 2))  # even: 3:2 pays whole chips
    elif key == "small_blind":
        b["big_blind"] = int(max(1, round(b["big_blind"] * factor)))
        b["small_blind"] = int(b["big_blind"] // 2)
    elif key == "ante" and banker:
        return False
    else:
        b[key] = int(max(1 if key != "ante" else 0, round(b.get(key, 0 if key == "ante" else 1) * factor)))
        if key == "ante" and b[key] == 0 and rng.random() < 0.5:
            b[key] = 1
    return True


def op_betting_structure(data: Data, rng: np.random.Generator) -> bool:
    """Betting structure: limit, pot limit or no limit, the raise cap +-1, or the hand cap
    (max_hands) scaled."""
    b = data.get("betting")
    if b is None:
        return False
    choice = int(rng.integers(3))
    if choice == 0:
        b["structure"] = _pick(rng, [x for x in ("limit", "pot_limit", "no_limit") if x != b.get("structure", "limit")])
    elif choice == 1:
        b["max_raises"] = int(np.clip(b.get("max_raises", 4) + _pick(rng, [-1, 1]), 1, 8))
    else:
        b["max_hands"] = int(np.clip(round(b.get("max_hands", 50) * _pick(rng, [0.5, 1.5, 2.0])), 1, 200))
    return True


def op_bet_rounds(data: Data, rng: np.random.Generator) -> bool:
    """Betting rounds: add one (before a random phase), remove one, or change a round's size (1-4)."""
    b = data.get("betting")
    if b is None or b.get("banker") is not None:
        return False
    bets = _betting_phases(data, "bet")
    choice = int(rng.integers(3))
    if choice == 0 and len(data["turn"]) < 8:
        data["turn"].insert(int(rng.integers(len(data["turn"]))), {"phase": "bet", "size": _pick(rng, [1, 2])})
    elif choice == 1 and bets:
        data["turn"].pop(_pick(rng, bets))
    elif bets:
        ph = data["turn"][_pick(rng, bets)]
        ph["size"] = int(np.clip(ph.get("size", 1) + _pick(rng, [-1, 1]), 1, 4))
    else:
        return False
    return True


# --------------------------------------------------------------------------- captures family


def op_capture(data: Data, rng: np.random.Generator) -> bool:
    """Capture phase: switch rank captures, sum captures, rank-before-sum or must-capture on
    or off (a phase keeps at least one way to capture)."""
    phases = [p for p in data["turn"] if p["phase"] == "capture"]
    if not phases:
        return False
    ph = _pick(rng, phases)
    key = _pick(rng, ["by_rank", "by_sum", "rank_first", "must_capture"])
    ph[key] = not ph.get(key, True)
    return bool(ph.get("by_rank", True) or ph.get("by_sum", True))


def op_captures_points(data: Data, rng: np.random.Generator) -> bool:
    """Captures: change the sweep points, whether a sweep with the last card counts, whether the
    last capturer takes the table, one rank's capture value, the redeal count, or add, change
    or remove an end-of-hand award (most cards, most of a suit, a named card, primiera)."""
    cap = data.get("captures")
    if cap is None:
        return False
    choice = int(rng.integers(8))
    if choice == 0:
        cap["sweep_points"] = int(np.clip(cap.get("sweep_points", 0) + _pick(rng, [-1, 1]), 0, 10))
    elif choice == 1:
        cap["last_play_sweeps"] = not cap.get("last_play_sweeps", False)
    elif choice == 2:
        cap["last_capturer_takes"] = not cap.get("last_capturer_takes", True)
    elif choice == 3:
        rank = _pick(rng, data["deck"]["ranks"])
        values = cap.setdefault("values", {})
        pip = {"A": 1, "J": 11, "Q": 12, "K": 13}.get(rank) or int(rank)
        values[rank] = int(np.clip(values.get(rank, pip) + _pick(rng, [-2, -1, 1, 2]), 1, 15))
    elif choice == 4 and cap.get("redeal") is not None:
        cap["redeal"]["count"] = int(np.clip(cap["redeal"]["count"] + _pick(rng, [-1, 1]), 1, 13))
    elif choice == 5 and len(cap.get("awards", [])) < 8:
        kind = _pick(rng, ["most_cards", "most_suit", "card", "primiera"])
        award: Data = {"award": kind, "points": int(rng.integers(1, 4))}
        if kind == "most_suit":
            award["suit"] = _pick(rng, list(SUITS))
        elif kind == "card":
            award["card"] = _pick(rng, data["deck"]["ranks"]) + _pick(rng, list(SUITS))
        cap.setdefault("awards", []).append(award)
    elif choice == 6 and cap.get("awards"):
        aw = _pick(rng, cap["awards"])
        aw["points"] = int(np.clip(aw["points"] + _pick(rng, [-1, 1]), 1, 10))
    elif cap.get("awards"):
        cap["awards"].pop(int(rng.integers(len(cap["awards"]))))
    else:
        return False
    return True


def op_bid(data: Data, rng: np.random.Generator) -> bool:
    """Bid phase: switch the tie rule (discard or carry over), the winning bid (highest or
    lowest), or secret simultaneous bids against open bids made in turn."""
    phases = [p for p in data["turn"] if p["phase"] == "bid"]
    if not phases:
        return False
    ph = _pick(rng, phases)
    choice = int(rng.integers(3))
    if choice == 0:
        ph["tie"] = "carry_over" if ph.get("tie", "discard") == "discard" else "discard"
    elif choice == 1:
        ph["winner"] = "lowest" if ph.get("winner", "highest") == "highest" else "highest"
    else:
        ph["bids"] = "open" if ph.get("bids", "secret") == "secret" else "secret"
    return True


def _add_zone(data: Data, name: str, owner: str, visibility: str) -> str:
    """Name of a zone ``name`` (numbered if taken) newly added to ``data``."""
    names = set(_zones(data))
    base, i = name, 1
    while name in names:
        i += 1
        name = f"{base}{i}"
    data["zones"].append({"name": name, "owner": owner, "visibility": visibility, "insert": "top"})
    return name


def op_capture_structure(data: Data, rng: np.random.Generator) -> bool:
    """Turn: add a capture phase (on a public shared zone, new if there is none, with a
    captures section of pip values and a 1-point sweep,
    replacing any scoring, and capture_done ending the hand first), remove one (with its
    captures section and capture_done conditions), add a bid phase (secret simultaneous bids
    for a prize turned up from the deck; a face-down bid zone is added), or remove one."""
    turn = data["turn"]
    pz, shared = _zones(data, "player"), _zones(data, "shared")
    captures = [i for i, p in enumerate(turn) if p["phase"] == "capture"]
    bids = [i for i, p in enumerate(turn) if p["phase"] == "bid"]
    choice = int(rng.integers(4))
    if choice == 0 and not captures and len(turn) < 8 and pz and len(data["zones"]) < 15:
        hand = _pick(rng, pz)
        tables = [z["name"] for z in data["zones"] if z["owner"] == "shared" and z["visibility"] == "public"]
        table = _pick(rng, tables) if tables else _add_zone(data, "table", "shared", "public")
        won = _add_zone(data, "captured", "player", "public")
        turn.insert(int(rng.integers(len(turn) + 1)), {"phase": "capture", "from": hand, "table": table, "won_to": won})
        data.pop("scoring", None)
        data["captures"] = {"sweep_points": 1}
        if len(data["end"]) < 8:
            data["end"].insert(0, {"when": "capture_done", "zone": hand, "result": "highest_score_wins"})
    elif choice == 1 and captures:
        turn.pop(_pick(rng, captures))
        if not turn:
            return False
        data.pop("captures", None)
        data["end"] = [e for e in data["end"] if e["when"] != "capture_done"]
        if not data["end"]:
            return False
    elif choice == 2 and len(turn) < 8 and pz and len(shared) >= 2 and len(data["zones"]) < 15:
        prize, discard = (shared[int(i)] for i in rng.choice(len(shared), size=2, replace=False))
        hand = _pick(rng, pz)
        bid = _add_zone(data, "bid", "player", "owner")
        won = _pick(rng, [z for z in pz if z != hand] or [_add_zone(data, "won", "player", "public")])
        phase: Data = {"phase": "bid", "from": hand, "bid": bid, "prize": prize, "won_to": won, "discard": discard,
                       "tie": _pick(rng, ["discard", "carry_over"])}
        if data["deck"]["start"] != prize:
            phase["prize_from"] = data["deck"]["start"]
        turn.insert(int(rng.integers(len(turn) + 1)), phase)
    elif choice == 3 and bids and len(turn) > 1:
        turn.pop(_pick(rng, bids))
    else:
        return False
    return True


def op_draws(data: Data, rng: np.random.Generator) -> bool:
    """Drawing to improve: the number of cards that may be exchanged +-1 (1-5), or add or remove a
    discard_draw phase (discards to a new face-down shared zone)."""
    if data.get("betting") is None:
        return False
    draws = _betting_phases(data, "discard_draw")
    choice = int(rng.integers(3))
    if choice == 0 and draws:
        ph = data["turn"][_pick(rng, draws)]
        ph["max"] = int(np.clip(ph.get("max", 3) + _pick(rng, [-1, 1]), 1, 5))
    elif choice == 1 and draws:
        data["turn"].pop(_pick(rng, draws))
    elif len(data["turn"]) < 8:
        hand = data["turn"][-1]["hand"]
        if "mucked" not in _zones(data):
            data["zones"].append({"name": "mucked", "owner": "shared", "visibility": "hidden"})
        data["turn"].insert(
            int(rng.integers(len(data["turn"]))),
            {"phase": "discard_draw", "from": hand, "to": "mucked", "draw_from": data["deck"]["start"],
             "max": int(rng.integers(1, 4))},
        )
    else:
        return False
    return True


def op_community(data: Data, rng: np.random.Generator) -> bool:
    """Community cards: a stage's count +-1 (1-5), remove a stage, or add one (with a public board
    that the showdown ranks)."""
    if data.get("betting") is None or data["betting"].get("banker") is not None:
        return False  # a banker's showdown has no board
    stages = _betting_phases(data, "community")
    choice = int(rng.integers(3))
    if choice == 0 and stages:
        ph = data["turn"][_pick(rng, stages)]
        ph["count"] = int(np.clip(ph.get("count", 1) + _pick(rng, [-1, 1]), 1, 5))
    elif choice == 1 and stages:
        data["turn"].pop(_pick(rng, stages))
    elif len(data["turn"]) < 8:
        show = data["turn"][-1]
        board = show.get("board")
        if board is None:
            board = "board"
            if board not in _zones(data):
                data["zones"].append({"name": board, "owner": "shared", "visibility": "public"})
            show["board"] = board
        data["turn"].insert(
            int(rng.integers(len(data["turn"]))),
            {"phase": "community", "from": data["deck"]["start"], "to": board, "count": int(rng.integers(1, 4))},
        )
    else:
        return False
    return True


def op_dealer_policy(data: Data, rng: np.random.Generator) -> bool:
    """Banker policy: its standing total +-1 (12-21), hitting soft totals on or off, or the natural's
    payout (1:1, 6:5, 3:2, 2:1)."""
    b = data.get("betting")
    banker = b.get("banker") if b is not None else None
    if banker is None:
        return False
    choice = int(rng.integers(3))
    if choice == 0:
        banker["stands_on"] = int(np.clip(banker.get("stands_on", 17) + _pick(rng, [-1, 1]), 12, 21))
    elif choice == 1:
        banker["hit_soft"] = not banker.get("hit_soft", False)
    else:
        banker["natural_pays"] = _pick(rng, ["1:1", "6:5", "3:2", "2:1"])
        if banker["natural_pays"] == "6:5":
            banker["stake"] = max(5, banker.get("stake", 2) // 5 * 5)
    return True


def op_hand_ranking(data: Data, rng: np.random.Generator) -> bool:
    """Showdown: rank hands by poker or by blackjack points."""
    if data.get("betting") is None:
        return False
    show = data["turn"][-1]
    show["rank"] = "points" if show.get("rank", "poker") == "poker" else "poker"
    return True


def op_to_betting(data: Data, rng: np.random.Generator) -> bool:
    """Make a game a betting game: chips (100 each, ante 1, limit bets of 2, 50 hands), a showdown
    of the first per-player zone's cards by poker or points ranking as the last phase, and the chips
    end condition."""
    if data.get("betting") is not None:
        return False
    hands = _zones(data, "player")
    if not hands or len(data["turn"]) >= 8:
        return False
    data["betting"] = {"stack": 100, "ante": 1, "bet": 2, "max_hands": 50}
    data["turn"].append({"phase": "showdown", "hand": hands[0], "rank": _pick(rng, ["poker", "points"])})
    if rng.random() < 0.5 and len(data["turn"]) < 8:
        data["turn"].insert(len(data["turn"]) - 1, {"phase": "bet", "size": 1})
    data["end"] = [{"when": "chips", "result": "most_chips_wins"}]
    data.pop("match", None)
    data.pop("scoring", None)
    if data.pop("tricks", None) is not None:  # trick-hand rules score into a match: gone with it
        for ph in data["turn"]:
            if ph["phase"] == "trick" and ph.get("trump", {}).get("kind") == "chosen":
                ph["trump"] = {"kind": "none"}
                ph.pop("bowers", None)
    return True


OPERATORS: dict[str, Operator] = {
    "players": op_players,
    "turn_cap": op_turn_cap,
    "deck": op_deck,
    "deal": op_deal,
    "visibility": op_visibility,
    "play_legal": op_play_legal,
    "if_unable": op_if_unable,
    "effect": op_effect,
    "trick": op_trick,
    "battle": op_battle,
    "phase_structure": op_phase_structure,
    "first_player": op_first_player,
    "draw_phase": op_draw_phase,
    "stock": op_stock,
    "scoring": op_scoring,
    "end": op_end,
    "sets": op_sets,
    "match": op_match,
    "melds": op_melds,
    "rummy": op_rummy,
    "tricks": op_tricks,
    "stakes": op_stakes,
    "betting_structure": op_betting_structure,
    "bet_rounds": op_bet_rounds,
    "draws": op_draws,
    "community": op_community,
    "dealer_policy": op_dealer_policy,
    "hand_ranking": op_hand_ranking,
    "to_betting": op_to_betting,
    "capture": op_capture,
    "captures_points": op_captures_points,
    "bid": op_bid,
    "capture_structure": op_capture_structure,
}

OPERATOR_WEIGHTS: dict[str, float] = {
    "players": 1.0,
    "turn_cap": 0.5,
    "deck": 1.0,
    "deal": 1.5,
    "visibility": 0.5,
    "play_legal": 2.0,
    "if_unable": 1.0,
    "effect": 2.0,
    "trick": 2.0,
    "battle": 1.5,
    "phase_structure": 1.0,
    "first_player": 0.5,
    "draw_phase": 0.5,
    "stock": 0.5,
    "scoring": 1.5,
    "end": 1.0,
    "sets": 1.0,
    "match": 0.5,
    "melds": 1.5,
    "rummy": 0.3,
    "tricks": 1.5,
    "stakes": 1.0,
    "betting_structure": 1.0,
    "bet_rounds": 1.0,
    "draws": 1.0,
    "community": 1.0,
    "dealer_policy": 1.0,
    "hand_ranking": 0.5,
    "to_betting": 0.2,
    "capture": 1.0,
    "captures_points": 1.0,
    "bid": 1.0,
    "capture_structure": 0.5,
}


def operator_probabilities(weights: Mapping[str, float] | None = None) -> np.ndarray:
    """Probabilities of the operators (in ``OPERATORS`` order) from relative weights.

    Raises ValueError naming unknown operators, or for negative or all-zero weights.
    """
    weights = OPERATOR_WEIGHTS if weights is None else weights
    unknown = sorted(set(weights) - set(OPERATORS))
    if unknown:
        raise ValueError(f"unknown mutation operators {unknown}; known: {', '.join(OPERATORS)}")
    w = np.array([float(weights.get(n, 0.0)) for n in OPERATORS], dtype=np.float64)
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError(f"mutation operator weights must be finite, >= 0 and not all 0, got {dict(weights)}")
    return w / w.sum()


def mutate_genome(
    genome: Genome,
    rng: np.random.Generator | None = None,
    rate: float = 1.0,
    max_attempts: int = 50,
    stats: MutationStats | None = None,
    weights: Mapping[str, float] | None = None,
) -> Genome:
    """A mutant of ``genome``: 1 + Poisson(``rate``) point mutations, each valid.

    Args:
        genome: the parent (unchanged; genomes are frozen).
        rng: source of every random choice; ``None`` seeds one from the genome's program
            (reproducible, no global state).
        rate: expected number of point mutations beyond the first (>= 0).
        max_attempts: draws per point mutation before giving up on that point.
        stats: if given, counts applied and rejected (invalid) operator draws.
        weights: relative rate of each operator (names of ``OPERATORS``; a missing name
            weighs 0); None uses ``OPERATOR_WEIGHTS``.

    Raises ValueError for unknown operator names or weights that are negative or all 0.

    Returns a valid Genome that differs from the parent's program unless every draw was
    rejected (then the parent itself is returned). A mutant is named after its parent and
    itself: ``"Hearts ~3c54a7"`` (``offspring_name``: the parent's name without its own
    ``~`` suffix, then the first 6 digits of the mutant's genome_id). Never raises for a
    valid parent.
    """
    if rng is None:
        rng = default_rng(genome)
    names = list(OPERATORS)
    p = operator_probabilities(weights)
    current = genome
    for _ in range(1 + int(rng.poisson(max(rate, 0.0)))):
        for _attempt in range(max_attempts):
            name = names[int(rng.choice(len(names), p=p))]
            data = copy.deepcopy(genome_to_data(current))
            if not OPERATORS[name](data, rng):
                continue
            child = _validate(data)
            if child is None:
                if stats is not None:
                    stats.rejected[name] = stats.rejected.get(name, 0) + 1
                continue
            if child.genome_id == current.genome_id:
                continue  # the operator changed nothing the program holds: draw again
            if stats is not None:
                stats.applied[name] = stats.applied.get(name, 0) + 1
            current = child
            break
    if current is genome or current.genome_id == genome.genome_id:
        return genome
    return _renamed(current, offspring_name(lineage_base(genome.name), current.genome_id))


def _validate(data: Data) -> Genome | None:
    """The genome of ``data`` if it validates and compiles, else None."""
    try:
        g = Genome.model_validate(data)
        BytecodeCompiler().compile_genome(g)
        return g
    except (ValidationError, CompileError, ValueError):
        return None
