"""The genome language: pydantic v2 models of a complete card-game rule set.

This module is the one schema of the format (docs/genome.md gives the meaning of every
field; ``Genome.model_json_schema()`` documents it for editors). Every model is frozen and
rejects unknown keys; validators name the bad value. A ``Genome`` that validates can be
compiled by ``darwindeck.genome.bytecode.BytecodeCompiler`` and played by gosim.

Tagged unions: a predicate, setup step, phase, effect and end condition are each a mapping
whose tag (its single key for predicates, or ``step``/``phase``/``do``/``when``) selects the
model, so that a validation error points at the offending field of the right variant.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from darwindeck.genome.cards import RANKS, SUITS, parse_card

SCHEMA_VERSION = 2
MAX_ZONES = 16
MAX_PHASES = 8
MAX_PLAYERS = 6
MAX_TURN_CAP = 100_000


def _rank_from_yaml(value: Any) -> Any:
    """YAML reads ``8`` and ``10`` as integers; ranks are strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Rank = Annotated[
    Literal["2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K", "A"],
    BeforeValidator(_rank_from_yaml),
]
Suit = Literal["C", "D", "H", "S"]
ZoneName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,23}$")]


def _check_card(value: Any) -> Any:
    parse_card(value)  # raises ValueError naming the card
    return value


CardName = Annotated[str, BeforeValidator(_check_card)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)


# --------------------------------------------------------------------------- predicates


class RankIs(_Model):
    """True when the card has this rank."""

    rank_is: Rank


class SuitIs(_Model):
    """True when the card has this suit."""

    suit_is: Suit


class ColorIs(_Model):
    """True when the card has this colour (clubs and spades black, diamonds and hearts red)."""

    color_is: Literal["red", "black"]


class CardIs(_Model):
    """True when the card is this card (any deck copy)."""

    card_is: CardName


class SameRankAsTop(_Model):
    """True when the card has the rank of the top card of a shared zone (false if empty)."""

    same_rank_as_top: ZoneName


class SameSuitAsTop(_Model):
    """True when the card has the zone's active suit: a declared suit, else the top card's."""

    same_suit_as_top: ZoneName


class HigherThanTop(_Model):
    """True when the card ranks above the top card of a shared zone (false if empty)."""

    higher_than_top: ZoneName


class AdjacentInSuit(_Model):
    """True when a shared zone holds a card of the same suit one rank above or below."""

    adjacent_in_suit: ZoneName


class AnyOf(_Model):
    """True when any child is true."""

    any: list[Predicate] = Field(min_length=1, max_length=8)


class AllOf(_Model):
    """True when every child is true."""

    all: list[Predicate] = Field(min_length=1, max_length=8)


class NotOf(_Model):
    """True when the child is false."""

    not_: Predicate = Field(alias="not")


_PREDICATE_TAGS = (
    "rank_is",
    "suit_is",
    "color_is",
    "card_is",
    "same_rank_as_top",
    "same_suit_as_top",
    "higher_than_top",
    "adjacent_in_suit",
    "any",
    "all",
    "not",
)


def _predicate_tag(value: Any) -> str | None:
    if value is True:
        return "true"
    if isinstance(value, dict):
        keys = [k for k in value if k in _PREDICATE_TAGS]
        return keys[0] if len(keys) == 1 and len(value) == 1 else None
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            return field.alias or name
    return None


Predicate = Annotated[
    Union[
        Annotated[Literal[True], Tag("true")],
        Annotated[RankIs, Tag("rank_is")],
        Annotated[SuitIs, Tag("suit_is")],
        Annotated[ColorIs, Tag("color_is")],
        Annotated[CardIs, Tag("card_is")],
        Annotated[SameRankAsTop, Tag("same_rank_as_top")],
        Annotated[SameSuitAsTop, Tag("same_suit_as_top")],
        Annotated[HigherThanTop, Tag("higher_than_top")],
        Annotated[AdjacentInSuit, Tag("adjacent_in_suit")],
        Annotated[AnyOf, Tag("any")],
        Annotated[AllOf, Tag("all")],
        Annotated[NotOf, Tag("not")],
    ],
    Discriminator(
        _predicate_tag,
        custom_error_type="predicate",
        custom_error_message="a predicate is `true` or a mapping with exactly one of: "
        + ", ".join(_PREDICATE_TAGS),
    ),
]

for _m in (AnyOf, AllOf, NotOf):
    _m.model_rebuild()


def predicate_zones(pred: Any) -> list[str]:
    """Names of the zones a predicate reads (same_*_as_top, higher_than_top)."""
    if isinstance(pred, (SameRankAsTop,)):
        return [pred.same_rank_as_top]
    if isinstance(pred, SameSuitAsTop):
        return [pred.same_suit_as_top]
    if isinstance(pred, HigherThanTop):
        return [pred.higher_than_top]
    if isinstance(pred, AdjacentInSuit):
        return [pred.adjacent_in_suit]
    if isinstance(pred, AnyOf):
        return [z for p in pred.any for z in predicate_zones(p)]
    if isinstance(pred, AllOf):
        return [z for p in pred.all for z in predicate_zones(p)]
    if isinstance(pred, NotOf):
        return predicate_zones(pred.not_)
    return []


MAX_PREDICATE_OPS = 64
MAX_PREDICATE_DEPTH = 16


def predicate_size(pred: Any, height: int = 0) -> tuple[int, int]:
    """(ops, stack depth) of a predicate's postfix program (docs/bytecode.md): the compiled
    form must have at most 64 ops and a stack depth of at most 16."""
    if isinstance(pred, NotOf):
        ops, depth = predicate_size(pred.not_, height)
        return ops + 1, depth
    if isinstance(pred, (AnyOf, AllOf)):
        children = pred.any if isinstance(pred, AnyOf) else pred.all
        ops, depth = predicate_size(children[0], height)
        for child in children[1:]:
            o, d = predicate_size(child, height + 1)
            ops, depth = ops + o + 1, max(depth, d)
        return ops, depth
    return 1, height + 1


def _check_predicate_size(where: str, pred: Any) -> None:
    ops, depth = predicate_size(pred)
    if ops > MAX_PREDICATE_OPS:
        raise ValueError(f"{where}: predicate compiles to {ops} ops; at most {MAX_PREDICATE_OPS}")
    if depth > MAX_PREDICATE_DEPTH:
        raise ValueError(f"{where}: predicate nests to stack depth {depth}; at most {MAX_PREDICATE_DEPTH}")


# --------------------------------------------------------------------------- deck, zones


class Deck(_Model):
    """Which cards are played and where the shuffled deck starts."""

    decks: int = Field(1, ge=1, le=2, description="copies of the deck")
    ranks: list[Rank] = Field(
        default_factory=lambda: list(RANKS),
        min_length=1,
        max_length=13,
        description="ranks in the deck; fewer than 13 strips the deck",
    )
    rank_order: Literal["ace_high", "ace_low"] = "ace_high"
    start: ZoneName = Field("stock", description="shared zone holding the shuffled deck")
    remove: list[CardName] = Field(
        default_factory=list, max_length=51, description="cards taken out of every copy"
    )

    @model_validator(mode="after")
    def _unique_ranks(self) -> Deck:
        if len(set(self.ranks)) != len(self.ranks):
            raise ValueError(f"deck.ranks has duplicates: {self.ranks}")
        if len(set(self.remove)) != len(self.remove):
            raise ValueError(f"deck.remove has duplicates: {self.remove}")
        for card in self.remove:
            if parse_card(card)[0] not in self.ranks:
                raise ValueError(f"deck.remove: {card} is not in the deck (ranks {self.ranks})")
        if len(self.remove) >= 4 * len(self.ranks):
            raise ValueError("deck.remove takes out every card")
        return self

    @property
    def size(self) -> int:
        """Number of cards in the deck."""
        return self.decks * (4 * len(self.ranks) - len(self.remove))


