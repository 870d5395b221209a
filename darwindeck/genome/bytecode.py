"""Compile a genome to the versioned binary program gosim plays (docs/bytecode.md).

The program is canonical: the same rules always give the same bytes, and the genome's name
is not part of it. Compilation is pure Python (the driver compiles; only actors load the Go
library), so caches and per-genome seeds can key on these bytes.
"""

from __future__ import annotations

import struct
from typing import Any

from darwindeck.genome import schema as s
from darwindeck.genome.cards import card_id, rank_index, suit_index

MAGIC = b"DDBC"
BYTECODE_VERSION = 2
HEADER_SIZE = 16

# Section tags
SEC_GAME, SEC_ZONES, SEC_SETUP, SEC_TURN, SEC_EFFECTS, SEC_STOCK, SEC_END, SEC_SCORING, SEC_DECK_REMOVE, SEC_MATCH = range(1, 11)
SEC_TRICKS = 11

# Setup ops
OP_DEAL, OP_TURN_UP, OP_FIRST_PLAYER, OP_DISCARD_SETS = 1, 2, 3, 4
SET_MATCH = {"rank": 0, "rank_and_color": 1}
FIRST_PLAYER_RULES = {"left_of_dealer": 0, "dealer": 1, "holder_of": 2}

# Phase kinds
PH_DRAW, PH_PLAY, PH_TRICK, PH_BATTLE, PH_ASK, PH_CLAIM, PH_CLIMB, PH_PLAY_TOP, PH_DISCARD_SETS = range(1, 10)
FROM_PLAYER = {"none": 0, "left": 1, "right": 2}
ASK_AGAIN = {"never": 0, "on_success": 1, "on_success_or_lucky_draw": 2}

# Predicate ops
(P_TRUE, P_RANK_IS, P_SUIT_IS, P_COLOR_IS, P_CARD_IS, P_SAME_RANK_AS_TOP, P_SAME_SUIT_AS_TOP,
 P_HIGHER_THAN_TOP, P_AND, P_OR, P_NOT, P_ADJACENT_IN_SUIT) = range(1, 13)
MAX_PREDICATE_OPS = s.MAX_PREDICATE_OPS
MAX_PREDICATE_DEPTH = s.MAX_PREDICATE_DEPTH

# Effects
EFFECT_CODES = {"declare_suit": 1, "skip": 2, "reverse": 3, "draw": 4, "extra_turn": 5, "penalty": 7}
EFFECT_DRAW_STACKABLE = 6
STOCK_WHEN_EMPTY = {"reshuffle": 0, "end_hand": 1, "pass": 2}

# End conditions and results
COND_ZONE_EMPTY, COND_ALL_EMPTY, COND_ONE_LEFT, COND_ALL_BUT_ONE_EMPTY = 1, 2, 3, 4
RESULT_CODES = {
    "that_player_wins": 1,
    "lowest_score_wins": 2,
    "highest_score_wins": 3,
    "last_player_wins": 4,
    "that_player_loses": 5,
}
MATCH_RESULTS = {"lowest_total_wins": 2, "highest_total_wins": 3}

# Captures family (docs/bytecode.md, "Version 2 additions: captures")
SEC_CAPTURES = 16
PH_CAPTURE, PH_BID = 23, 24
OP_DEAL_SUIT = 10
COND_CAPTURE_DONE = 10
CAPTURE_RANK, CAPTURE_SUM, CAPTURE_RANK_FIRST, CAPTURE_MUST = 1, 2, 4, 8
BID_TIES = {"discard": 0, "carry_over": 1}
BID_LOWEST_WINS, BID_OPEN = 1, 2
CAPTURES_LAST_PLAY_SWEEPS, CAPTURES_LAST_CAPTURER_TAKES = 1, 2
AWARD_CODES = {"most_cards": 1, "most_suit": 2, "card": 3, "primiera": 4}

NONE = 255
ALL = 255

# Melds family (docs/bytecode.md, "Version 2 additions: melds")
SEC_MELDS = 15
PH_DRAW_CHOICE, PH_MELD_DISCARD = 20, 21
COND_KNOCK = 9
RESULT_KNOCK_SCORES = 10
MELD_KINDS = {"sets": 1, "runs": 2}
ACE_IN_RUNS = {"low": 0, "high": 1, "both": 2}
# Betting games (docs/genome-betting.md; docs/bytecode.md "Version 2 additions: betting")
SEC_BETTING = 13
PH_BET, PH_DISCARD_DRAW, PH_COMMUNITY, PH_SHOWDOWN, PH_HIT = 15, 16, 17, 18, 19
OP_DEAL_DOWN = 7
COND_CHIPS = 7
RESULT_MOST_CHIPS = 8
HAND_RANKS = {"poker": 0, "points": 1}
STRUCTURES = {"limit": 0, "pot_limit": 1, "no_limit": 2}
BETTING_FORMAT = "<HHHHBHBBHBHBBBB"


