package bytecode_test

import (
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/internal/seeds"
)

// Invalid captures-family programs are refused with an error that names
// the byte offset and the field (docs/bytecode.md, "Version 2 additions:
// captures"); valid ones round-trip.
func TestDecodeCapturesErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *bc.Program)
		want string
	}{
		{"no capture rule", func(p *bc.Program) { p.Turn[0].CaptureRules = bc.RankFirst }, "allow neither rank nor sum"},
		{"unknown capture bit", func(p *bc.Program) { p.Turn[0].CaptureRules |= 0x40 }, "capture rules 0x4f has unknown bits"},
		{"capture won_to shared", func(p *bc.Program) { p.Turn[0].WonTo = 1 }, "(capture won_to): zone 1 must be per player"},
		{"hidden table", func(p *bc.Program) { p.Zones[1].Visibility = bc.Hidden }, "capture table zone 1 must be public"},
		{"hidden hand", func(p *bc.Program) { p.Zones[2].Visibility = bc.Hidden }, "a player chooses a card it can see"},
		{"missing CAPTURES", func(p *bc.Program) { p.Captures = nil }, "a capture phase needs the CAPTURES section"},
		{"value out of range", func(p *bc.Program) { p.Captures.Values[cards.King] = 16 }, "value 16 of rank K"},
		{"value of a stripped rank", func(p *bc.Program) { p.Captures.Values[cards.Eight] = 8 }, "which is not in the deck, want 0"},
		{"sweep points", func(p *bc.Program) { p.Captures.SweepPoints = 11 }, "sweep_points 11 out of range"},
		{"redeal count", func(p *bc.Program) { p.Captures.RedealCount = 0 }, "redeal_count 0 out of range 1..13"},
		{"award kind", func(p *bc.Program) { p.Captures.Awards[0].Kind = 9 }, "unknown award kind 9"},
		{"award card not in deck", func(p *bc.Program) { p.Captures.Awards[2].Arg = uint8(cards.New(cards.Eight, cards.Diamonds, 0)) }, "card 8D is not in the deck"},
		{"award points", func(p *bc.Program) { p.Captures.Awards[1].Points = 0 }, "points 0 out of range 1..10"},
		{"scoring and captures", func(p *bc.Program) {
			p.Scoring = &bc.Scoring{Zone: 3, Entries: []bc.ScoreEntry{{Points: 1, Card: bc.True()}}}
		}, "cannot have a SCORING section too"},
		{"capture_done zone", func(p *bc.Program) { p.End[0].Zone = 1 }, "zone 1 must be per player"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := seeds.Scopa()
			tc.edit(p)
			_, err := bc.Decode(bc.Encode(p))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "offset ") {
				t.Fatalf("got %v, want an offset and %q", err, tc.want)
			}
		})
	}
}

func TestDecodeBidErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *bc.Program)
		want string
	}{
		{"public bid zone", func(p *bc.Program) { p.Zones[4].Visibility = bc.Public }, "a face-down bid needs an owner-only or hidden zone"},
		{"bid zone is the hand", func(p *bc.Program) { p.Turn[0].Bid = 1 }, "from and to are the same zone 1"},
		{"won_to is the bid zone", func(p *bc.Program) { p.Turn[0].WonTo = 4 }, "won_to is the bid zone 4"},
		{"prize is the discard", func(p *bc.Program) { p.Turn[0].Discard = 3 }, "from and to are the same zone 3"},
		{"tie", func(p *bc.Program) { p.Turn[0].Tie = 2 }, "tie 2 out of range 0..1"},
		{"face-down hand", func(p *bc.Program) { p.Zones[1].Visibility = bc.TopPublic }, "a player chooses a card it can see"},
		{"bid rules", func(p *bc.Program) { p.Turn[0].BidRules = 4 }, "bid rules 0x04 has unknown bits"},
		{"deal_suit seat", func(p *bc.Program) { p.Setup[1].Seat = 2 }, "deal_suit seat 2 out of range 0..1"},
		{"deal_suit suit", func(p *bc.Program) { p.Setup[0].Suit = 4 }, "deal_suit suit 4 out of range 0..3"},
		{"deal_suit shared seat", func(p *bc.Program) { p.Setup[2].Seat = 1 }, "deal_suit seat is 1 for a shared zone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := seeds.GOPS()
			tc.edit(p)
			_, err := bc.Decode(bc.Encode(p))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "offset ") {
				t.Fatalf("got %v, want an offset and %q", err, tc.want)
			}
		})
	}
}
