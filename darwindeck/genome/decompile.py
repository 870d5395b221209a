"""Read a compiled program back into a genome: the inverse of ``BytecodeCompiler``.

The program does not carry names, so the genome that comes back names its zones ``z0``,
``z1``, ... in program order and is called ``decompiled``; everything else is recovered
exactly: ``compile_genome(decompile(b)) == b`` for every program the compiler writes. This
is the test that no field is lost on the way to the engine (gosim checks the same on its
side: ``Encode(Decode(b)) == b``).
"""

from __future__ import annotations

import struct
from typing import Any

from darwindeck.genome import bytecode as bc
from darwindeck.genome.cards import RANKS, SUITS, card_name
from darwindeck.genome.schema import NATURAL_PAYS, Genome


class DecompileError(ValueError):
    """Bytes that are not a program this compiler writes; the message names the offset."""


def _inverse(table: dict[str, int]) -> dict[int, str]:
    return {v: k for k, v in table.items()}


_FIRST_PLAYER = _inverse(bc.FIRST_PLAYER_RULES)
_SET_MATCH = _inverse(bc.SET_MATCH)
_FROM_PLAYER = _inverse(bc.FROM_PLAYER)
_ASK_AGAIN = _inverse(bc.ASK_AGAIN)
_EFFECTS = _inverse(bc.EFFECT_CODES)
_WHEN_EMPTY = _inverse(bc.STOCK_WHEN_EMPTY)
_RESULTS = _inverse(bc.RESULT_CODES)
_MATCH_RESULTS = _inverse(bc.MATCH_RESULTS)
_ACE_IN_RUNS = _inverse(bc.ACE_IN_RUNS)
_VISIBILITY = ["hidden", "owner", "public", "top_public"]
_INSERT = ["top", "bottom", "shuffled"]


class _Reader:
    def __init__(self, data: bytes, offset: int, end: int) -> None:
        self.data, self.pos, self.end = data, offset, end

    def u8(self) -> int:
        if self.pos >= self.end:
            raise DecompileError(f"offset {self.pos}: section ends early")
        self.pos += 1
        return self.data[self.pos - 1]

    def unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > self.end:
            raise DecompileError(f"offset {self.pos}: section ends early")
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return out


