"""Render a genome as a rulebook in English (markdown).

The renderer walks the same structure the compiler and the engine walk, so what it says is
what gosim plays. Used for the hall of fame files, TensorBoard text and ``darwindeck rules``.
"""

from __future__ import annotations

from typing import Any

from darwindeck.genome import schema as s

_RANK_WORDS = {"J": "jack", "Q": "queen", "K": "king", "A": "ace"}
_SUIT_WORDS = {"C": "clubs", "D": "diamonds", "H": "hearts", "S": "spades"}
_SUIT_ONE = {"C": "club", "D": "diamond", "H": "heart", "S": "spade"}
_VIS = {
    "hidden": "face down",
    "owner": "seen only by its owner",
    "public": "face up",
    "top_public": "with only the top card face up",
}


def rank_word(rank: str) -> str:
    """``"Q"`` -> ``"queen"``, ``"8"`` -> ``"8"``."""
    return _RANK_WORDS.get(rank, rank)


def card_words(card: str) -> str:
    """``"QS"`` -> ``"queen of spades"``."""
    rank, suit = (card[:-1], card[-1])
    return f"{rank_word(rank)} of {_SUIT_WORDS[suit]}"


def predicate_words(pred: Any) -> str:
    """English for a card predicate, e.g. ``"has the rank of the top card of discard"``."""
    if pred is True:
        return "any card"
    if isinstance(pred, s.RankIs):
        word = rank_word(pred.rank_is)
        return f"{'an' if word in ('8', 'ace') else 'a'} {word}"
    if isinstance(pred, s.SuitIs):
        return f"a {_SUIT_ONE[pred.suit_is]}"
    if isinstance(pred, s.ColorIs):
        return f"a {pred.color_is} card"
    if isinstance(pred, s.CardIs):
        return f"the {card_words(pred.card_is)}"
    if isinstance(pred, s.SameRankAsTop):
        return f"a card of the same rank as the top card of {pred.same_rank_as_top}"
    if isinstance(pred, s.SameSuitAsTop):
        return f"a card of the active suit of {pred.same_suit_as_top}"
    if isinstance(pred, s.HigherThanTop):
        return f"a card higher than the top card of {pred.higher_than_top}"
    if isinstance(pred, s.AdjacentInSuit):
        return f"a card next in rank (above or below) to a card of its suit on {pred.adjacent_in_suit}"
    if isinstance(pred, s.AnyOf):
        return "either " + ", or ".join(predicate_words(p) for p in pred.any) if len(pred.any) > 1 else predicate_words(pred.any[0])
    if isinstance(pred, s.AllOf):
        return "(" + " that is also ".join(predicate_words(p) for p in pred.all) + ")"
    if isinstance(pred, s.NotOf):
        return f"anything but {predicate_words(pred.not_)}"
    raise TypeError(f"unknown predicate {pred!r}")


