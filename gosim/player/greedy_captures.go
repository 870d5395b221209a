package player

import (
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Greedy heuristics of the captures family, reading only the observation:
//
//   - Capturing: take the most valuable group. A capture scores 100 for a
//     sweep (the table would be empty), 10 per card taken (the played card
//     included) and 10 per point of the cards' CaptureWorth (named cards,
//     the award suit, primiera sevens and sixes). A trail scores minus the
//     trailed card's worth (leave the least useful card on the table).
//   - Bidding: bid the card whose value (rank value + 1: A=1 ... K=13 with
//     the ace low) is closest to the prize, the summed card points of the
//     prize cards (their values when the game has no card points); among
//     equally close bids the lower one, to keep high cards for big prizes.

// captureScore is the value of a capture or trail move (see above).
func (g *Greedy) captureScore(st game.State, m game.Move) int {
	if m.Kind == game.Trail {
		return -10 * st.CaptureWorth(m.Card)
	}
	if m.Kind != game.Capture {
		return -1 << 20
	}
	g.trick = st.CaptureGroup(m, g.trick)
	v := 10 * (len(g.trick) + 1)
	v += 10 * st.CaptureWorth(m.Card)
	for _, c := range g.trick {
		v += 10 * st.CaptureWorth(c)
	}
	if len(g.trick) == st.TableSize() {
		v += 100
	}
	return v
}

// bidScore prefers the bid closest to the prize's value, then the lower bid.
func (g *Greedy) bidScore(st game.State, m game.Move) int {
	if m.Kind != game.Bid {
		return -1 << 20
	}
	g.trick = st.Prize(g.trick)
	target := 0
	for _, c := range g.trick {
		if p := st.CardPoints(c); p != 0 {
			target += p
		} else {
			target += st.RankValue(c) + 1
		}
	}
	d := st.RankValue(m.Card) + 1 - target
	if d < 0 {
		d = -d
	}
	return -(d*cards.NumRanks*2 + st.RankValue(m.Card))
}