def decompile(program: bytes) -> Genome:
    """The genome of ``program`` (zones named ``z0``, ``z1``, ...; name ``decompiled``).

    Raises DecompileError for bytes the compiler does not write (bad magic, version,
    lengths or codes), and pydantic.ValidationError if the decoded rules are not a valid
    genome.
    """
    b = bytes(program)
    if len(b) < bc.HEADER_SIZE or b[:4] != bc.MAGIC:
        raise DecompileError("offset 0: not a darwindeck program (bad magic)")
    version, header, total, nsec = struct.unpack_from("<HHII", b, 4)
    if version != bc.BYTECODE_VERSION or header != bc.HEADER_SIZE or total != len(b):
        raise DecompileError(f"offset 4: version {version}, header {header}, length {total} of {len(b)}")
    sections: dict[int, _Reader] = {}
    off = bc.HEADER_SIZE
    for _ in range(nsec):
        tag, _, length = struct.unpack_from("<BBH", b, off)
        sections[tag] = _Reader(b, off + 4, off + 4 + length)
        off += 4 + length
    if off != len(b):
        raise DecompileError(f"offset {off}: bytes after the last section")

    players, decks, order, start, mask, turn_cap, _ = sections[bc.SEC_GAME].unpack("<BBBBHIH")
    zr = sections[bc.SEC_ZONES]
    zones = []
    for i in range(zr.u8()):
        owner, vis, insert = zr.u8(), zr.u8(), zr.u8()
        zones.append(
            {"name": f"z{i}", "owner": "shared" if owner == 0 else "player",
             "visibility": _VISIBILITY[vis], "insert": _INSERT[insert]}
        )
    names = [z["name"] for z in zones]

    def zone(i: int) -> str:
        if i >= len(names):
            raise DecompileError(f"zone index {i} out of range ({len(names)} zones)")
        return names[i]

    data: dict[str, Any] = {
        "schema_version": 2,
        "name": "decompiled",
        "players": players,
        "deck": {
            "decks": decks,
            "ranks": [RANKS[r] for r in range(13) if mask >> r & 1],
            "rank_order": "ace_high" if order == 0 else "ace_low",
            "start": zone(start),
        },
        "zones": zones,
        "setup": _setup(sections[bc.SEC_SETUP], zone),
        "turn": _turn(sections[bc.SEC_TURN], zone),
        "end": _end(sections[bc.SEC_END], zone),
        "turn_cap": turn_cap,
    }
    if bc.SEC_EFFECTS in sections:
        data["effects"] = _effects(sections[bc.SEC_EFFECTS], zone)
    if bc.SEC_STOCK in sections:
        st = sections[bc.SEC_STOCK]
        z, reshuffle, keep, when = st.u8(), st.u8(), st.u8(), st.u8()
        data["stock"] = {"zone": zone(z), "when_empty": _WHEN_EMPTY[when], "keep_top": keep}
        if reshuffle != bc.NONE:
            data["stock"]["reshuffle_from"] = zone(reshuffle)
    if bc.SEC_SCORING in sections:
        sc = sections[bc.SEC_SCORING]
        z, n = sc.u8(), sc.u8()
        points = []
        for _ in range(n):
            (p,) = sc.unpack("<b")
            points.append({"card": _predicate(sc, zone), "points": p})
        data["scoring"] = {"zone": zone(z), "card_points": points}
    if bc.SEC_DECK_REMOVE in sections:
        dr = sections[bc.SEC_DECK_REMOVE]
        data["deck"]["remove"] = [card_name(dr.u8()) for _ in range(dr.u8())]
    if bc.SEC_MATCH in sections:
        target, hands, result, _ = sections[bc.SEC_MATCH].unpack("<hBBB")
        data["match"] = {"target_score": target, "max_hands": hands, "result": _MATCH_RESULTS[result]}
    if bc.SEC_MELDS in sections:
        data["melds"] = _melds(sections[bc.SEC_MELDS], zone)
    if bc.SEC_TRICKS in sections:
        data["tricks"] = _tricks(sections[bc.SEC_TRICKS], zone)
    if bc.SEC_BETTING in sections:
        data["betting"] = _betting(sections[bc.SEC_BETTING], zone)
    if bc.SEC_CAPTURES in sections:
        data["captures"] = _captures(sections[bc.SEC_CAPTURES], zone)
    return Genome.model_validate(data)


def _captures(r: _Reader, zone) -> dict:
    """The `captures` section of a CAPTURES payload (every deck rank's value written out)."""
    values = [r.u8() for _ in range(13)]
    sweep, flags, redeal_from, redeal_count, n = (r.u8() for _ in range(5))
    out: dict[str, Any] = {
        "values": {RANKS[i]: v for i, v in enumerate(values) if v},
        "sweep_points": sweep,
        "last_play_sweeps": bool(flags & bc.CAPTURES_LAST_PLAY_SWEEPS),
        "last_capturer_takes": bool(flags & bc.CAPTURES_LAST_CAPTURER_TAKES),
        "awards": [],
    }
    if redeal_from != bc.NONE:
        out["redeal"] = {"from": zone(redeal_from), "count": redeal_count}
    kinds = _inverse(bc.AWARD_CODES)
    for _ in range(n):
        kind, arg, points = r.u8(), r.u8(), r.u8()
        if kind not in kinds:
            raise DecompileError(f"offset {r.pos - 3}: unknown award kind {kind}")
        aw: dict[str, Any] = {"award": kinds[kind], "points": points}
        if kinds[kind] == "most_suit":
            aw["suit"] = SUITS[arg]
        elif kinds[kind] == "card":
            aw["card"] = card_name(arg)
        out["awards"].append(aw)
    return out


# Betting games (docs/genome-betting.md)
_HAND_RANKS = _inverse(bc.HAND_RANKS)
_STRUCTURES = _inverse(bc.STRUCTURES)
_PAYS = {v: k for k, v in NATURAL_PAYS.items()}