def _count(n: Any, noun: str) -> str:
    if n == "all":
        return f"all the {noun}s"
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render_rules(genome: s.Genome) -> str:
    """The rulebook of ``genome`` as markdown text (a title, then one section per part)."""
    g = genome
    out: list[str] = [f"# {g.name}", ""]
    deck = g.deck
    ranks = "all thirteen ranks" if len(deck.ranks) == 13 else "ranks " + ", ".join(deck.ranks)
    copies = "one standard deck" if deck.decks == 1 else f"{deck.decks} standard decks"
    if deck.remove:
        ranks += "; without the " + ", ".join(card_words(c) for c in deck.remove)
    out.append(
        f"**{g.players} players.** {copies.capitalize()} ({ranks}; {deck.size} cards), "
        f"{'ace high' if deck.rank_order == 'ace_high' else 'ace low'}."
    )
    out += ["", "## Zones", ""]
    for z in g.zones:
        who = "one for each player" if z.owner == "player" else "on the table"
        out.append(f"- **{z.name}**: {who}, {_VIS[z.visibility]}; cards are added at the {z.insert}.")
    out += ["", "## Setup", "", f"1. Shuffle the deck into {deck.start}. Seat 0 deals."]
    for i, st in enumerate(g.setup, start=2):
        if isinstance(st, s.DealStep):
            n = st.count_for_players(g.players)
            if n == "all":
                out.append(f"{i}. Deal all the cards of {st.from_} to the players' {st.to}, one at a time.")
            else:
                out.append(f"{i}. Deal {_count(n, 'card')} from {st.from_} to each player's {st.to}, one at a time.")
        elif isinstance(st, s.TurnUpStep):
            out.append(f"{i}. Turn up {_count(st.count, 'card')} from {st.from_} onto {st.to}.")
        elif isinstance(st, s.FirstPlayerStep):
            who = {
                "left_of_dealer": "The player left of the dealer",
                "dealer": "The dealer",
                "holder_of": f"The holder of the {card_words(st.card or '2C')}",
            }[st.rule]
            out.append(f"{i}. {who} moves first.")
        elif isinstance(st, s.DiscardSetsStep):
            out.append(f"{i}. Every player puts {_sets_words(st.size, st.match)} from their {st.from_} onto {st.to}.")
        elif isinstance(st, s.DealDownStep):
            out.append(f"{i}. {_deal_down_words(st)}")
        elif isinstance(st, s.DealSuitStep):
            out.append(f"{i}. {_deal_suit_words(st, g)}")
    out += _before_play_words(g)
    if g.betting is not None:
        out += _betting_words(g)
    else:
        out += ["", "## A turn", ""]
    first_bet = 0
    for i, ph in enumerate(g.turn, start=1):
        if isinstance(ph, s.ShowdownPhase):
            out.append(f"{i}. {_showdown_words(ph, g)}")
        elif isinstance(ph, s.BetPhase) and first_bet:
            out.append(f"{i}. {_bet_again_words(ph, first_bet)}")
        else:
            first_bet = first_bet or (i if isinstance(ph, s.BetPhase) else 0)
            out.append(f"{i}. {_phase_words(ph)}")
    if g.effects:
        out += ["", "## Card effects", ""]
        for e in g.effects:
            out.append(f"- Playing {predicate_words(e.card)}: {_effect_words(e)}")
    if g.stock is not None:
        st = g.stock
        if st.when_empty == "reshuffle":
            keep = f"all but the top {_count(st.keep_top, 'card')}" if st.keep_top else "all the cards"
            out += ["", f"When {st.zone} runs out, shuffle {keep} of {st.reshuffle_from} into it."]
        elif st.when_empty == "end_hand":
            out += ["", f"When a player must draw from an empty {st.zone}, the game ends at once."]
        else:
            out += ["", f"A draw from an empty {st.zone} does nothing."]
    if g.melds is not None:
        out += ["", "## Melds", ""] + _melds_words(g)
    if g.scoring is not None:
        out += ["", "## Scoring", "", f"Each player scores the cards in their {g.scoring.zone}:"]
        for cp in g.scoring.card_points:
            out.append(f"- {predicate_words(cp.card)}: {cp.points:+d}")
    out += _hand_score_words(g)
    if g.captures is not None:
        out += ["", *_captures_words(g)]
    out += ["", "## End", ""]
    for e in g.end:
        if isinstance(e, s.ZoneEmptyEnd) and e.result == "that_player_loses":
            out.append(f"- A player whose {e.zone} is empty is out; the last player left wins.")
        elif isinstance(e, s.ZoneEmptyEnd):
            out.append(f"- The first player whose {e.zone} is empty wins.")
        elif isinstance(e, s.AllButOneEmptyEnd):
            out.append(f"- A player whose {e.zone} is empty is out; the last player still holding cards loses and all others win.")
        elif isinstance(e, s.CaptureDoneEnd):
            out.append(_capture_done_words(e, g))
        elif isinstance(e, s.AllEmptyEnd):
            best = "lowest" if e.result == "lowest_score_wins" else "highest"
            out.append(f"- When every {e.zone} is empty, the {best} score wins (ties share the win).")
        elif isinstance(e, s.KnockEnd):
            out.append("- A knock ends the hand, scored as under Melds; a hand voided by the stock ends with no score.")
        elif isinstance(e, s.ChipsEnd):
            out.append(_chips_end_words(g))
        else:
            out.append("- The last player left in the game wins.")
    if g.match is not None:
        m = g.match
        best = "lowest" if m.result == "lowest_total_wins" else "highest"
        out.append(
            f"- These end a hand. Scores add up over hands; the deal passes to the left. When a total "
            f"reaches {m.target_score} or after {m.max_hands} hands, the {best} total wins."
        )
    if g.betting is not None:
        out.append(f"- After {g.turn_cap} hands (each hand counts as one turn) the game stops unfinished: nobody wins.")
    else:
        out.append(f"- After {g.turn_cap} turns the game stops unfinished: nobody wins. So does a game that repeats itself exactly.")
    return "\n".join(out) + "\n"