class Zone(_Model):
    """A named place for cards: one on the table (shared) or one per seat (player)."""

    name: ZoneName
    owner: Literal["shared", "player"]
    visibility: Literal["hidden", "owner", "public", "top_public"]
    insert: Literal["top", "bottom", "shuffled"] = "top"


# --------------------------------------------------------------------------- setup


class DealStep(_Model):
    """Deal one card at a time round the table, from left of the dealer."""

    step: Literal["deal"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    count: Union[Literal["all"], Annotated[int, Field(ge=1, le=52)]]
    count_for: dict[Annotated[int, Field(ge=2, le=MAX_PLAYERS)], Annotated[int, Field(ge=1, le=52)]] = Field(
        default_factory=dict, description="count by number of players, overriding `count`"
    )

    def count_for_players(self, players: int) -> int | Literal["all"]:
        """The deal count for a table of ``players`` seats."""
        return self.count_for.get(players, self.count)


class TurnUpStep(_Model):
    """Move cards face up onto a shared zone."""

    step: Literal["turn_up"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    count: int = Field(1, ge=1, le=52)


class FirstPlayerStep(_Model):
    """Who moves first."""

    step: Literal["first_player"]
    rule: Literal["left_of_dealer", "dealer", "holder_of"] = "left_of_dealer"
    card: CardName | None = None

    @model_validator(mode="after")
    def _card_iff_holder(self) -> FirstPlayerStep:
        if (self.rule == "holder_of") != (self.card is not None):
            raise ValueError("first_player: `card` is required with rule holder_of and only then")
        return self


class DiscardSetsStep(_Model):
    """Every seat moves each complete set out of its `from` zone into `to`."""

    step: Literal["discard_sets"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    size: int = Field(2, ge=2, le=4)
    match: Literal["rank", "rank_and_color"] = "rank"


class DealSuitStep(_Model):
    """Every card of `suit` moves face up from the shared `from` to seat `seat`'s copy of
    `to` (or to the shared `to`): which suit a seat holds is public (GOPS)."""

    step: Literal["deal_suit"]
    suit: Suit
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    seat: int = Field(0, ge=0, le=MAX_PLAYERS - 1, description="receiving seat (0 for a shared `to`)")


SetupStep = Annotated[
    Union[DealStep, TurnUpStep, FirstPlayerStep, DiscardSetsStep, DealSuitStep, "DealDownStep"], Field(discriminator="step")
]


# --------------------------------------------------------------------------- phases


class DrawPhase(_Model):
    """Draw `count` cards, no decision."""

    phase: Literal["draw"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    count: int = Field(1, ge=1, le=13)
    from_player: Literal["none", "left", "right"] = Field(
        "none", description="draw blind from a neighbour's copy of `from` instead of a shared zone"
    )


class IfUnable(_Model):
    """What a player with no legal card does: draw until playable (or `max_draws`), else pass."""

    draw_from: ZoneName
    max_draws: int = Field(0, ge=0, le=52, description="0 = until a card is playable or none is left")


class PlayPhase(_Model):
    """Play one legal card from `from` onto the shared zone `to`."""

    phase: Literal["play"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    legal: Predicate = True
    if_unable: IfUnable | None = None


class Trump(_Model):
    """Trump rule of a trick: none, a fixed suit, the suit of a turned-up card, the suit
    of the dealer's last card (shown to all; Whist), or a suit chosen before the play
    (``tricks.trump_choice``: order up, the top taker, the bid winner)."""

    kind: Literal["none", "suit", "turned_up", "dealer_card", "chosen"] = "none"
    suit: Suit | None = None
    zone: ZoneName | None = None

    @model_validator(mode="after")
    def _fields_by_kind(self) -> Trump:
        if (self.kind == "suit") != (self.suit is not None):
            raise ValueError("trump: `suit` is required with kind suit and only then")
        if (self.kind == "turned_up") != (self.zone is not None):
            raise ValueError("trump: `zone` is required with kind turned_up and only then")
        return self


class TrickPhase(_Model):
    """Play one card to the trick; a full trick goes to its winner, who leads next."""

    phase: Literal["trick"]
    from_: ZoneName = Field(alias="from")
    trick_zone: ZoneName
    won_to: ZoneName
    follow: Literal["suit_if_able", "any"] = "suit_if_able"
    trump: Trump = Field(default_factory=Trump)
    first_lead: CardName | None = None
    not_led_until_broken: Suit | None = None
    no_points_first_trick: bool = Field(
        False, description="no card with scoring points on a hand's first trick unless unavoidable"
    )
    bowers: bool = Field(
        False, description="the jack of trump and the other jack of its colour are the two highest trumps"
    )

    @model_validator(mode="after")
    def _bowers_need_trump(self) -> TrickPhase:
        if self.bowers and self.trump.kind == "none":
            raise ValueError("trick: bowers need a trump suit (trump.kind is none)")
        return self


class BattlePhase(_Model):
    """War's battle: every seat turns up its top card; the highest rank takes the table."""

    phase: Literal["battle"]
    from_: ZoneName = Field(alias="from")
    table: ZoneName
    war_face_down: int = Field(1, ge=0, le=3)
    winner_takes_to: Literal["top", "bottom"] = "bottom"
    take_order: Literal["as_played", "shuffled"] = "shuffled"


class AskPhase(_Model):
    """Ask another seat for a rank you hold; it gives you all it has, or you go fishing."""

    phase: Literal["ask"]
    zone: ZoneName
    draw_from: ZoneName | None = None
    again: Literal["never", "on_success", "on_success_or_lucky_draw"] = "on_success"


class ClaimPhase(_Model):
    """Play 1..max_count cards of one rank face down, claiming the rank the sequence asks for;
    the other seats may challenge."""

    phase: Literal["claim"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    max_count: int = Field(4, ge=1, le=4)


class ClimbPhase(_Model):
    """Play a set that beats the last one (same size, higher rank) or pass; the pile is
    cleared when all others pass."""

    phase: Literal["climb"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    cleared_to: ZoneName
    max_set: int = Field(4, ge=1, le=4)


class PlayTopPhase(_Model):
    """Turn up the top card of your `from` onto the shared `to` (no decision)."""

    phase: Literal["play_top"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName


class DiscardSetsPhase(_Model):
    """Move every complete set out of the current player's `from` into `to` (no decision)."""

    phase: Literal["discard_sets"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    size: int = Field(2, ge=2, le=4)
    match: Literal["rank", "rank_and_color"] = "rank"


# ---------------------------------------------------------------- melds family (rummy games)


class DrawChoicePhase(_Model):
    """Draw the top card of `stock` or take the top card of `discard` into `to` (a decision;
    the taken card is seen by everyone). Melds family: `to` is the melds hand.

    With `first_upcard` each hand opens with the upcard round (pagat.com, "Gin Rummy"): in
    turn from the first player, each player may take the upcard (and discard) or pass (and
    the turn ends); when all have passed, the first player draws from the stock."""

    phase: Literal["draw_choice"]
    to: ZoneName
    stock: ZoneName
    discard: ZoneName
    first_upcard: bool = False


class MeldDiscardPhase(_Model):
    """Discard one card of `from` onto `to`, or discard it and knock when the rest of the hand
    has at most `melds.knock_limit` deadwood. With `keep_taken`, the card taken from the
    discard pile this turn may not be discarded. Melds family: `from` is the melds hand."""

    phase: Literal["meld_discard"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    keep_taken: bool = True


STANDARD_DEADWOOD = {r: (1 if r == "A" else 10 if r in ("J", "Q", "K") else int(r)) for r in RANKS}


class Melds(_Model):
    """The meld rules of a rummy game (docs/genome-melds.md; after pagat.com, "Gin Rummy").

    A set is `set_min`..`set_max` cards of one rank and different suits; a run `run_min` or
    more cards of one suit in consecutive ranks (`ace_in_runs`: low A-2-3, high Q-K-A, or
    both; never round the corner). Deadwood is the sum of `values` of the cards left out of
    the best arrangement of the `hand` into disjoint melds. A knock ends the hand; the other
    seats lay off onto the knocker's melds (with `layoffs`, never onto gin) and are compared
    with the knocker; a discard that leaves at most `stock_left` cards in `stock` voids the
    hand. `box_bonus` (per hand won) and `game_bonus` (to the seat that reached the target)
    are added when a match ends.
    """

    hand: ZoneName
    kinds: list[Literal["sets", "runs"]] = Field(default_factory=lambda: ["sets", "runs"], min_length=1, max_length=2)
    set_min: int = Field(3, ge=2, le=4)
    set_max: int = Field(4, ge=2, le=4)
    run_min: int = Field(3, ge=2, le=13)
    ace_in_runs: Literal["low", "high", "both"] = "low"
    values: dict[Rank, Annotated[int, Field(ge=0, le=20)]] = Field(
        default_factory=lambda: dict(STANDARD_DEADWOOD),
        description="deadwood value of every rank (all 13); default A 1, 2-10 pips, J Q K 10",
    )
    knock_limit: int = Field(10, ge=0, le=100, description="most deadwood to knock; 0: gin only")
    gin_bonus: int = Field(25, ge=0, le=100)
    undercut_bonus: int = Field(25, ge=0, le=100)
    layoffs: bool = True
    stock: ZoneName | None = Field(None, description="shared zone of the stock-left rule; none: no such rule")
    stock_left: int = Field(2, ge=0, le=20)
    box_bonus: int = Field(0, ge=0, le=100)
    game_bonus: int = Field(0, ge=0, le=200)

    @model_validator(mode="after")
    def _check(self) -> Melds:
        if len(set(self.kinds)) != len(self.kinds):
            raise ValueError(f"melds.kinds has duplicates: {self.kinds}")
        if self.set_max < self.set_min:
            raise ValueError(f"melds.set_max {self.set_max} is below set_min {self.set_min}")
        missing = [r for r in RANKS if r not in self.values]
        if missing:
            raise ValueError(f"melds.values: every rank needs a value; missing {missing}")
        return self


class CapturePhase(_Model):
    """Play one card from `from`: take one `table` card of its rank (by_rank) or two or more
    whose capture values add up to its value (by_sum), into `won_to`; else it is trailed onto
    the table (docs/genome-captures.md)."""

    phase: Literal["capture"]
    from_: ZoneName = Field(alias="from")
    table: ZoneName
    won_to: ZoneName
    by_rank: bool = Field(True, description="a card may take one table card of its rank")
    by_sum: bool = Field(True, description="a card may take 2+ table cards whose values add up to its value")
    rank_first: bool = Field(True, description="a card that can take a card of its rank may not take by sum")
    must_capture: bool = Field(True, description="a card that can capture may not be trailed")

    @model_validator(mode="after")
    def _some_capture(self) -> CapturePhase:
        if not (self.by_rank or self.by_sum):
            raise ValueError("capture: at least one of by_rank and by_sum must be true")
        return self


class BidPhase(_Model):
    """Simultaneous secret bids: a prize is turned up from `prize_from` onto `prize`; every
    seat holding cards commits one card of `from` face down to its `bid` zone; when all have
    bid, the bids are revealed together and go to `discard`, and the best bid takes the
    prize to its `won_to` (docs/genome-captures.md)."""

    phase: Literal["bid"]
    from_: ZoneName = Field(alias="from")
    bid: ZoneName
    prize_from: ZoneName | None = None
    prize: ZoneName
    won_to: ZoneName
    discard: ZoneName
    tie: Literal["discard", "carry_over"] = Field("discard", description="what a tie for the best bid does to the prize")
    winner: Literal["highest", "lowest"] = "highest"
    bids: Literal["secret", "open"] = Field("secret", description="open: bids are made face up, one after another")


Phase = Annotated[
    Union[
        CapturePhase,
        BidPhase,
        DrawPhase,
        PlayPhase,
        TrickPhase,
        BattlePhase,
        AskPhase,
        ClaimPhase,
        ClimbPhase,
        PlayTopPhase,
        DiscardSetsPhase,
        DrawChoicePhase,
        MeldDiscardPhase,
        "BetPhase",
        "DiscardDrawPhase",
        "CommunityPhase",
        "ShowdownPhase",
        "HitPhase",
    ],
    Field(discriminator="phase"),
]


# --------------------------------------------------------------------------- effects


class _EffectBase(_Model):
    card: Predicate


class DeclareSuit(_EffectBase):
    """The player names the active suit (a wild card)."""

    do: Literal["declare_suit"]


class Skip(_EffectBase):
    """The next player loses their turn."""

    do: Literal["skip"]


class Reverse(_EffectBase):
    """Play direction reverses."""

    do: Literal["reverse"]


class DrawNext(_EffectBase):
    """The next player draws `count` cards from `from`."""

    do: Literal["draw"]
    count: int = Field(2, ge=1, le=8)
    from_: ZoneName = Field("stock", alias="from")
    stackable: bool = Field(False, description="the next player may pass the draw on with a card of this effect")


class ExtraTurn(_EffectBase):
    """The same player moves again."""

    do: Literal["extra_turn"]


class Penalty(_EffectBase):
    """The next player must pay `count` cards onto the pile (beggar-my-neighbour)."""

    do: Literal["penalty"]
    count: int = Field(1, ge=1, le=8)


Effect = Annotated[
    Union[DeclareSuit, Skip, Reverse, DrawNext, ExtraTurn, Penalty], Field(discriminator="do")
]


# --------------------------------------------------------------------------- stock, scoring, end


class Stock(_Model):
    """What a draw from an empty `zone` does: reshuffle `reshuffle_from` (less its top
    `keep_top`) into it, end the hand, or nothing (pass)."""

    zone: ZoneName
    when_empty: Literal["reshuffle", "end_hand", "pass"] = "reshuffle"
    reshuffle_from: ZoneName | None = None
    keep_top: int = Field(1, ge=0, le=8)

    @model_validator(mode="after")
    def _reshuffle_fields(self) -> Stock:
        if (self.when_empty == "reshuffle") != (self.reshuffle_from is not None):
            raise ValueError("stock: `reshuffle_from` is required with when_empty reshuffle and only then")
        return self


class CardPoints(_Model):
    """Points for each card satisfying `card`."""

    card: Predicate
    points: int = Field(ge=-100, le=100)


class Scoring(_Model):
    """A seat's score: the card points of the cards in its copy of `zone`."""

    zone: ZoneName
    card_points: list[CardPoints] = Field(min_length=1, max_length=16)


class ZoneEmptyEnd(_Model):
    """A seat whose copy of `zone` is empty wins."""

    when: Literal["zone_empty"]
    zone: ZoneName
    result: Literal["that_player_wins", "that_player_loses"] = "that_player_wins"


class AllEmptyEnd(_Model):
    """Every seat's copy of `zone` is empty: the lowest (or highest) score wins."""

    when: Literal["all_empty"]
    zone: ZoneName
    result: Literal["lowest_score_wins", "highest_score_wins"]


class OneLeftEnd(_Model):
    """All seats but one are out: that seat wins."""

    when: Literal["one_left"]
    result: Literal["last_player_wins"] = "last_player_wins"


class AllButOneEmptyEnd(_Model):
    """Every seat but one has emptied `zone`: that seat loses, all others win (Old Maid)."""

    when: Literal["all_but_one_empty"]
    zone: ZoneName
    result: Literal["that_player_loses"] = "that_player_loses"


class KnockEnd(_Model):
    """The hand ends when a player knocks (scored by `melds`), or is void when the stock runs
    down to `melds.stock_left` cards (melds family)."""

    when: Literal["knock"]
    result: Literal["knock_scores"] = "knock_scores"


class CaptureDoneEnd(_Model):
    """Every seat's copy of `zone` and the captures' redeal zone are empty: the last capturer
    takes the table (if the captures say so) and the lowest (or highest) capture points win."""

    when: Literal["capture_done"]
    zone: ZoneName
    result: Literal["lowest_score_wins", "highest_score_wins"] = "highest_score_wins"


EndCondition = Annotated[
    Union[ZoneEmptyEnd, AllEmptyEnd, OneLeftEnd, AllButOneEmptyEnd, KnockEnd, CaptureDoneEnd, "ChipsEnd"], Field(discriminator="when")
]


# --------------------------------------------------------------------------- captures

PIP_VALUES: dict[str, int] = {"A": 1, **{str(n): n for n in range(2, 11)}, "J": 11, "Q": 12, "K": 13}


class Award(_Model):
    """End-of-hand points of a capture game, counted over each seat's captured cards; an
    award tied between seats goes to nobody. `most_cards`, `most_suit` (of `suit`), `card`
    (`points` per copy of the card captured), `primiera` (pagat.com, Scopa: best card of each
    suit by 7=21, 6=18, A=16, 5=15, 4=14, 3=13, 2=12, J/Q/K=10; a seat lacking a suit has 0)."""

    award: Literal["most_cards", "most_suit", "card", "primiera"]
    points: int = Field(1, ge=1, le=10)
    suit: Suit | None = None
    card: CardName | None = None

    @model_validator(mode="after")
    def _fields_by_kind(self) -> Award:
        if (self.award == "most_suit") != (self.suit is not None):
            raise ValueError("award: `suit` is required with most_suit and only then")
        if (self.award == "card") != (self.card is not None):
            raise ValueError("award: `card` is required with card and only then")
        return self


class Redeal(_Model):
    """When every hand is empty, deal `count` cards to each seat from the shared `from`."""

    from_: ZoneName = Field(alias="from")
    count: int = Field(3, ge=1, le=13)


class Captures(_Model):
    """Capture values, sweeps, redeals and end-of-hand awards of a capture game."""

    values: dict[Rank, Annotated[int, Field(ge=1, le=15)]] = Field(
        default_factory=dict, description="capture value of each rank; a rank not listed has its pip value (A=1, J=11, Q=12, K=13)"
    )
    sweep_points: int = Field(0, ge=0, le=10, description="points for taking the last card of the table")
    last_play_sweeps: bool = Field(False, description="a sweep with the last card of the hand counts")
    last_capturer_takes: bool = Field(True, description="cards left on the table at the end go to the last capturer")
    redeal: Redeal | None = None
    awards: list[Award] = Field(default_factory=list, max_length=8)

    def value(self, rank: str) -> int:
        """Capture value of ``rank`` (1..15)."""
        return self.values.get(rank, PIP_VALUES[rank])


class Match(_Model):
    """Play hands until a total reaches `target_score` or `max_hands` were played."""

    target_score: int = Field(100, ge=1, le=10_000)
    max_hands: int = Field(20, ge=1, le=100)
    result: Literal["lowest_total_wins", "highest_total_wins"] = "lowest_total_wins"


# --------------------------------------------------------------------------- trick-taking hands
# (docs/genome-tricks.md): the rules of a hand of a trick-taking game that are not the
# trick phase itself.

PassDirection = Literal["left", "right", "across", "none"]


class Passing(_Model):
    """Before the play each seat passes `count` cards, through its copy of the per-player
    `zone`, to the seat that `directions[h % len]` names in hand h (none: no passing)."""

    count: int = Field(3, ge=1, le=4)
    zone: ZoneName
    directions: list[PassDirection] = Field(min_length=1, max_length=4)


class Bidding(_Model):
    """Each seat from the dealer's left bids once a number of tricks, `min_bid` up to the
    hand size; with `nil` a bid of 0 is nil; with `hook` the dealer (last bidder) may
    not bid so that the bids add up to the number of tricks."""

    kind: Literal["tricks"] = "tricks"
    min_bid: int = Field(0, ge=0, le=13)
    nil: bool = False
    hook: bool = False


class TrumpChoice(_Model):
    """How a `chosen` trump is chosen. order_up: the top card of `zone` is turned; each seat
    may order it up (the dealer takes it and discards) or pass; then each may name another
    suit, and the dealer must (Euchre). top_taker: in the first hand the top card of the
    deck is turned up onto `zone` for trump; later, the seat that took the most tricks
    names trump (Knock-out Whist). bid_winner: the highest bidder names trump."""

    kind: Literal["order_up", "top_taker", "bid_winner"]
    zone: ZoneName | None = None

    @model_validator(mode="after")
    def _zone_by_kind(self) -> TrumpChoice:
        if (self.kind in ("order_up", "top_taker")) != (self.zone is not None):
            raise ValueError("trump_choice: `zone` is required with kinds order_up and top_taker, and only then")
        return self


class CardPointsScore(_Model):
    """The hand scores the card points of `scoring`; with `moon`, a seat that took every
    point card scores 0 and every other seat the total (shooting the moon)."""

    kind: Literal["card_points"]
    moon: bool = False


class BookScore(_Model):
    """A side scores one point per trick beyond the first `book` tricks (Whist: 6)."""

    kind: Literal["book"]
    book: int = Field(6, ge=0, le=13)


class ContractScore(_Model):
    """A side that takes at least the sum of its bids scores 10 per trick bid and 1 per
    overtrick (bag), else loses 10 per trick bid. A nil bid scores +nil_bonus if its bidder
    takes no trick, else -nil_bonus; a nil bidder's tricks count for nothing. Every
    `bag_limit` bags carried cost `bag_penalty` (bag_limit 0: no penalty). (Spades.)"""

    kind: Literal["contract"]
    nil_bonus: int = Field(100, ge=0, le=1000)
    bag_limit: int = Field(10, ge=0, le=100)
    bag_penalty: int = Field(100, ge=0, le=1000)


class ExactBidScore(_Model):
    """A seat that takes exactly its bid scores `bonus` plus its bid, any other 0 (Oh Hell)."""

    kind: Literal["exact_bid"]
    bonus: int = Field(10, ge=0, le=100)


class EuchreScore(_Model):
    """The makers' side scores 1 for a majority of the tricks and 2 for all of them (a
    march); with no majority they are euchred and the other side scores 2."""

    kind: Literal["euchre"]


class TricksScore(_Model):
    """One point per trick taken (a side's tricks with partnerships)."""

    kind: Literal["tricks"]


HandScore = Annotated[
    Union[CardPointsScore, BookScore, ContractScore, ExactBidScore, EuchreScore, TricksScore],
    Field(discriminator="kind"),
]


class TrickRules(_Model):
    """The rules of a trick-taking hand besides the trick phase (docs/genome-tricks.md):
    partnerships (4 players, seats 0+2 against 1+3, sharing tricks and score), passing,
    the hand size of each hand, bidding, how a `chosen` trump is chosen, how a hand is
    scored into the match, and the knockout rule (a seat taking no trick leaves the match)."""

    partnerships: bool = False
    passing: Passing | None = None
    hand_sizes: list[Annotated[int, Field(ge=1, le=52)]] = Field(default_factory=list, max_length=16)
    bidding: Bidding | None = None
    trump_choice: TrumpChoice | None = None
    hand_score: HandScore = Field(default_factory=lambda: CardPointsScore(kind="card_points"))
    knockout: bool = False


# --------------------------------------------------------------------------- betting games
# Chips, betting rounds, drawing to improve, community cards, showdowns and a banker seat
# (docs/genome-betting.md).


class DealDownStep(_Model):
    """Deal cards face down from a shared zone under the cards of another shared zone (a banker's
    hole card, under its up card)."""

    step: Literal["deal_down"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    count: int = Field(1, ge=1, le=52)


class BetPhase(_Model):
    """A betting round: fold, check, call, bet or raise, until every seat still in has matched the
    highest bet; one seat left wins the pot without a showdown."""

    phase: Literal["bet"]
    size: int = Field(1, ge=1, le=4, description="limit: the bet is betting.bet x size (1 small bet, 2 big bet)")


class DiscardDrawPhase(_Model):
    """Drawing to improve: every seat still in the hand discards up to `max` cards face down to `to`
    and draws as many from `draw_from`."""

    phase: Literal["discard_draw"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    draw_from: ZoneName
    max: int = Field(3, ge=1, le=5)


class CommunityPhase(_Model):
    """Deal `count` community cards face up from `from` to the board `to` (flop, turn, river)."""

    phase: Literal["community"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName
    count: int = Field(1, ge=1, le=5)


class ShowdownPhase(_Model):
    """The hands still in are shown and ranked (with the board); the pots are paid. The last phase
    of a betting game."""

    phase: Literal["showdown"]
    hand: ZoneName
    board: ZoneName | None = None
    rank: Literal["poker", "points"] = "poker"


class HitPhase(_Model):
    """Each seat in turn draws cards one at a time from `from` (hit) until it stands, reaches 21
    points or busts."""

    phase: Literal["hit"]
    from_: ZoneName = Field(alias="from")
    to: ZoneName


class ChipsEnd(_Model):
    """The match ends when at most one seat can play on (banker games: none), a seat reaches
    betting.target, or after betting.max_hands hands; the most chips win."""

    when: Literal["chips"]
    result: Literal["most_chips_wins"] = "most_chips_wins"


NATURAL_PAYS = {"1:1": (1, 1), "6:5": (6, 5), "3:2": (3, 2), "2:1": (2, 1)}


class Banker(_Model):
    """A banker seat with a fixed policy: each player stakes `stake` chips against it; it draws while
    its points are below `stands_on` (and on a soft `stands_on` when `hit_soft`)."""

    zone: ZoneName
    stake: int = Field(2, ge=1, le=1000)
    stands_on: int = Field(17, ge=12, le=21)
    hit_soft: bool = False
    natural_pays: Literal["1:1", "6:5", "3:2", "2:1"] = "3:2"

    @model_validator(mode="after")
    def _whole_payout(self) -> Banker:
        num, den = NATURAL_PAYS[self.natural_pays]
        if self.stake * num % den:
            raise ValueError(f"banker.stake {self.stake} is not paid {self.natural_pays} in whole chips")
        return self


class Betting(_Model):
    """Chips and stakes: starting stacks, antes, blinds, the betting structure and the match."""

    stack: int = Field(100, ge=1, le=5000, description="starting chips per seat")
    ante: int = Field(0, ge=0, le=1000)
    small_blind: int = Field(0, ge=0, le=1000)
    big_blind: int = Field(0, ge=0, le=1000)
    structure: Literal["limit", "pot_limit", "no_limit"] = "limit"
    bet: int = Field(2, ge=1, le=1000, description="limit: the small bet; pot and no limit: the minimum bet")
    max_raises: int = Field(4, ge=1, le=8, description="bets and raises per betting round")
    max_hands: int = Field(50, ge=1, le=200)
    target: int = Field(0, ge=0, le=32767, description="chips that end the match (0: none)")
    banker: Banker | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Betting:
        if self.small_blind > self.big_blind:
            raise ValueError(f"betting: small_blind {self.small_blind} exceeds big_blind {self.big_blind}")
        if self.banker is not None:
            if self.ante or self.small_blind or self.big_blind:
                raise ValueError("betting: a banker game has no ante or blinds")
            if self.banker.stake > self.stack:
                raise ValueError(f"betting.banker.stake {self.banker.stake} exceeds the stack {self.stack}")
            if self.stack + 2 * self.max_hands * self.banker.stake > 32767:
                raise ValueError("betting: stack + 2 x max_hands x stake exceeds 32767 chips")
        return self


_BETTING_PHASES = (BetPhase, DiscardDrawPhase, CommunityPhase, ShowdownPhase, HitPhase)


def _check_betting(g: Genome) -> None:
    """The rules that tie `betting` to the turn, setup and end (docs/genome-betting.md)."""
    zones = {z.name: z for z in g.zones}

    def need(where: str, name: str | None, owner: str | None = None) -> None:
        if name is None:
            return
        if name not in zones:
            raise ValueError(f"{where}: unknown zone {name!r} (zones: {', '.join(zones)})")
        if owner is not None and zones[name].owner != owner:
            raise ValueError(f"{where}: zone {name!r} must be {owner}, it is {zones[name].owner}")

    uses = [f"turn[{i}]" for i, ph in enumerate(g.turn) if isinstance(ph, _BETTING_PHASES)]
    uses += [f"setup[{i}]" for i, st in enumerate(g.setup) if isinstance(st, DealDownStep)]
    uses += [f"end[{i}]" for i, e in enumerate(g.end) if isinstance(e, ChipsEnd)]
    b = g.betting
    if b is None:
        if uses:
            raise ValueError(f"{uses[0]}: chips, bet/discard_draw/community/showdown/hit and deal_down need a `betting` section")
        return
    if b.stack * g.players > 32767:
        raise ValueError(f"betting.stack {b.stack} x {g.players} players exceeds 32767 chips")
    if len(g.end) != 1 or not isinstance(g.end[0], ChipsEnd):
        raise ValueError("end: a betting game has exactly one end condition, {when: chips}")
    shows = [i for i, ph in enumerate(g.turn) if isinstance(ph, ShowdownPhase)]
    if shows != [len(g.turn) - 1]:
        raise ValueError("turn: a betting game has exactly one showdown phase, the last")
    if g.match is not None or g.scoring is not None:
        raise ValueError("betting: a betting game keeps chips; remove `match` and `scoring`")
    if b.banker is not None:
        need("betting.banker.zone", b.banker.zone, "shared")
        if any(isinstance(ph, BetPhase) for ph in g.turn):
            raise ValueError("turn: a banker game has no bet phases (each player stakes against the banker)")
        if g.turn[-1].board is not None:
            raise ValueError(f"turn[{len(g.turn) - 1}].board: a banker game's showdown has no board")
    demand = 0
    for i, st in enumerate(g.setup):
        if isinstance(st, DealStep):
            n = st.count_for_players(g.players)
            demand += 0 if n == "all" else n * g.players
        elif isinstance(st, TurnUpStep):
            demand += st.count
        elif isinstance(st, DealDownStep):
            need(f"setup[{i}].from", st.from_, "shared")
            need(f"setup[{i}].to", st.to, "shared")
            if st.from_ == st.to:
                raise ValueError(f"setup[{i}]: from and to are the same zone")
            demand += st.count
    if demand > g.deck.size:
        raise ValueError(f"setup: deals need {demand} cards for {g.players} players but the deck has {g.deck.size}")
    for i, ph in enumerate(g.turn):
        where = f"turn[{i}]"
        if isinstance(ph, DiscardDrawPhase):
            need(where + ".from", ph.from_, "player")
            need(where + ".to", ph.to)
            need(where + ".draw_from", ph.draw_from, "shared")
            if ph.from_ == ph.to:
                raise ValueError(f"{where}: from and to are the same zone")
        elif isinstance(ph, CommunityPhase):
            need(where + ".from", ph.from_, "shared")
            need(where + ".to", ph.to, "shared")
            if ph.from_ == ph.to:
                raise ValueError(f"{where}: from and to are the same zone")
        elif isinstance(ph, ShowdownPhase):
            need(where + ".hand", ph.hand, "player")
            need(where + ".board", ph.board, "shared")
        elif isinstance(ph, HitPhase):
            need(where + ".from", ph.from_, "shared")
            need(where + ".to", ph.to, "player")


# --------------------------------------------------------------------------- genome


class Genome(_Model):
    """A complete rule set for a card game (docs/genome.md).

    Validation checks every field and every cross-reference (zones named by steps, phases,
    predicates and conditions exist and are of the right kind; deals fit in the deck; named
    cards are in the deck). Raises ``pydantic.ValidationError`` naming the field.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        serialize_by_alias=True,
        json_schema_extra={"title": "darwindeck genome", "$id": "darwindeck-genome-v1"},
    )

    schema_version: Literal[1, 2] = SCHEMA_VERSION
    name: str = Field(min_length=1, max_length=64)
    players: int = Field(ge=2, le=MAX_PLAYERS)
    deck: Deck = Field(default_factory=Deck)
    zones: list[Zone] = Field(min_length=1, max_length=MAX_ZONES)
    setup: list[SetupStep] = Field(default_factory=list, max_length=16)
    turn: list[Phase] = Field(min_length=1, max_length=MAX_PHASES)
    effects: list[Effect] = Field(default_factory=list, max_length=16)
    stock: Stock | None = None
    scoring: Scoring | None = None
    end: list[EndCondition] = Field(min_length=1, max_length=8)
    match: Match | None = None
    melds: Melds | None = None
    tricks: TrickRules | None = None
    betting: Betting | None = Field(None, description="chips and stakes of a betting game (docs/genome-betting.md)")
    captures: Captures | None = None
    turn_cap: int = Field(1000, ge=1, le=MAX_TURN_CAP)

    # ---------------------------------------------------------------- cross-references

    @model_validator(mode="after")
    def _check_references(self) -> Genome:
        zones = {z.name: z for z in self.zones}
        if len(zones) != len(self.zones):
            names = [z.name for z in self.zones]
            dup = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"zones: duplicate zone names {dup}")

        def need(where: str, name: str | None, owner: str | None = None) -> None:
            if name is None:
                return
            if name not in zones:
                raise ValueError(f"{where}: unknown zone {name!r} (zones: {', '.join(zones)})")
            if owner is not None and zones[name].owner != owner:
                raise ValueError(f"{where}: zone {name!r} must be {owner}, it is {zones[name].owner}")

        def need_seen(where: str, name: str) -> None:
            # A zone a player picks cards from by a decision: the moves name the cards,
            # so the player must see them (docs/genome.md, "Zones").
            if zones[name].visibility not in ("owner", "public"):
                raise ValueError(
                    f"{where}: zone {name!r} is {zones[name].visibility}; a player chooses a card it can see (owner or public)"
                )

        def need_pred(where: str, pred: Any) -> None:
            _check_predicate_size(where, pred)
            for z in predicate_zones(pred):
                need(where, z, "shared")

        def need_card(where: str, card: str | None) -> None:
            if card is None:
                return
            rank, _ = parse_card(card)
            if rank not in self.deck.ranks or card in self.deck.remove:
                raise ValueError(f"{where}: card {card} is not in the deck (ranks {self.deck.ranks}, removed {self.deck.remove})")

        need("deck.start", self.deck.start, "shared")
        dealt = 0
        for i, step in enumerate(self.setup):
            where = f"setup[{i}]"
            if isinstance(step, DealStep):
                need(where + ".from", step.from_, "shared")
                need(where + ".to", step.to, "player")
                n = step.count_for_players(self.players)
                if n != "all":
                    dealt += n * self.players
            elif isinstance(step, TurnUpStep):
                need(where + ".from", step.from_)
                need(where + ".to", step.to, "shared")
                if step.from_ == step.to:
                    raise ValueError(f"{where}: from and to are the same zone")
                dealt += step.count
            elif isinstance(step, FirstPlayerStep):
                need_card(where + ".card", step.card)
            elif isinstance(step, DealSuitStep):
                need(where + ".from", step.from_, "shared")
                need(where + ".to", step.to)
                if step.from_ == step.to:
                    raise ValueError(f"{where}: from and to are the same zone")
                if zones[step.to].owner == "player" and step.seat >= self.players:
                    raise ValueError(f"{where}.seat: seat {step.seat} does not exist with {self.players} players")
                if zones[step.to].owner == "shared" and step.seat != 0:
                    raise ValueError(f"{where}.seat: must be 0 for the shared zone {step.to!r}")
            elif isinstance(step, DiscardSetsStep):
                need(where + ".from", step.from_, "player")
                need(where + ".to", step.to)
                if step.from_ == step.to:
                    raise ValueError(f"{where}: from and to are the same zone")
        if dealt > self.deck.size:
            raise ValueError(
                f"setup: deals and turn-ups need {dealt} cards for {self.players} players "
                f"but the deck has {self.deck.size}"
            )

        for i, ph in enumerate(self.turn):
            where = f"turn[{i}]"
            if isinstance(ph, DrawPhase):
                need(where + ".from", ph.from_, None if ph.from_player == "none" else "player")
                need(where + ".to", ph.to, "player")
                if ph.from_ == ph.to and ph.from_player == "none":
                    raise ValueError(f"{where}: from and to are the same zone")
            elif isinstance(ph, PlayPhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".to", ph.to, "shared")
                need_pred(where + ".legal", ph.legal)
                if ph.if_unable is not None:
                    need(where + ".if_unable.draw_from", ph.if_unable.draw_from, "shared")
            elif isinstance(ph, TrickPhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".trick_zone", ph.trick_zone, "shared")
                need(where + ".won_to", ph.won_to, "player")
                need(where + ".trump.zone", ph.trump.zone, "shared")
                need_card(where + ".first_lead", ph.first_lead)
            elif isinstance(ph, AskPhase):
                need(where + ".zone", ph.zone, "player")
                need_seen(where + ".zone", ph.zone)
                need(where + ".draw_from", ph.draw_from, "shared")
            elif isinstance(ph, ClaimPhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".to", ph.to, "shared")
            elif isinstance(ph, ClimbPhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".to", ph.to, "shared")
                need(where + ".cleared_to", ph.cleared_to, "shared")
                if ph.to == ph.cleared_to:
                    raise ValueError(f"{where}: to and cleared_to are the same zone")
            elif isinstance(ph, PlayTopPhase):
                need(where + ".from", ph.from_, "player")
                need(where + ".to", ph.to, "shared")
            elif isinstance(ph, DiscardSetsPhase):
                need(where + ".from", ph.from_, "player")
                need(where + ".to", ph.to)
                if ph.from_ == ph.to:
                    raise ValueError(f"{where}: from and to are the same zone")
            elif isinstance(ph, CapturePhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".table", ph.table, "shared")
                if zones[ph.table].visibility != "public":
                    raise ValueError(f"{where}.table: zone {ph.table!r} must be public (captures are made from face-up cards)")
                need(where + ".won_to", ph.won_to, "player")
                if ph.from_ == ph.won_to:
                    raise ValueError(f"{where}: from and won_to are the same zone")
                if self.captures is None:
                    raise ValueError(f"{where}: a capture phase needs the `captures` section (card values)")
            elif isinstance(ph, BidPhase):
                need(where + ".from", ph.from_, "player")
                need_seen(where + ".from", ph.from_)
                need(where + ".bid", ph.bid, "player")
                if zones[ph.bid].visibility in ("public", "top_public"):
                    raise ValueError(f"{where}.bid: zone {ph.bid!r} is {zones[ph.bid].visibility}; a face-down bid needs an owner or hidden zone")
                need(where + ".prize_from", ph.prize_from, "shared")
                need(where + ".prize", ph.prize, "shared")
                need(where + ".won_to", ph.won_to, "player")
                need(where + ".discard", ph.discard, "shared")
                if len({ph.from_, ph.bid, ph.won_to}) < 3:
                    raise ValueError(f"{where}: from, bid and won_to must be three different zones")
                if ph.prize_from == ph.prize or ph.prize == ph.discard:
                    raise ValueError(f"{where}: prize must differ from prize_from and discard")
            elif isinstance(ph, BattlePhase):
                need(where + ".from", ph.from_, "player")
                need(where + ".table", ph.table, "shared")
                if not any(isinstance(e, OneLeftEnd) for e in self.end):
                    raise ValueError(f"{where}: a battle game needs the end condition one_left")

        for i, eff in enumerate(self.effects):
            need_pred(f"effects[{i}].card", eff.card)
            if isinstance(eff, DrawNext):
                need(f"effects[{i}].from", eff.from_, "shared")
        if self.effects and not any(isinstance(p, (PlayPhase, PlayTopPhase)) for p in self.turn):
            raise ValueError("effects: effects act on cards played in a play or play_top phase; there is none")
        for i, eff in enumerate(self.effects):
            if isinstance(eff, Penalty) and not any(isinstance(p, PlayTopPhase) for p in self.turn):
                raise ValueError(f"effects[{i}]: a penalty is paid with a play_top phase; there is none")
            if isinstance(eff, DrawNext) and eff.stackable and not any(isinstance(p, PlayPhase) for p in self.turn):
                raise ValueError(f"effects[{i}]: a stackable draw is answered in a play phase; there is none")

        if self.stock is not None:
            need("stock.zone", self.stock.zone, "shared")
            need("stock.reshuffle_from", self.stock.reshuffle_from, "shared")
            if self.stock.zone == self.stock.reshuffle_from:
                raise ValueError("stock: zone and reshuffle_from are the same zone")
        if self.scoring is not None:
            need("scoring.zone", self.scoring.zone, "player")
            for i, cp in enumerate(self.scoring.card_points):
                need_pred(f"scoring.card_points[{i}].card", cp.card)

        for i, cond in enumerate(self.end):
            if isinstance(cond, (ZoneEmptyEnd, AllEmptyEnd, AllButOneEmptyEnd, CaptureDoneEnd)):
                need(f"end[{i}].zone", cond.zone, "player")
            if isinstance(cond, CaptureDoneEnd) and self.captures is None:
                raise ValueError(f"end[{i}]: capture_done needs the `captures` section")
        if self.captures is not None:
            cap = self.captures
            if not any(isinstance(p, CapturePhase) for p in self.turn):
                raise ValueError("captures: the section needs a capture phase in the turn")
            if self.scoring is not None:
                raise ValueError("captures: a capture game scores its captures; remove `scoring` or `captures`")
            if cap.redeal is not None:
                need("captures.redeal.from", cap.redeal.from_, "shared")
            for i, aw in enumerate(cap.awards):
                need_card(f"captures.awards[{i}].card", aw.card)
        if (
            self.match is not None
            and self.scoring is None
            and self.captures is None
            and self.melds is None
            and self.tricks is None
        ):
            raise ValueError("match: hand scores come from `scoring`, `captures`, `melds` or `tricks.hand_score`; add one")
        self._check_melds(need)
        self._check_tricks(need)
        _check_betting(self)
        return self

    def _check_melds(self, need: Any) -> None:
        """Cross-references of the melds family (docs/genome-melds.md)."""
        meld_phases = [(i, p) for i, p in enumerate(self.turn) if isinstance(p, (DrawChoicePhase, MeldDiscardPhase))]
        knock = any(isinstance(e, KnockEnd) for e in self.end)
        m = self.melds
        if m is None:
            if meld_phases or knock:
                raise ValueError("melds: draw_choice, meld_discard and the knock end condition need a melds section")
            return
        need("melds.hand", m.hand, "player")
        need("melds.stock", m.stock, "shared")
        if not knock:
            raise ValueError("melds: a melds game needs the end condition {when: knock}")
        if not any(isinstance(p, MeldDiscardPhase) for _, p in meld_phases):
            raise ValueError("melds: a melds game needs a meld_discard phase (where players knock)")
        if self.scoring is not None:
            raise ValueError("melds: the knock scores the hand; remove the scoring section")
        for i, ph in meld_phases:
            where = f"turn[{i}]"
            if isinstance(ph, DrawChoicePhase):
                need(where + ".to", ph.to, "player")
                need(where + ".stock", ph.stock, "shared")
                need(where + ".discard", ph.discard, "shared")
                if ph.stock == ph.discard:
                    raise ValueError(f"{where}: stock and discard are the same zone")
                if ph.to != m.hand:
                    raise ValueError(f"{where}.to: draws into {ph.to!r}, not the melds hand {m.hand!r}")
            else:
                need(where + ".from", ph.from_, "player")
                vis = next(z.visibility for z in self.zones if z.name == ph.from_)
                if vis not in ("owner", "public"):
                    raise ValueError(
                        f"{where}.from: zone {ph.from_!r} is {vis}; a player chooses a card it can see (owner or public)"
                    )
                need(where + ".to", ph.to, "shared")
                if ph.from_ != m.hand:
                    raise ValueError(f"{where}.from: discards from {ph.from_!r}, not the melds hand {m.hand!r}")

    def _check_tricks(self, need: Any) -> None:
        """Cross-references of trick-taking rules (mirrors the Go decoder's checks)."""
        chosen = any(isinstance(p, TrickPhase) and p.trump.kind == "chosen" for p in self.turn)
        t = self.tricks
        if t is None:
            if chosen:
                raise ValueError("turn: a trick with trump kind chosen needs tricks.trump_choice")
            return
        if not isinstance(self.turn[0], TrickPhase):
            raise ValueError("tricks: the first phase of the turn must be a trick phase")
        if t.partnerships and self.players != 4:
            raise ValueError(f"tricks.partnerships: partnerships need 4 players, the game has {self.players}")
        if t.passing is not None:
            need("tricks.passing.zone", t.passing.zone, "player")
            if t.passing.zone == self.turn[0].from_:
                raise ValueError("tricks.passing.zone: the pass zone is the hand the tricks are played from")
            if "across" in t.passing.directions and self.players != 4:
                raise ValueError("tricks.passing.directions: passing across needs 4 players")
        if t.hand_sizes:
            if not any(isinstance(st, DealStep) for st in self.setup):
                raise ValueError("tricks.hand_sizes: hand sizes need a deal setup step")
            for n in t.hand_sizes:
                if n * self.players > self.deck.size:
                    raise ValueError(
                        f"tricks.hand_sizes: {n} cards for {self.players} players exceeds the deck of {self.deck.size}"
                    )
        if t.trump_choice is not None:
            if t.trump_choice.zone is not None:
                need("tricks.trump_choice.zone", t.trump_choice.zone, "shared")
                if t.trump_choice.zone == self.deck.start:
                    raise ValueError("tricks.trump_choice.zone: the turned card's zone is the deck's start zone")
            if t.trump_choice.kind == "bid_winner" and t.bidding is None:
                raise ValueError("tricks.trump_choice: the bid winner names trump, but there is no bidding")
        if chosen != (t.trump_choice is not None):
            raise ValueError("tricks.trump_choice: goes with a trick phase whose trump kind is chosen, and only then")
        hs = t.hand_score
        if isinstance(hs, CardPointsScore) and self.scoring is None:
            raise ValueError("tricks.hand_score: card_points needs a scoring section")
        if isinstance(hs, (ContractScore, ExactBidScore)) and t.bidding is None:
            raise ValueError(f"tricks.hand_score: {hs.kind} needs bidding")
        if isinstance(hs, EuchreScore) and (t.trump_choice is None or t.trump_choice.kind == "top_taker"):
            raise ValueError("tricks.hand_score: euchre needs makers (trump_choice order_up or bid_winner)")
        if t.knockout and self.match is None:
            raise ValueError("tricks.knockout: knocking seats out needs match play")

    # ---------------------------------------------------------------- identity

    @cached_property
    def genome_id(self) -> str:
        """12 hex digits of SHA-256 of the compiled program: equal rules, equal id.

        The name is not part of the program, so renaming keeps the id. Raises
        ``darwindeck.genome.bytecode.CompileError`` if the genome cannot be compiled.
        """
        from darwindeck.genome.bytecode import BytecodeCompiler

        return hashlib.sha256(BytecodeCompiler().compile_genome(self)).hexdigest()[:12]

    def with_changes(self, **changes: Any) -> Genome:
        """A validated copy with top-level fields replaced (``model_copy`` does not validate).

        Raises ``pydantic.ValidationError`` if the result is not a valid genome.
        """
        data = self.model_dump(by_alias=True, exclude_none=True)
        for key, value in changes.items():
            data[key] = value.model_dump(by_alias=True, exclude_none=True) if isinstance(value, BaseModel) else value
        return Genome.model_validate(data)


def slug(name: str) -> str:
    """A file-name-safe lower-case form of a genome name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "genome"


__all__ = [
    "SCHEMA_VERSION",
    "RANKS",
    "SUITS",
    "Genome",
    "Deck",
    "Zone",
    "DealStep",
    "TurnUpStep",
    "FirstPlayerStep",
    "DrawPhase",
    "AskPhase",
    "ClaimPhase",
    "ClimbPhase",
    "PlayTopPhase",
    "DiscardSetsPhase",
    "DiscardSetsStep",
    "DealSuitStep",
    "CapturePhase",
    "BidPhase",
    "CaptureDoneEnd",
    "Captures",
    "Award",
    "Redeal",
    "Penalty",
    "AdjacentInSuit",
    "AllButOneEmptyEnd",
    "Match",
    "Melds",
    "DrawChoicePhase",
    "MeldDiscardPhase",
    "KnockEnd",
    "STANDARD_DEADWOOD",
    "PlayPhase",
    "IfUnable",
    "TrickPhase",
    "Trump",
    "TrickRules",
    "Passing",
    "Bidding",
    "TrumpChoice",
    "CardPointsScore",
    "BookScore",
    "ContractScore",
    "ExactBidScore",
    "EuchreScore",
    "TricksScore",
    "BattlePhase",
    "DeclareSuit",
    "Skip",
    "Reverse",
    "DrawNext",
    "ExtraTurn",
    "Stock",
    "Scoring",
    "CardPoints",
    "ZoneEmptyEnd",
    "AllEmptyEnd",
    "OneLeftEnd",
    "Predicate",
    "RankIs",
    "SuitIs",
    "ColorIs",
    "CardIs",
    "SameRankAsTop",
    "SameSuitAsTop",
    "HigherThanTop",
    "AnyOf",
    "AllOf",
    "NotOf",
    "predicate_zones",
    "slug",
    "Betting",
    "Banker",
    "BetPhase",
    "DiscardDrawPhase",
    "CommunityPhase",
    "ShowdownPhase",
    "HitPhase",
    "DealDownStep",
    "ChipsEnd",
]