def _betting_phase(kind: int, r: _Reader, zone) -> dict:
    if kind == bc.PH_BET:
        return {"phase": "bet", "size": r.u8()}
    if kind == bc.PH_DISCARD_DRAW:
        f, t, d, most = r.u8(), r.u8(), r.u8(), r.u8()
        return {"phase": "discard_draw", "from": zone(f), "to": zone(t), "draw_from": zone(d), "max": most}
    if kind == bc.PH_COMMUNITY:
        f, t, n = r.u8(), r.u8(), r.u8()
        return {"phase": "community", "from": zone(f), "to": zone(t), "count": n}
    if kind == bc.PH_SHOWDOWN:
        h, board, rank = r.u8(), r.u8(), r.u8()
        ph = {"phase": "showdown", "hand": zone(h), "rank": _HAND_RANKS[rank]}
        if board != bc.NONE:
            ph["board"] = zone(board)
        return ph
    f, t = r.u8(), r.u8()
    return {"phase": "hit", "from": zone(f), "to": zone(t)}


def _betting(r: _Reader, zone) -> dict:
    (stack, ante, sb, bb, structure, bet, raises, hands, target, banker, stake, stands, soft, num, den) = r.unpack(
        bc.BETTING_FORMAT
    )
    out: dict[str, Any] = {
        "stack": stack, "ante": ante, "small_blind": sb, "big_blind": bb, "structure": _STRUCTURES[structure],
        "bet": bet, "max_raises": raises, "max_hands": hands, "target": target,
    }
    if banker != bc.NONE:
        if (num, den) not in _PAYS:
            raise DecompileError(f"offset {r.pos - 2}: natural pays {num}:{den} is not a payout the schema knows")
        out["banker"] = {"zone": zone(banker), "stake": stake, "stands_on": stands, "hit_soft": bool(soft),
                         "natural_pays": _PAYS[(num, den)]}
    return out


def _setup(r: _Reader, zone) -> list[dict]:
    steps = []
    for _ in range(r.u8()):
        op, a, to, count, arg, _ = (r.u8() for _ in range(6))
        if op == bc.OP_DEAL:
            steps.append({"step": "deal", "from": zone(a), "to": zone(to), "count": "all" if count == bc.ALL else count})
        elif op == bc.OP_TURN_UP:
            steps.append({"step": "turn_up", "from": zone(a), "to": zone(to), "count": count})
        elif op == bc.OP_FIRST_PLAYER:
            step = {"step": "first_player", "rule": _FIRST_PLAYER[a]}
            if step["rule"] == "holder_of":
                step["card"] = card_name(arg)
            steps.append(step)
        elif op == bc.OP_DEAL_SUIT:
            steps.append({"step": "deal_suit", "from": zone(a), "to": zone(to), "seat": count, "suit": SUITS[arg]})
        elif op == bc.OP_DISCARD_SETS:
            steps.append({"step": "discard_sets", "from": zone(a), "to": zone(to), "size": count, "match": _SET_MATCH[arg]})
        elif op == bc.OP_DEAL_DOWN:
            steps.append({"step": "deal_down", "from": zone(a), "to": zone(to), "count": count})
        else:
            raise DecompileError(f"offset {r.pos - 6}: unknown setup op {op}")
    return steps