def _phase_words(ph: Any) -> str:
    if isinstance(ph, (s.CapturePhase, s.BidPhase)):
        return _capture_phase_words(ph)
    if isinstance(ph, s.DrawPhase):
        if ph.from_player != "none":
            side = "left" if ph.from_player == "left" else "right"
            return f"Draw {_count(ph.count, 'card')} blind from the {ph.from_} of the next player to your {side} who holds cards, into your {ph.to}."
        return f"Draw {_count(ph.count, 'card')} from {ph.from_} into your {ph.to}."
    if isinstance(ph, s.AskPhase):
        again = {
            "never": "",
            "on_success": " If you were given cards, take another turn.",
            "on_success_or_lucky_draw": " If you were given cards, or fished the rank you asked for, take another turn.",
        }[ph.again]
        fish = f" If they have none, draw a card from {ph.draw_from}." if ph.draw_from else ""
        return f"Ask another player for a rank you hold in your {ph.zone}; they give you all their cards of that rank.{fish}{again}"
    if isinstance(ph, s.ClaimPhase):
        return (
            f"Put 1 to {ph.max_count} cards of one rank face down on {ph.to}, claiming they are of the rank due "
            "(aces first, then 2, 3 ... kings, then aces again). Each other player in turn may challenge: the cards are shown, "
            "and if any is not of the claimed rank the claimer takes the pile, otherwise the challenger does."
        )
    if isinstance(ph, s.ClimbPhase):
        return (
            f"Lead a set of 1 to {ph.max_set} cards of one rank onto {ph.to}, or beat the last play with a set of the same "
            f"size and higher rank, or pass. When everyone else has passed, {ph.to} goes to {ph.cleared_to} and the last "
            "player to play leads."
        )
    if isinstance(ph, s.PlayTopPhase):
        return f"Turn up the top card of your {ph.from_} onto {ph.to}."
    if isinstance(ph, s.DrawChoicePhase):
        text = (
            f"Draw the top card of {ph.stock}, or take the top card of {ph.discard} (everyone sees which), "
            f"into your {ph.to}. If both are empty the hand is void."
        )
        if ph.first_upcard:
            text += (
                f" The first turns of a hand are the upcard round: in turn from the first player, each player "
                f"may take the top card of {ph.discard} (and go on with the turn) or pass (the turn ends); once "
                f"someone takes it the round is over, and if everyone passes, the first player must draw from "
                f"{ph.stock}."
            )
        return text
    if isinstance(ph, s.MeldDiscardPhase):
        keep = " You may not discard the card you took from the discard pile this turn (unless it is your only card)." if ph.keep_taken else ""
        return (
            f"Discard one card from your {ph.from_} face up onto {ph.to}; or, if the rest of your {ph.from_} has "
            f"little enough deadwood (see Melds), discard it and knock.{keep}"
        )
    if isinstance(ph, s.DiscardSetsPhase):
        return f"Put {_sets_words(ph.size, ph.match)} from your {ph.from_} onto {ph.to}."
    if isinstance(ph, s.PlayPhase):
        text = f"Play one card from your {ph.from_} onto {ph.to}: {predicate_words(ph.legal)}."
        if ph.if_unable is not None:
            limit = "until you can play" if ph.if_unable.max_draws == 0 else f"until you can play, at most {ph.if_unable.max_draws}"
            text += f" If you cannot, draw from {ph.if_unable.draw_from} {limit}; then play if you can, else pass."
        else:
            text += " If you cannot, pass."
        return text
    if isinstance(ph, s.TrickPhase):
        parts = [f"Play one card from your {ph.from_} to the trick on {ph.trick_zone}."]
        if ph.follow == "suit_if_able":
            parts.append("Follow the suit led if you can.")
        if ph.first_lead:
            parts.append(f"The first trick is led with the {card_words(ph.first_lead)}.")
        if ph.not_led_until_broken:
            parts.append(f"{_SUIT_WORDS[ph.not_led_until_broken].capitalize()} may not be led until one has been played to a trick, unless the leader holds nothing else.")
        if ph.no_points_first_trick:
            parts.append("No card worth points may be played to a hand's first trick unless the player has nothing else it may play.")
        if ph.trump.kind == "none":
            parts.append("There is no trump: the highest card of the suit led takes the trick")
        else:
            trump = _TRUMP_WORDS[ph.trump.kind].format(suit=_SUIT_WORDS[ph.trump.suit or "C"], zone=ph.trump.zone)
            parts.append(f"{trump[0].upper()}{trump[1:]}: the highest trump played, else the highest card of the suit led, takes the trick")
        if ph.bowers:
            parts[-1] += (
                " (the jack of trump, the right bower, is the highest trump and the other jack of the same colour, "
                "the left bower, the next; the left bower belongs to the trump suit, for following suit too)"
            )
        parts[-1] += f" into the winner's {ph.won_to}, and its winner leads next."
        return " ".join(parts)
    if isinstance(ph, s._BETTING_PHASES):
        return _betting_phase_words(ph)
    if isinstance(ph, s.BattlePhase):
        order = "shuffled" if ph.take_order == "shuffled" else "in the order played"
        return (
            f"Battle: every player turns up the top card of their {ph.from_} onto {ph.table}; the highest rank "
            f"takes them all to the {ph.winner_takes_to} of its {ph.from_}, {order}. On a tie the tied players each add "
            f"{_count(ph.war_face_down, 'card')} face down and one face up, and the highest new card takes all. "
            "A player who cannot complete a war is out."
        )
    raise TypeError(f"unknown phase {ph!r}")