class CompileError(ValueError):
    """A genome that validates but cannot be expressed in bytecode; the message says why."""


class BytecodeCompiler:
    """Compiles ``darwindeck.genome.schema.Genome`` objects to bytecode version 1.

    Usage (the user guide's API)::

        bytecode = BytecodeCompiler().compile_genome(genome)
    """

    def compile_genome(self, genome: s.Genome) -> bytes:
        """The program of ``genome`` as bytes (header + sections, little-endian).

        Raises CompileError if a predicate is too large for the format (more than 64 ops or
        deeper than 16) or a value is out of the format's range.
        """
        zones = {z.name: i for i, z in enumerate(genome.zones)}
        sections = [
            (SEC_GAME, self._game(genome, zones)),
            (SEC_ZONES, self._zones(genome)),
            (SEC_SETUP, self._setup(genome, zones)),
            (SEC_TURN, self._turn(genome, zones)),
        ]
        if genome.effects:
            sections.append((SEC_EFFECTS, self._effects(genome, zones)))
        if genome.stock is not None:
            st = genome.stock
            reshuffle = zones[st.reshuffle_from] if st.reshuffle_from is not None else NONE
            sections.append(
                (SEC_STOCK, bytes([zones[st.zone], reshuffle, st.keep_top, STOCK_WHEN_EMPTY[st.when_empty]]))
            )
        sections.append((SEC_END, self._end(genome, zones)))
        if genome.scoring is not None:
            sections.append((SEC_SCORING, self._scoring(genome, zones)))
        if genome.deck.remove:
            removed = sorted(card_id(c) for c in genome.deck.remove)
            sections.append((SEC_DECK_REMOVE, bytes([len(removed), *removed])))
        if genome.match is not None:
            m = genome.match
            sections.append((SEC_MATCH, struct.pack("<hBBB", m.target_score, m.max_hands, MATCH_RESULTS[m.result], 0)))
        if genome.tricks is not None:
            sections.append((SEC_TRICKS, compile_tricks(genome.tricks, zones)))
        if genome.betting is not None:
            sections.append((SEC_BETTING, betting_payload(genome.betting, zones)))
        if genome.melds is not None:
            sections.append((SEC_MELDS, compile_melds(genome.melds, zones)))
        if genome.captures is not None:
            sections.append((SEC_CAPTURES, compile_captures(genome, zones)))

        body = b"".join(
            struct.pack("<BBH", tag, 0, _u16(len(payload), "section length")) + payload
            for tag, payload in sections
        )
        total = HEADER_SIZE + len(body)
        header = MAGIC + struct.pack("<HHII", BYTECODE_VERSION, HEADER_SIZE, total, len(sections))
        return header + body

    # ------------------------------------------------------------------ sections

    def _game(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        mask = 0
        for r in g.deck.ranks:
            mask |= 1 << rank_index(r)
        order = 0 if g.deck.rank_order == "ace_high" else 1
        return struct.pack(
            "<BBBBHIH", g.players, g.deck.decks, order, zones[g.deck.start], mask, g.turn_cap, 0
        )

    def _zones(self, g: s.Genome) -> bytes:
        vis = {"hidden": 0, "owner": 1, "public": 2, "top_public": 3}
        out = bytearray([len(g.zones)])
        for z in g.zones:
            insert = {"top": 0, "bottom": 1, "shuffled": 2}[z.insert]
            out += bytes([0 if z.owner == "shared" else 1, vis[z.visibility], insert])
        return bytes(out)

    def _setup(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        out = bytearray([len(g.setup)])
        for step in g.setup:
            if isinstance(step, s.DealStep):
                n = step.count_for_players(g.players)
                out += bytes([OP_DEAL, zones[step.from_], zones[step.to], ALL if n == "all" else n, 0, 0])
            elif isinstance(step, s.TurnUpStep):
                out += bytes([OP_TURN_UP, zones[step.from_], zones[step.to], step.count, 0, 0])
            elif isinstance(step, s.FirstPlayerStep):
                card = card_id(step.card) if step.card is not None else 0
                out += bytes([OP_FIRST_PLAYER, FIRST_PLAYER_RULES[step.rule], NONE, 0, card, 0])
            elif isinstance(step, s.DiscardSetsStep):
                out += bytes([OP_DISCARD_SETS, zones[step.from_], zones[step.to], step.size, SET_MATCH[step.match], 0])
            elif isinstance(step, s.DealDownStep):
                out += bytes([OP_DEAL_DOWN, zones[step.from_], zones[step.to], step.count, 0, 0])
            elif isinstance(step, s.DealSuitStep):
                out += bytes([OP_DEAL_SUIT, zones[step.from_], zones[step.to], step.seat, suit_index(step.suit), 0])
            else:  # pragma: no cover - the schema admits no other step
                raise CompileError(f"unknown setup step {step!r}")
        return bytes(out)

    def _turn(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        out = bytearray([len(g.turn)])
        for ph in g.turn:
            if isinstance(ph, s.DrawPhase):
                kind = PH_DRAW
                payload = bytes([zones[ph.from_], zones[ph.to], ph.count, FROM_PLAYER[ph.from_player]])
            elif isinstance(ph, s.PlayPhase):
                iu = ph.if_unable
                kind = PH_PLAY
                payload = bytes([
                    zones[ph.from_],
                    zones[ph.to],
                    zones[iu.draw_from] if iu is not None else NONE,
                    iu.max_draws if iu is not None else 0,
                ]) + compile_predicate(ph.legal, zones)
            elif isinstance(ph, s.TrickPhase):
                trump_kind = TRUMP_KINDS[ph.trump.kind]
                trump_arg = 0
                if ph.trump.kind == "suit":
                    trump_arg = suit_index(ph.trump.suit)
                elif ph.trump.kind == "turned_up":
                    trump_arg = zones[ph.trump.zone]
                kind = PH_TRICK
                payload = bytes([
                    zones[ph.from_],
                    zones[ph.trick_zone],
                    zones[ph.won_to],
                    1 if ph.follow == "suit_if_able" else 0,
                    trump_kind,
                    trump_arg,
                    card_id(ph.first_lead) if ph.first_lead else NONE,
                    suit_index(ph.not_led_until_broken) if ph.not_led_until_broken else NONE,
                ]) + _trick_rules_byte(ph)
            elif isinstance(ph, s.BattlePhase):
                kind = PH_BATTLE
                payload = bytes([
                    zones[ph.from_],
                    zones[ph.table],
                    ph.war_face_down,
                    0 if ph.winner_takes_to == "top" else 1,
                    0 if ph.take_order == "as_played" else 1,
                ])
            elif isinstance(ph, s.AskPhase):
                kind = PH_ASK
                draw = zones[ph.draw_from] if ph.draw_from is not None else NONE
                payload = bytes([zones[ph.zone], draw, ASK_AGAIN[ph.again]])
            elif isinstance(ph, s.ClaimPhase):
                kind, payload = PH_CLAIM, bytes([zones[ph.from_], zones[ph.to], ph.max_count])
            elif isinstance(ph, s.ClimbPhase):
                kind = PH_CLIMB
                payload = bytes([zones[ph.from_], zones[ph.to], zones[ph.cleared_to], ph.max_set])
            elif isinstance(ph, s.PlayTopPhase):
                kind, payload = PH_PLAY_TOP, bytes([zones[ph.from_], zones[ph.to]])
            elif isinstance(ph, s.DiscardSetsPhase):
                kind = PH_DISCARD_SETS
                payload = bytes([zones[ph.from_], zones[ph.to], ph.size, SET_MATCH[ph.match]])
            elif isinstance(ph, s.DrawChoicePhase):
                kind = PH_DRAW_CHOICE
                payload = bytes([zones[ph.to], zones[ph.stock], zones[ph.discard], 1 if ph.first_upcard else 0])
            elif isinstance(ph, s.MeldDiscardPhase):
                kind = PH_MELD_DISCARD
                payload = bytes([zones[ph.from_], zones[ph.to], 1 if ph.keep_taken else 0])
            elif isinstance(ph, s._BETTING_PHASES):
                kind, payload = _betting_phase(ph, zones)
            elif isinstance(ph, (s.CapturePhase, s.BidPhase)):
                kind, payload = compile_captures_phase(ph, zones)
            else:  # pragma: no cover
                raise CompileError(f"unknown phase {ph!r}")
            if len(payload) > 255:
                raise CompileError(f"phase {ph.phase}: payload of {len(payload)} bytes exceeds 255")
            out += bytes([kind, len(payload)]) + payload
        return bytes(out)

    def _effects(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        out = bytearray([len(g.effects)])
        for eff in g.effects:
            code, count, zone = EFFECT_CODES[eff.do], 0, NONE
            if isinstance(eff, s.DrawNext):
                count, zone = eff.count, zones[eff.from_]
                if eff.stackable:
                    code = EFFECT_DRAW_STACKABLE
            elif isinstance(eff, s.Penalty):
                count = eff.count
            out += bytes([code, count, zone]) + compile_predicate(eff.card, zones)
        return bytes(out)

    def _end(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        out = bytearray([len(g.end)])
        for cond in g.end:
            if isinstance(cond, s.ZoneEmptyEnd):
                out += bytes([COND_ZONE_EMPTY, zones[cond.zone], RESULT_CODES[cond.result]])
            elif isinstance(cond, s.AllEmptyEnd):
                out += bytes([COND_ALL_EMPTY, zones[cond.zone], RESULT_CODES[cond.result]])
            elif isinstance(cond, s.AllButOneEmptyEnd):
                out += bytes([COND_ALL_BUT_ONE_EMPTY, zones[cond.zone], RESULT_CODES[cond.result]])
            elif isinstance(cond, s.KnockEnd):
                out += bytes([COND_KNOCK, NONE, RESULT_KNOCK_SCORES])
            elif isinstance(cond, s.ChipsEnd):
                out += bytes([COND_CHIPS, NONE, RESULT_MOST_CHIPS])
            elif isinstance(cond, s.CaptureDoneEnd):
                out += bytes([COND_CAPTURE_DONE, zones[cond.zone], RESULT_CODES[cond.result]])
            else:
                out += bytes([COND_ONE_LEFT, NONE, RESULT_CODES[cond.result]])
        return bytes(out)

    def _scoring(self, g: s.Genome, zones: dict[str, int]) -> bytes:
        sc = g.scoring
        out = bytearray([zones[sc.zone], len(sc.card_points)])
        for cp in sc.card_points:
            out += struct.pack("<b", cp.points) + compile_predicate(cp.card, zones)
        return bytes(out)


def compile_melds(m: s.Melds, zones: dict[str, int]) -> bytes:
    """The MELDS section's 27-byte payload (docs/bytecode.md, "Version 2 additions: melds"):
    hand, stock (255: none), stock_left, kinds bits (1 sets, 2 runs), set_min, set_max,
    run_min, ace (0 low, 1 high, 2 both), knock_limit, gin_bonus, undercut_bonus, layoffs,
    box_bonus, game_bonus, then the 13 deadwood values by rank index (2..A)."""
    kinds = 0
    for k in m.kinds:
        kinds |= MELD_KINDS[k]
    head = [
        zones[m.hand], zones[m.stock] if m.stock is not None else NONE, m.stock_left, kinds, m.set_min,
        m.set_max, m.run_min, ACE_IN_RUNS[m.ace_in_runs], m.knock_limit, m.gin_bonus, m.undercut_bonus,
        1 if m.layoffs else 0, m.box_bonus, m.game_bonus,
    ]
    return bytes(head + [m.values[r] for r in RANKS_ORDER])


RANKS_ORDER = s.RANKS
def _betting_phase(ph: Any, zones: dict[str, int]) -> tuple[int, bytes]:
    """(kind, payload) of a betting-family phase (docs/bytecode.md, betting additions)."""
    if isinstance(ph, s.BetPhase):
        return PH_BET, bytes([ph.size])
    if isinstance(ph, s.DiscardDrawPhase):
        return PH_DISCARD_DRAW, bytes([zones[ph.from_], zones[ph.to], zones[ph.draw_from], ph.max])
    if isinstance(ph, s.CommunityPhase):
        return PH_COMMUNITY, bytes([zones[ph.from_], zones[ph.to], ph.count])
    if isinstance(ph, s.ShowdownPhase):
        board = zones[ph.board] if ph.board is not None else NONE
        return PH_SHOWDOWN, bytes([zones[ph.hand], board, HAND_RANKS[ph.rank]])
    if isinstance(ph, s.HitPhase):
        return PH_HIT, bytes([zones[ph.from_], zones[ph.to]])
    raise CompileError(f"unknown phase {ph!r}")  # pragma: no cover


def betting_payload(b: s.Betting, zones: dict[str, int]) -> bytes:
    """The BETTING section (tag 13): chips, stakes, structure, match and banker policy."""
    bank = b.banker
    num, den = s.NATURAL_PAYS[bank.natural_pays] if bank is not None else (0, 0)
    return struct.pack(
        BETTING_FORMAT,
        b.stack, b.ante, b.small_blind, b.big_blind, STRUCTURES[b.structure], b.bet, b.max_raises,
        b.max_hands, b.target,
        zones[bank.zone] if bank is not None else NONE,
        bank.stake if bank is not None else 0,
        bank.stands_on if bank is not None else 0,
        int(bank.hit_soft) if bank is not None else 0,
        num, den,
    )
def compile_captures_phase(ph: Any, zones: dict[str, int]) -> tuple[int, bytes]:
    """(kind, payload) of a capture or bid phase (docs/bytecode.md, captures additions)."""
    if isinstance(ph, s.CapturePhase):
        rules = (
            (CAPTURE_RANK if ph.by_rank else 0)
            | (CAPTURE_SUM if ph.by_sum else 0)
            | (CAPTURE_RANK_FIRST if ph.rank_first else 0)
            | (CAPTURE_MUST if ph.must_capture else 0)
        )
        return PH_CAPTURE, bytes([zones[ph.from_], zones[ph.table], zones[ph.won_to], rules])
    rules = (BID_LOWEST_WINS if ph.winner == "lowest" else 0) | (BID_OPEN if ph.bids == "open" else 0)
    prize_from = zones[ph.prize_from] if ph.prize_from is not None else NONE
    return PH_BID, bytes([
        zones[ph.from_], zones[ph.bid], prize_from, zones[ph.prize], zones[ph.won_to], zones[ph.discard],
        BID_TIES[ph.tie], rules,
    ])


def compile_captures(g: s.Genome, zones: dict[str, int]) -> bytes:
    """Payload of the CAPTURES section: 13 rank values (0 for ranks not in the deck), sweep
    points, flags, redeal zone and count, then the awards (kind, arg, points)."""
    cap = g.captures
    values = bytes(cap.value(r) if r in g.deck.ranks else 0 for r in s.RANKS)
    flags = (CAPTURES_LAST_PLAY_SWEEPS if cap.last_play_sweeps else 0) | (
        CAPTURES_LAST_CAPTURER_TAKES if cap.last_capturer_takes else 0
    )
    redeal_from = zones[cap.redeal.from_] if cap.redeal is not None else NONE
    redeal_count = cap.redeal.count if cap.redeal is not None else 0
    out = bytearray(values) + bytes([cap.sweep_points, flags, redeal_from, redeal_count, len(cap.awards)])
    for aw in cap.awards:
        arg = 0
        if aw.award == "most_suit":
            arg = suit_index(aw.suit)
        elif aw.award == "card":
            arg = card_id(aw.card)
        out += bytes([AWARD_CODES[aw.award], arg, aw.points])
    return bytes(out)


def compile_predicate(pred: Any, zones: dict[str, int]) -> bytes:
    """Postfix ops of a predicate: ``n u8`` then ``n`` (op, arg) pairs (docs/bytecode.md).

    ``{any: [a, b, c]}`` becomes ``a b OR c OR``. Raises CompileError if the program would
    exceed 64 ops or a stack depth of 16.
    """
    ops: list[tuple[int, int]] = []
    depth = _emit(pred, zones, ops, 0)
    if len(ops) > MAX_PREDICATE_OPS:
        raise CompileError(f"predicate has {len(ops)} ops; at most {MAX_PREDICATE_OPS}")
    if depth > MAX_PREDICATE_DEPTH:
        raise CompileError(f"predicate needs stack depth {depth}; at most {MAX_PREDICATE_DEPTH}")
    return bytes([len(ops)]) + bytes(b for op in ops for b in op)


def _emit(pred: Any, zones: dict[str, int], ops: list[tuple[int, int]], height: int) -> int:
    """Append the ops of ``pred`` to ``ops``; return the largest stack height reached."""
    if pred is True:
        ops.append((P_TRUE, 0))
        return height + 1
    if isinstance(pred, s.RankIs):
        ops.append((P_RANK_IS, rank_index(pred.rank_is)))
        return height + 1
    if isinstance(pred, s.SuitIs):
        ops.append((P_SUIT_IS, suit_index(pred.suit_is)))
        return height + 1
    if isinstance(pred, s.ColorIs):
        ops.append((P_COLOR_IS, 1 if pred.color_is == "red" else 0))
        return height + 1
    if isinstance(pred, s.CardIs):
        ops.append((P_CARD_IS, card_id(pred.card_is)))
        return height + 1
    if isinstance(pred, s.SameRankAsTop):
        ops.append((P_SAME_RANK_AS_TOP, zones[pred.same_rank_as_top]))
        return height + 1
    if isinstance(pred, s.SameSuitAsTop):
        ops.append((P_SAME_SUIT_AS_TOP, zones[pred.same_suit_as_top]))
        return height + 1
    if isinstance(pred, s.HigherThanTop):
        ops.append((P_HIGHER_THAN_TOP, zones[pred.higher_than_top]))
        return height + 1
    if isinstance(pred, s.AdjacentInSuit):
        ops.append((P_ADJACENT_IN_SUIT, zones[pred.adjacent_in_suit]))
        return height + 1
    if isinstance(pred, s.NotOf):
        peak = _emit(pred.not_, zones, ops, height)
        ops.append((P_NOT, 0))
        return peak
    if isinstance(pred, (s.AnyOf, s.AllOf)):
        children = pred.any if isinstance(pred, s.AnyOf) else pred.all
        joiner = P_OR if isinstance(pred, s.AnyOf) else P_AND
        peak = _emit(children[0], zones, ops, height)
        for child in children[1:]:
            peak = max(peak, _emit(child, zones, ops, height + 1))
            ops.append((joiner, 0))
        return peak
    raise CompileError(f"unknown predicate {pred!r}")  # pragma: no cover


def _u16(n: int, what: str) -> int:
    if n > 0xFFFF:
        raise CompileError(f"{what} {n} exceeds 65535")
    return n


# --------------------------------------------------------------------------- trick-taking hands
# (docs/bytecode.md, "Version 2 additions: trick")

TRUMP_KINDS = {"none": 0, "suit": 1, "turned_up": 2, "dealer_card": 3, "chosen": 4}
TRICK_FIRST_NO_POINTS, TRICK_BOWERS = 1, 2
PASS_DIRECTIONS = {"none": 0, "left": 1, "right": 2, "across": 3}
TRUMP_CHOICES = {"order_up": 1, "top_taker": 2, "bid_winner": 3}
HAND_SCORES = {"card_points": 0, "book": 1, "contract": 2, "exact_bid": 3, "euchre": 4, "tricks": 5}


def _trick_rules_byte(ph: s.TrickPhase) -> bytes:
    """The optional ninth byte of a trick phase: present only when a rule flag is set."""
    flags = (TRICK_FIRST_NO_POINTS if ph.no_points_first_trick else 0) | (TRICK_BOWERS if ph.bowers else 0)
    return bytes([flags]) if flags else b""


def compile_tricks(t: s.TrickRules, zones: dict[str, int]) -> bytes:
    """The TRICKS section payload (docs/bytecode.md): flags, passing, hand sizes, bidding,
    trump choice and hand score, little-endian. Raises nothing for a validated genome."""
    flags = (1 if t.partnerships else 0) | (2 if _moon(t) else 0) | (4 if t.knockout else 0)
    out = bytearray([flags])
    if t.passing is None:
        out += bytes([0, NONE, 0, 0, 0, 0, 0])
    else:
        dirs = [PASS_DIRECTIONS[d] for d in t.passing.directions]
        out += bytes([t.passing.count, zones[t.passing.zone], len(dirs), *dirs, *([0] * (4 - len(dirs)))])
    out += bytes([len(t.hand_sizes), *t.hand_sizes])
    if t.bidding is None:
        out += bytes([0, 0, 0])
    else:
        b = t.bidding
        out += bytes([1, (1 if b.nil else 0) | (2 if b.hook else 0), b.min_bid])
    if t.trump_choice is None:
        out += bytes([0, NONE])
    else:
        tc = t.trump_choice
        out += bytes([TRUMP_CHOICES[tc.kind], zones[tc.zone] if tc.zone is not None else NONE])
    hs = t.hand_score
    a = b_ = c = 0
    if isinstance(hs, s.BookScore):
        a = hs.book
    elif isinstance(hs, s.ContractScore):
        a, b_, c = hs.bag_limit, hs.nil_bonus, hs.bag_penalty
    elif isinstance(hs, s.ExactBidScore):
        a = hs.bonus
    out += struct.pack("<BBHH", HAND_SCORES[hs.kind], a, b_, c)
    return bytes(out)


def _moon(t: s.TrickRules) -> bool:
    return isinstance(t.hand_score, s.CardPointsScore) and t.hand_score.moon