def _turn(r: _Reader, zone) -> list[dict]:
    phases = []
    for _ in range(r.u8()):
        kind, length = r.u8(), r.u8()
        end = r.pos + length
        if kind == bc.PH_DRAW:
            f, t, n, fp = r.u8(), r.u8(), r.u8(), r.u8()
            phases.append({"phase": "draw", "from": zone(f), "to": zone(t), "count": n, "from_player": _FROM_PLAYER[fp]})
        elif kind == bc.PH_PLAY:
            f, t, draw, most = r.u8(), r.u8(), r.u8(), r.u8()
            ph = {"phase": "play", "from": zone(f), "to": zone(t), "legal": _predicate(r, zone)}
            if draw != bc.NONE:
                ph["if_unable"] = {"draw_from": zone(draw), "max_draws": most}
            phases.append(ph)
        elif kind == bc.PH_TRICK:
            f, table, won, follow, tk, targ, lead, broken = (r.u8() for _ in range(8))
            trump: dict[str, Any] = {"kind": _TRUMP_KINDS[tk]}
            if tk == 1:
                trump["suit"] = SUITS[targ]
            elif tk == 2:
                trump["zone"] = zone(targ)
            ph = {"phase": "trick", "from": zone(f), "trick_zone": zone(table), "won_to": zone(won),
                  "follow": "suit_if_able" if follow else "any", "trump": trump}
            if lead != bc.NONE:
                ph["first_lead"] = card_name(lead)
            if broken != bc.NONE:
                ph["not_led_until_broken"] = SUITS[broken]
            if r.pos < end:
                _trick_rules(r.u8(), ph)
            phases.append(ph)
        elif kind == bc.PH_BATTLE:
            f, table, down, where, order = (r.u8() for _ in range(5))
            phases.append({"phase": "battle", "from": zone(f), "table": zone(table), "war_face_down": down,
                           "winner_takes_to": "top" if where == 0 else "bottom",
                           "take_order": "as_played" if order == 0 else "shuffled"})
        elif kind == bc.PH_ASK:
            z, draw, again = r.u8(), r.u8(), r.u8()
            ph = {"phase": "ask", "zone": zone(z), "again": _ASK_AGAIN[again]}
            if draw != bc.NONE:
                ph["draw_from"] = zone(draw)
            phases.append(ph)
        elif kind == bc.PH_CLAIM:
            f, t, most = r.u8(), r.u8(), r.u8()
            phases.append({"phase": "claim", "from": zone(f), "to": zone(t), "max_count": most})
        elif kind == bc.PH_CLIMB:
            f, t, cleared, most = r.u8(), r.u8(), r.u8(), r.u8()
            phases.append({"phase": "climb", "from": zone(f), "to": zone(t), "cleared_to": zone(cleared), "max_set": most})
        elif kind == bc.PH_PLAY_TOP:
            f, t = r.u8(), r.u8()
            phases.append({"phase": "play_top", "from": zone(f), "to": zone(t)})
        elif kind == bc.PH_DISCARD_SETS:
            f, t, size, match = r.u8(), r.u8(), r.u8(), r.u8()
            phases.append({"phase": "discard_sets", "from": zone(f), "to": zone(t), "size": size, "match": _SET_MATCH[match]})
        elif kind == bc.PH_DRAW_CHOICE:
            hand, stock, discard, upcard = r.u8(), r.u8(), r.u8(), r.u8()
            phases.append({"phase": "draw_choice", "to": zone(hand), "stock": zone(stock), "discard": zone(discard),
                           "first_upcard": upcard == 1})
        elif kind == bc.PH_MELD_DISCARD:
            f, t, keep = r.u8(), r.u8(), r.u8()
            phases.append({"phase": "meld_discard", "from": zone(f), "to": zone(t), "keep_taken": keep == 1})
        elif kind in (bc.PH_BET, bc.PH_DISCARD_DRAW, bc.PH_COMMUNITY, bc.PH_SHOWDOWN, bc.PH_HIT):
            phases.append(_betting_phase(kind, r, zone))
        elif kind == bc.PH_CAPTURE:
            f, table, won, rules = r.u8(), r.u8(), r.u8(), r.u8()
            phases.append({"phase": "capture", "from": zone(f), "table": zone(table), "won_to": zone(won),
                           "by_rank": bool(rules & bc.CAPTURE_RANK), "by_sum": bool(rules & bc.CAPTURE_SUM),
                           "rank_first": bool(rules & bc.CAPTURE_RANK_FIRST),
                           "must_capture": bool(rules & bc.CAPTURE_MUST)})
        elif kind == bc.PH_BID:
            f, bid, prize_from, prize, won, discard, tie, rules = (r.u8() for _ in range(8))
            ph = {"phase": "bid", "from": zone(f), "bid": zone(bid), "prize": zone(prize), "won_to": zone(won),
                  "discard": zone(discard), "tie": _inverse(bc.BID_TIES)[tie],
                  "winner": "lowest" if rules & bc.BID_LOWEST_WINS else "highest",
                  "bids": "open" if rules & bc.BID_OPEN else "secret"}
            if prize_from != bc.NONE:
                ph["prize_from"] = zone(prize_from)
            phases.append(ph)
        else:
            raise DecompileError(f"offset {r.pos - 2}: unknown phase kind {kind}")
        if r.pos != end:
            raise DecompileError(f"offset {r.pos}: phase payload length {length} does not match its kind")
    return phases