def _melds_words(g: s.Genome) -> list[str]:
    """The melds section as rulebook lines (melds family; docs/genome-melds.md)."""
    m = g.melds
    assert m is not None
    kinds = []
    if "sets" in m.kinds:
        size = f"{m.set_min}" if m.set_min == m.set_max else f"{m.set_min} to {m.set_max}"
        kinds.append(f"a **set** is {size} cards of one rank, all of different suits")
    if "runs" in m.kinds:
        ace = {
            "low": "the ace is low only (A-2-3 is a run, Q-K-A is not)",
            "high": "the ace is high only (Q-K-A is a run, A-2-3 is not)",
            "both": "the ace may be low (A-2-3) or high (Q-K-A) but a run never goes round the corner (K-A-2)",
        }[m.ace_in_runs]
        kinds.append(f"a **run** is {m.run_min} or more cards of one suit in consecutive ranks; {ace}")
    values: dict[int, list[str]] = {}
    for r in s.RANKS:
        values.setdefault(m.values[r], []).append(r)
    worth = "; ".join(f"{', '.join(rs)}: {v}" for v, rs in sorted(values.items()))
    lines = [
        f"- Melds: {'; '.join(kinds)}. A card belongs to at most one meld.",
        f"- **Deadwood** is the total value of the cards of your {m.hand} left out of melds, arranged as well as "
        f"possible. Values: {worth}.",
    ]
    if m.knock_limit:
        lines.append(f"- You may **knock** with your discard when your remaining deadwood is {m.knock_limit} or less; "
                     "with no deadwood at all it is **gin**.")
    else:
        lines.append("- You may **knock** only with no deadwood at all (**gin**).")
    lay = (
        "Every other player arranges their hand and lays off deadwood cards onto the knocker's melds (extending runs "
        "and sets, one player after another from the knocker's left; not onto gin); this is done for them as well as "
        "possible."
        if m.layoffs else "Nobody lays off cards onto the knocker's melds."
    )
    lines.append(f"- At a knock every hand is shown; the knocker's melds are an arrangement of least deadwood. {lay}")
    lines.append(
        f"- Then each other player is compared with the knocker. On gin the knocker scores {m.gin_bonus} once plus "
        "every other player's deadwood. Otherwise, if a player's deadwood is more than the knocker's, the knocker "
        f"scores the difference; if it is equal or less (an **undercut**), that player scores {m.undercut_bonus} plus "
        "the difference. Players who score win the hand."
    )
    if m.stock is not None:
        lines.append(f"- If a discard without a knock leaves {m.stock_left} or fewer cards in {m.stock}, the hand is "
                     "void: nobody scores.")
    if g.match is not None and (m.box_bonus or m.game_bonus):
        lines.append(
            f"- When the match ends, each player adds {m.box_bonus} for every hand they won, and a player whose total "
            f"reached {g.match.target_score} adds {m.game_bonus}. The winner is decided before these bonuses."
        )
    return lines


def _sets_words(size: int, match: str) -> str:
    kind = "rank" if match == "rank" else "rank and colour"
    word = {2: "pair", 3: "three of a kind", 4: "book of four"}[size]
    return f"every {word} (same {kind})"


