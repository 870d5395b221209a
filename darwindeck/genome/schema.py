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
    Union[DealStep, TurnUpStep, FirstPlayerStep, DiscardSetsStep, DealSuitStep], Field(discriminator="step")
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
    """Trump rule of a trick: none, a fixed suit, or the suit of a turned-up card."""

    kind: Literal["none", "suit", "turned_up"] = "none"
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


class CaptureDoneEnd(_Model):
    """Every seat's copy of `zone` and the captures' redeal zone are empty: the last capturer
    takes the table (if the captures say so) and the lowest (or highest) capture points win."""

    when: Literal["capture_done"]
    zone: ZoneName
    result: Literal["lowest_score_wins", "highest_score_wins"] = "highest_score_wins"


EndCondition = Annotated[
    Union[ZoneEmptyEnd, AllEmptyEnd, OneLeftEnd, AllButOneEmptyEnd, CaptureDoneEnd], Field(discriminator="when")
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
        if self.match is not None and self.scoring is None and self.captures is None:
            raise ValueError("match: hand scores come from `scoring` or `captures`; add one")
        return self

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
    "PlayPhase",
    "IfUnable",
    "TrickPhase",
    "Trump",
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
]