def _effects(r: _Reader, zone) -> list[dict]:
    out = []
    for _ in range(r.u8()):
        code, count, z = r.u8(), r.u8(), r.u8()
        pred = _predicate(r, zone)
        if code == bc.EFFECT_DRAW_STACKABLE:
            out.append({"card": pred, "do": "draw", "count": count, "from": zone(z), "stackable": True})
        elif _EFFECTS.get(code) == "draw":
            out.append({"card": pred, "do": "draw", "count": count, "from": zone(z)})
        elif _EFFECTS.get(code) == "penalty":
            out.append({"card": pred, "do": "penalty", "count": count})
        elif code in _EFFECTS:
            out.append({"card": pred, "do": _EFFECTS[code]})
        else:
            raise DecompileError(f"offset {r.pos}: unknown effect {code}")
    return out


def _end(r: _Reader, zone) -> list[dict]:
    out = []
    for _ in range(r.u8()):
        cond, z, result = r.u8(), r.u8(), r.u8()
        if cond == bc.COND_ZONE_EMPTY:
            out.append({"when": "zone_empty", "zone": zone(z), "result": _RESULTS[result]})
        elif cond == bc.COND_ALL_EMPTY:
            out.append({"when": "all_empty", "zone": zone(z), "result": _RESULTS[result]})
        elif cond == bc.COND_ONE_LEFT:
            out.append({"when": "one_left", "result": _RESULTS[result]})
        elif cond == bc.COND_CAPTURE_DONE:
            out.append({"when": "capture_done", "zone": zone(z), "result": _RESULTS[result]})
        elif cond == bc.COND_ALL_BUT_ONE_EMPTY:
            out.append({"when": "all_but_one_empty", "zone": zone(z), "result": _RESULTS[result]})
        elif cond == bc.COND_KNOCK and result == bc.RESULT_KNOCK_SCORES:
            out.append({"when": "knock", "result": "knock_scores"})
        elif cond == bc.COND_CHIPS and result == bc.RESULT_MOST_CHIPS:
            out.append({"when": "chips", "result": "most_chips_wins"})
        else:
            raise DecompileError(f"offset {r.pos - 3}: unknown end condition {cond}")
    return out


def _melds(r: _Reader, zone) -> dict:
    """The melds section (melds family), the inverse of ``bytecode.compile_melds``."""
    f = [r.u8() for _ in range(27)]
    kinds = [k for k, bit in bc.MELD_KINDS.items() if f[3] & bit]
    if not kinds or f[3] & ~3 or f[7] not in _ACE_IN_RUNS:
        raise DecompileError(f"melds: bad kinds {f[3]} or ace {f[7]}")
    out = {
        "hand": zone(f[0]), "kinds": kinds, "set_min": f[4], "set_max": f[5], "run_min": f[6],
        "ace_in_runs": _ACE_IN_RUNS[f[7]], "knock_limit": f[8], "gin_bonus": f[9], "undercut_bonus": f[10],
        "layoffs": f[11] == 1, "stock_left": f[2], "box_bonus": f[12], "game_bonus": f[13],
        "values": {rank: f[14 + i] for i, rank in enumerate(RANKS)},
    }
    if f[1] != bc.NONE:
        out["stock"] = zone(f[1])
    return out