def _effect_words(e: Any) -> str:
    if isinstance(e, s.DeclareSuit):
        return "it is wild; its player names the suit to follow."
    if isinstance(e, s.Skip):
        return "the next player loses their turn."
    if isinstance(e, s.Reverse):
        return "the direction of play reverses."
    if isinstance(e, s.DrawNext):
        stack = " They may instead play another such card to pass the total on." if e.stackable else ""
        return f"the next player draws {_count(e.count, 'card')} from {e.from_} and loses their play.{stack}" if e.stackable else f"the next player draws {_count(e.count, 'card')} from {e.from_}."
    if isinstance(e, s.Penalty):
        return (
            f"the next player must pay {_count(e.count, 'card')}, turned up one per turn; if one of them demands payment, "
            "the payment stops and the other player pays; if not, the demander takes the table."
        )
    if isinstance(e, s.ExtraTurn):
        return "the same player moves again."
    raise TypeError(f"unknown effect {e!r}")


# --------------------------------------------------------------------------- trick-taking hands

_TRUMP_WORDS = {
    "suit": "{suit} are trump",
    "turned_up": "the suit of the top card of {zone} is trump",
    "dealer_card": "the dealer's last card is shown to everyone and its suit is trump (the dealer keeps it)",
    "chosen": "the suit chosen before the play is trump",
}
_PASS_WORDS = {"left": "to the left", "right": "to the right", "across": "across", "none": "no passing"}


def _before_play_words(g: s.Genome) -> list[str]:
    """The "Before the play" section of a trick-taking game: partnerships, hand sizes,
    passing, trump choice and bidding, in the order the engine walks them."""
    t = g.tricks
    if t is None:
        return []
    out = ["", "## Before the play", ""]
    if t.partnerships:
        out.append("- Players 0 and 2 play as partners against players 1 and 3; partners share their tricks and their score.")
    if t.hand_sizes:
        sizes = ", ".join(str(n) for n in t.hand_sizes)
        out.append(f"- Hand by hand, the first deal gives each player {sizes} cards (then the sequence repeats).")
    if t.knockout:
        out.append("- A player who took no trick in a hand is knocked out: they are dealt no more cards.")
    if t.passing is not None:
        p = t.passing
        dirs = ", then ".join(_PASS_WORDS[d] for d in p.directions)
        out.append(
            f"- Each player in turn from the dealer's left chooses {_count(p.count, 'card')} of their hand and puts them "
            f"face down in their {p.zone}; then everyone's chosen cards go to the player {dirs}, hand by hand, repeating. "
            "Only the passer and the receiver know the passed cards. A first player named by the card they hold is found after the passing."
        )
    tc = t.trump_choice
    if tc is not None and tc.kind == "order_up":
        out.append(
            f"- The top card of {tc.zone} is turned. Each player in turn from the dealer's left may order it up (its suit is "
            f"trump; the dealer takes it into hand and discards a card face down into {g.deck.start}) or pass. If all pass it is turned down and each "
            "player in turn may name another suit as trump or pass; the dealer may not pass. The side that chose trump are the makers."
        )
    elif tc is not None and tc.kind == "top_taker":
        out.append(
            f"- In the first hand the top card of the deck is turned up onto {tc.zone} and its suit is trump; in every later hand "
            "the player who took the most tricks in the hand before (on a tie the first from the dealer's left) names trump."
        )
    if t.bidding is not None:
        b = t.bidding
        text = (
            f"- Each player in turn from the dealer's left bids, openly, a number of tricks from {b.min_bid} up to the "
            "number of cards in hand"
        )
        if b.nil:
            text += "; a bid of 0 is nil: to take no trick at all"
        text += "."
        if b.hook:
            text += " The dealer, bidding last, may not bid the number that makes the bids add up to the number of tricks."
        out.append(text)
    if tc is not None and tc.kind == "bid_winner":
        out.append("- The highest bidder (the first of them on a tie) names trump.")
    return out


