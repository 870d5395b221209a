"""Standard playing cards: ranks, suits, colours and card ids.

A card id is ``copy * 52 + suit * 13 + rank`` with ``suit`` 0..3 for clubs, diamonds,
hearts, spades and ``rank`` 0..12 for ``2 3 4 5 6 7 8 9 10 J Q K A`` (the same numbering
as gosim's ``cards`` package and docs/bytecode.md). Rank order (ace high or low) is a rule
of the game, not part of the id.
"""

from __future__ import annotations

import re

RANKS: tuple[str, ...] = ("2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K", "A")
SUITS: tuple[str, ...] = ("C", "D", "H", "S")
RED_SUITS = frozenset({"D", "H"})

_CARD_RE = re.compile(r"^(10|[2-9JQKA])([CDHS])$")


def rank_index(rank: str) -> int:
    """Index 0..12 of ``rank`` ("2".."A"). Raises ValueError naming the bad rank."""
    try:
        return RANKS.index(rank)
    except ValueError:
        raise ValueError(f"unknown rank {rank!r}; ranks are {', '.join(RANKS)}") from None


def suit_index(suit: str) -> int:
    """Index 0..3 of ``suit`` ("C", "D", "H", "S"). Raises ValueError naming the bad suit."""
    try:
        return SUITS.index(suit)
    except ValueError:
        raise ValueError(f"unknown suit {suit!r}; suits are C, D, H, S") from None


def parse_card(name: str) -> tuple[str, str]:
    """Split a card name such as ``"QS"`` or ``"10H"`` into (rank, suit).

    Raises ValueError naming the bad card.
    """
    m = _CARD_RE.match(name) if isinstance(name, str) else None
    if m is None:
        raise ValueError(f"bad card {name!r}; write rank then suit, e.g. 2C, 10H, QS")
    return m.group(1), m.group(2)


def card_id(name: str) -> int:
    """Card id 0..51 (first deck copy) of a card name such as ``"2C"``."""
    rank, suit = parse_card(name)
    return suit_index(suit) * 13 + rank_index(rank)


def card_name(card: int) -> str:
    """Name of card id ``card`` (0..103); the deck copy is not shown."""
    c = card % 52
    return RANKS[c % 13] + SUITS[c // 13]
