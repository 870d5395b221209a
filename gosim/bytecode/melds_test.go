package bytecode_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/internal/seeds"
)

// meldsHeader is the offset of the MELDS section's header in buf.
func meldsHeader(t *testing.T, buf []byte) int {
	t.Helper()
	i := bytes.Index(buf, []byte{bc.SectionMelds, 0, bc.MeldsPayloadSize, 0})
	if i < 0 {
		t.Fatal("no MELDS section")
	}
	return i
}

// The melds family's decode errors name the byte offset and the field.
func TestDecodeMeldsErrors(t *testing.T) {
	gin := func() *bc.Program {
		p := seeds.GinRummy()
		m := *p.Melds
		p.Melds = &m
		p.Turn = append([]bc.Phase(nil), p.Turn...)
		return p
	}
	tests := []struct {
		name  string
		edit  func(p *bc.Program)
		field int // offset in the MELDS payload, or -1: the section header
		msg   string
	}{
		{"set_max below set_min", func(p *bc.Program) { p.Melds.SetMin, p.Melds.SetMax = 4, 3 }, 5, "set_max 3 out of range 4..4"},
		{"no meld kind", func(p *bc.Program) { p.Melds.Kinds = 0 }, 3, "kinds 0 out of range"},
		{"run of one", func(p *bc.Program) { p.Melds.RunMin = 1 }, 6, "run_min 1 out of range"},
		{"ace round the corner", func(p *bc.Program) { p.Melds.Ace = 3 }, 7, "ace 3 out of range"},
		{"knock limit", func(p *bc.Program) { p.Melds.KnockLimit = 101 }, 8, "knock_limit 101"},
		{"a rank's value", func(p *bc.Program) { p.Melds.Values[cards.King] = 21 }, 14 + int(cards.King), "value of rank index 11 is 21"},
		{"hand is shared", func(p *bc.Program) { p.Melds.Hand = 0 }, 0, "melds hand: zone 0 must be per player"},
		{"no knock", func(p *bc.Program) {
			p.End = []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: 2, Result: bc.LowestScoreWins}}
		}, -1, "needs the knock end condition"},
		{"scoring too", func(p *bc.Program) {
			p.Scoring = &bc.Scoring{Zone: 2, Entries: []bc.ScoreEntry{{Points: 1, Card: bc.True()}}}
		}, -1, "excludes a SCORING section"},
		{"discard from another zone", func(p *bc.Program) { p.Turn[1].From = 1 }, -2, "meld_discard from"},
	}
	for _, tc := range tests {
		p := gin()
		tc.edit(p)
		buf := bc.Encode(p)
		_, err := bc.Decode(buf)
		if err == nil {
			t.Fatalf("%s: decoded", tc.name)
		}
		if tc.field == -2 {
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("%s: error %q, want %q", tc.name, err, tc.msg)
			}
			continue
		}
		off := meldsHeader(t, buf)
		if tc.field >= 0 {
			off += 4 + tc.field
		}
		want := fmt.Sprintf("offset %d: ", off)
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.msg) {
			t.Fatalf("%s: error %q, want %q and %q", tc.name, err, want, tc.msg)
		}
	}
	// Meld phases without a MELDS section.
	p := gin()
	p.Melds = nil
	if _, err := bc.Decode(bc.Encode(p)); err == nil || !strings.Contains(err.Error(), "need a MELDS section") {
		t.Fatalf("meld phases without MELDS: %v", err)
	}
}