def _hand_score_words(g: s.Genome) -> list[str]:
    """How a hand of a trick-taking game is scored into the match."""
    t = g.tricks
    if t is None:
        return []
    hs = t.hand_score
    side = "side" if t.partnerships else "player"
    out = ["", "## Scoring a hand", ""]
    if isinstance(hs, s.CardPointsScore):
        out.append("- Each player scores the points of the cards they took (above).")
        if hs.moon:
            out.append("- A player who took every card worth points shoots the moon: they score 0 and every other player the total.")
    elif isinstance(hs, s.BookScore):
        out.append(f"- Each {side} scores one point for each trick beyond its first {hs.book} (the book).")
    elif isinstance(hs, s.ContractScore):
        out.append(
            f"- A {side} whose non-nil bidders took at least the sum of their bids scores 10 per trick bid plus 1 per extra "
            "trick (a bag); otherwise it loses 10 per trick bid."
        )
        if t.bidding is not None and t.bidding.nil:
            out.append(f"- A nil bid scores {hs.nil_bonus} if its bidder took no trick, else -{hs.nil_bonus}; a nil bidder's tricks count for nothing.")
        if hs.bag_limit:
            out.append(f"- Each time a {side}'s carried bags reach {hs.bag_limit}, it loses {hs.bag_penalty} and {hs.bag_limit} bags are taken off.")
    elif isinstance(hs, s.ExactBidScore):
        out.append(f"- A {side} that took exactly its bid scores {hs.bonus} plus its bid; any other scores 0.")
    elif isinstance(hs, s.EuchreScore):
        out.append(
            "- The makers score 1 for a majority of the tricks and 2 for all of them (a march); with no majority they are "
            "euchred and the other side scores 2."
        )
    else:
        out.append(f"- Each {side} scores one point per trick taken.")
    return out


# --------------------------------------------------------------------------- betting games
# docs/genome-betting.md: what the engine's chips.go, betting.go, community.go, showdown.go and
# banker.go do, in words.


def _deal_down_words(st: s.DealDownStep) -> str:
    return f"Deal {_count(st.count, 'card')} face down from {st.from_} under the cards of {st.to}."


def _betting_words(g: s.Genome) -> list[str]:
    b = g.betting
    out = ["", "## Chips", ""]
    out.append(f"Each player starts with {b.stack} chips. Chips are won and lost; they are never created or destroyed.")
    if b.banker is not None:
        bk = b.banker
        soft = "hits a soft" if bk.hit_soft else "stands on every"
        out.append(
            f"A banker (not a player) holds its hand in {bk.zone} and pays or collects every stake. At the start of "
            f"every hand each player stakes {bk.stake} chips against the banker; a player with fewer chips is out. "
            f"Hands count points: 2 to 10 their rank, jack, queen and king 10, an ace 11 unless that takes the total "
            f"over 21 (a soft total), else 1. Over 21 is a bust; an ace and a ten-count card as the first two cards "
            f"are a natural."
        )
        out.append(
            f"The banker's policy is fixed: it draws while its total is below {bk.stands_on} and {soft} "
            f"{bk.stands_on}."
        )
    else:
        posts = []
        if b.ante:
            posts.append(f"every player antes {b.ante} into the pot")
        if b.big_blind:
            posts.append(
                f"the player left of the dealer posts a small blind of {b.small_blind} and the next player a big "
                f"blind of {b.big_blind} (with two players the dealer posts the small blind)"
            )
        if posts:
            out.append("At the start of every hand " + "; ".join(posts) + ". A player who has fewer chips puts in all they have.")
        if b.structure == "limit":
            out.append(
                f"Betting is limit: a bet or raise is exactly the round's bet ({b.bet} chips times the round's size) "
                f"above the highest bet, at most {b.max_raises} bets and raises per round."
            )
        else:
            allin = ", or all the player's chips" if b.structure == "no_limit" else ""
            out.append(
                f"Betting is {'no' if b.structure == 'no_limit' else 'pot'} limit: a bet or raise goes to the highest "
                f"bet plus the last raise (at least {max(b.bet, b.big_blind)} chips), plus half the pot, or plus the "
                f"whole pot (the pot counted after calling){allin}, at most {b.max_raises} bets and raises per round."
            )
        out.append(
            "A player who cannot put in what the rules ask puts in all their chips (all in) and plays on for the "
            "chips they matched: side pots. A player with no chips at the start of a hand is out."
        )
    out += ["", "## A hand", ""]
    out.append(
        "Every hand is dealt as in the setup; then the phases below are played once, in order, every player "
        "still in the hand taking part from the dealer's left. After the hand all cards are gathered, the deck is "
        "shuffled and the deal passes to the left."
    )
    out.append("")
    return out


def _bet_size_words(ph: s.BetPhase) -> str:
    return {1: "", 2: " (a big bet: twice the small bet)"}.get(ph.size, f" ({ph.size} times the small bet)")


def _bet_again_words(ph: s.BetPhase, first: int) -> str:
    """A betting round after the first one the rulebook describes in full (phase ``first``)."""
    return f"Betting round{_bet_size_words(ph)}, played as in {first}; it starts left of the dealer."