def _predicate(r: _Reader, zone) -> Any:
    """The predicate tree of a postfix program; chains of one operator become one list."""
    stack: list[Any] = []
    leaf = {
        bc.P_RANK_IS: lambda a: {"rank_is": RANKS[a]},
        bc.P_SUIT_IS: lambda a: {"suit_is": SUITS[a]},
        bc.P_COLOR_IS: lambda a: {"color_is": "red" if a else "black"},
        bc.P_CARD_IS: lambda a: {"card_is": card_name(a)},
        bc.P_SAME_RANK_AS_TOP: lambda a: {"same_rank_as_top": zone(a)},
        bc.P_SAME_SUIT_AS_TOP: lambda a: {"same_suit_as_top": zone(a)},
        bc.P_HIGHER_THAN_TOP: lambda a: {"higher_than_top": zone(a)},
        bc.P_ADJACENT_IN_SUIT: lambda a: {"adjacent_in_suit": zone(a)},
    }
    for _ in range(r.u8()):
        op, arg = r.u8(), r.u8()
        if op == bc.P_TRUE:
            stack.append(True)
        elif op in leaf:
            stack.append(leaf[op](arg))
        elif op in (bc.P_AND, bc.P_OR):
            if len(stack) < 2:
                raise DecompileError(f"offset {r.pos - 2}: operator with fewer than two operands")
            right, left = stack.pop(), stack.pop()
            key = "all" if op == bc.P_AND else "any"
            # `a b OR c OR` is any([a, b, c]): extend a left operand of the same operator.
            if isinstance(left, dict) and key in left and left.get("_chain"):
                left[key].append(right)
                stack.append(left)
            else:
                stack.append({key: [left, right], "_chain": True})
        elif op == bc.P_NOT:
            if not stack:
                raise DecompileError(f"offset {r.pos - 2}: NOT with no operand")
            stack.append({"not": _unmark(stack.pop())})
        else:
            raise DecompileError(f"offset {r.pos - 2}: unknown predicate op {op}")
    if len(stack) != 1:
        raise DecompileError(f"offset {r.pos}: predicate leaves {len(stack)} values")
    return _unmark(stack[0])


def _unmark(pred: Any) -> Any:
    """Drop the internal chain marker from a finished sub-predicate."""
    if isinstance(pred, dict):
        pred.pop("_chain", None)
        for key in ("any", "all"):
            if key in pred:
                pred[key] = [_unmark(p) for p in pred[key]]
    return pred


# --------------------------------------------------------------------------- trick-taking hands

_TRUMP_KINDS = _inverse(bc.TRUMP_KINDS)
_PASS_DIRECTIONS = _inverse(bc.PASS_DIRECTIONS)
_TRUMP_CHOICES = _inverse(bc.TRUMP_CHOICES)
_HAND_SCORES = _inverse(bc.HAND_SCORES)


def _trick_rules(flags: int, ph: dict[str, Any]) -> None:
    """The optional rule byte of a trick phase."""
    if flags == 0 or flags & ~(bc.TRICK_FIRST_NO_POINTS | bc.TRICK_BOWERS):
        raise DecompileError(f"trick rules byte {flags:#x} is not one the compiler writes")
    if flags & bc.TRICK_FIRST_NO_POINTS:
        ph["no_points_first_trick"] = True
    if flags & bc.TRICK_BOWERS:
        ph["bowers"] = True


def _tricks(r: _Reader, zone) -> dict[str, Any]:
    """The TRICKS section back into ``tricks`` (see ``bytecode.compile_tricks``)."""
    flags, count, pzone, ndirs = r.u8(), r.u8(), r.u8(), r.u8()
    dirs = [r.u8() for _ in range(4)]
    sizes = [r.u8() for _ in range(r.u8())]
    bid, bid_flags, bid_min = r.u8(), r.u8(), r.u8()
    choice, up = r.u8(), r.u8()
    score, a, b, c = r.unpack("<BBHH")
    out: dict[str, Any] = {"partnerships": bool(flags & 1), "knockout": bool(flags & 4), "hand_sizes": sizes}
    if count:
        out["passing"] = {"count": count, "zone": zone(pzone), "directions": [_PASS_DIRECTIONS[d] for d in dirs[:ndirs]]}
    if bid:
        out["bidding"] = {"kind": "tricks", "min_bid": bid_min, "nil": bool(bid_flags & 1), "hook": bool(bid_flags & 2)}
    if choice:
        out["trump_choice"] = {"kind": _TRUMP_CHOICES[choice]}
        if up != bc.NONE:
            out["trump_choice"]["zone"] = zone(up)
    kind = _HAND_SCORES.get(score)
    hs: dict[str, Any] = {"kind": kind}
    if kind == "card_points":
        hs["moon"] = bool(flags & 2)
    elif kind == "book":
        hs["book"] = a
    elif kind == "contract":
        hs.update(bag_limit=a, nil_bonus=b, bag_penalty=c)
    elif kind == "exact_bid":
        hs["bonus"] = a
    elif kind is None:
        raise DecompileError(f"offset {r.pos - 6}: unknown hand score {score}")
    out["hand_score"] = hs
    return out