def _betting_phase_words(ph: Any) -> str:
    if isinstance(ph, s.BetPhase):
        return (
            f"Betting round{_bet_size_words(ph)}: in turn each player still in the hand with chips checks (when there is nothing "
            "to call), calls the highest bet, bets or raises, or folds (when there is something to call). The "
            "round starts left of the dealer, or in a hand with blinds, for its first round, left of the big blind, "
            "who may still raise. It ends when every player has acted and matched the highest bet or is all in. "
            "Nobody may bet or raise when no other player could answer. A raise all in for less than a full raise "
            "does not reopen the betting: a player who has acted since the last full raise may then only call or "
            "fold. When all but one player have folded, that player takes the pot at "
            "once; nobody shows their cards, and folded cards are never shown."
        )
    if isinstance(ph, s.DiscardDrawPhase):
        return (
            f"Draw: in turn each player still in the hand discards up to {_count(ph.max, 'card')} from their "
            f"{ph.from_} face down onto {ph.to} and draws as many from {ph.draw_from}."
        )
    if isinstance(ph, s.CommunityPhase):
        return f"Deal {_count(ph.count, 'card')} face up from {ph.from_} onto {ph.to} (community cards, shared by all)."
    if isinstance(ph, s.HitPhase):
        return (
            f"Hit or stand: in turn each player draws cards from {ph.from_} into their {ph.to} one at a time until "
            "they stand, reach 21 or bust; a player dealt 21 (a natural) does not draw."
        )
    raise TypeError(f"unknown phase {ph!r}")  # pragma: no cover


def _showdown_words(ph: s.ShowdownPhase, g: s.Genome) -> str:
    board = f" together with the cards on {ph.board}" if ph.board is not None else ""
    if ph.rank == "poker":
        rank = (
            f"the best five-card poker hand from their {ph.hand}{board} (straight flush, four of a kind, full "
            "house, flush, straight, three of a kind, two pair, one pair, high card; an ace is high, or low in "
            "A-2-3-4-5; suits are equal; a flush compares its cards from the highest down"
            + ("; with two decks five of a kind ranks above a straight flush)" if g.deck.decks == 2 else ")")
        )
    else:
        rank = f"the points of their {ph.hand}: the highest total not over 21, a natural above any other 21, a bust below everything"
    if g.betting is not None and g.betting.banker is not None:
        return f"Showdown: the players show their cards, ranked by {rank}; {_banker_settlement(g)}"
    return (
        f"Showdown: the players still in the hand show their cards; each is ranked by {rank}. The pot is split by "
        "what each player put in: the main pot, and a side pot for each all-in level, each going to the best hand "
        "among the players who put in that much; equal hands share, odd chips going one each from the dealer's left."
    )


def _banker_settlement(g: s.Genome) -> str:
    bk = g.betting.banker
    if g.turn[-1].rank == "points":
        return (
            "the banker turns up its hidden cards and, unless every player has bust, draws by its policy. Then each "
            f"stake is settled: a bust loses; a natural against a banker natural is a push; a natural wins "
            f"{bk.natural_pays}; a banker natural beats every other hand; a banker bust pays the others 1:1; "
            "otherwise the higher total wins 1:1 and equal totals push (the stake comes back)."
        )
    return (
        "the banker turns up its cards (it does not draw) and each stake is settled by the best five-card poker "
        "hand: a better hand wins 1:1, an equal one pushes, a worse one loses the stake."
    )


def _chips_end_words(g: s.Genome) -> str:
    b = g.betting
    alive = "no player can stake" if b.banker is not None else "one player holds all the chips in play"
    target = f", a player reaches {b.target} chips" if b.target else ""
    text = (
        f"- The match ends when {alive}{target}, or after {b.max_hands} hands; the players with the most chips win "
        "(all equal: a draw)."
    )
    return text


# ----------------------------------------------------------------------- captures family


def _deal_suit_words(st: Any, g: s.Genome) -> str:
    """A deal_suit setup step in words."""
    zones = {z.name: z for z in g.zones}
    where = f"player {st.seat}'s {st.to}" if zones[st.to].owner == "player" else st.to
    return (
        f"Take every {_SUIT_ONE[st.suit]} out of {st.from_}, keeping their order, and put them into {where}; "
        "everyone knows which cards these are."
    )


def _capture_phase_words(ph: Any) -> str:
    """A capture or bid phase in words (docs/genome-captures.md)."""
    if isinstance(ph, s.CapturePhase):
        ways = []
        if ph.by_rank:
            ways.append(f"one card of {ph.table} of the same rank")
        if ph.by_sum:
            ways.append(f"two or more cards of {ph.table} whose capture values add up to its value")
        text = [f"Play one card from your {ph.from_}. It captures {', or '.join(ways)}."]
        if ph.by_rank and ph.by_sum and ph.rank_first:
            text.append("A card that can take a card of its rank must do so: it may not take a sum.")
        text.append(
            f"When several groups can be taken, you choose one. The played card and the captured cards go to your {ph.won_to}."
        )
        if ph.must_capture:
            text.append(f"A card that can capture must capture; a card that cannot is left on {ph.table}, shown to everyone.")
        else:
            text.append(f"You may also leave any card on {ph.table}, shown to everyone, without capturing.")
        text.append(f"Taking the last card of {ph.table} is a sweep.")
        return " ".join(text)
    if ph.prize_from is not None:
        prize = f"If no round is under way, turn up the top card of {ph.prize_from} onto {ph.prize}: the prize."
    else:
        prize = f"The prize is every card on {ph.prize}."
    if ph.bids == "secret":
        bid = (
            f"Every player holding cards in their {ph.from_} chooses one and puts it face down into their {ph.bid}; "
            "nobody sees another's choice. When all have chosen, the bids are turned up together"
        )
    else:
        bid = f"Every player holding cards in their {ph.from_} bids one, face up into their {ph.bid}, in turn. When all have bid, the bids"
    best = "highest" if ph.winner == "highest" else "lowest"
    tie = (
        f"the prize goes to {ph.discard} and nobody scores it"
        if ph.tie == "discard"
        else "the prize stays, and the next prize is turned up on it; the next round's winner takes them all"
    )
    return (
        f"{prize} {bid} and go to {ph.discard}. The {best} bid (by rank) takes every card of {ph.prize} into its "
        f"{ph.won_to}. On a tie for the {best} bid {tie}. A player with no card to bid passes."
    )


def _captures_words(g: s.Genome) -> list[str]:
    """The captures section: values, sweeps, redeal and end-of-hand awards."""
    cap = g.captures
    out = ["## Captures", ""]
    order = ["A", *s.RANKS[:-1]]
    values = ", ".join(f"{rank_word(r)} {cap.value(r)}" for r in order if r in g.deck.ranks)
    out.append(f"- Capture values: {values}.")
    if cap.sweep_points:
        last = "" if cap.last_play_sweeps else " (not with the last card of the hand)"
        out.append(f"- A sweep scores {cap.sweep_points}{last}.")
    else:
        out.append("- A sweep scores nothing.")
    if cap.redeal is not None:
        out.append(
            f"- When every hand is empty, deal {_count(cap.redeal.count, 'card')} more to each player from "
            f"{cap.redeal.from_}, left of the dealer first, while it has cards."
        )
    won = next(p.won_to for p in g.turn if isinstance(p, s.CapturePhase))
    if cap.awards:
        out.append(f"- End of the hand, counted over each player's {won} (a tie scores for nobody):")
        for aw in cap.awards:
            if aw.award == "most_cards":
                what = "the most cards"
            elif aw.award == "most_suit":
                what = f"the most {_SUIT_WORDS[aw.suit]}"
            elif aw.award == "card":
                what = f"the {card_words(aw.card)} (each copy)"
            else:
                what = (
                    "the best primiera: the best card of each suit by 7 = 21, 6 = 18, ace = 16, 5 = 15, 4 = 14, "
                    "3 = 13, 2 = 12, jack, queen, king = 10, added up (a player lacking a suit has none)"
                )
            out.append(f"  - {what}: {_count(aw.points, 'point')}")
    return out


def _capture_done_words(e: Any, g: s.Genome) -> str:
    """The capture_done end condition in words."""
    cap = g.captures
    stock = f" and {cap.redeal.from_}" if cap is not None and cap.redeal is not None else ""
    takes = ""
    if cap is not None and cap.last_capturer_takes:
        table = next(p.table for p in g.turn if isinstance(p, s.CapturePhase))
        takes = f" the last player to capture takes the cards left on {table} (not a sweep);"
    best = "lowest" if e.result == "lowest_score_wins" else "highest"
    return (
        f"- When every {e.zone}{stock} is empty,{takes} each player scores their sweeps and end-of-hand points, "
        f"and the {best} score wins (ties share the win)."
    )
