package bytecode_test

import (
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/internal/seeds"
)

// TestDecodeRefusesChoosingFromUnseenZone: a zone a player chooses cards
// from by a decision (play, trick, ask, claim, climb) must be visible to
// that player; a face-down one is refused with the offset and the field.
// Forced phases (battle, play_top) still take from face-down piles.
func TestDecodeRefusesChoosingFromUnseenZone(t *testing.T) {
	hand := func(p *bc.Program) int {
		for z, zone := range p.Zones {
			if zone.Owner == bc.PerPlayer && zone.Visibility == bc.OwnerOnly {
				return z
			}
		}
		t.Fatal("no owner-only per-player zone")
		return -1
	}
	for _, tc := range []struct {
		name  string
		prog  func() *bc.Program
		field string
	}{
		{"play", seeds.CrazyEights, "(play from)"},
		{"trick", seeds.Hearts, "(trick from)"},
		{"ask", seeds.GoFish, "(ask zone)"},
		{"claim", seeds.Cheat, "(claim from)"},
		{"climb", seeds.President, "(climb from)"},
		{"meld_discard", seeds.GinRummy, "(meld_discard from)"},
	} {
		for _, vis := range []bc.Visibility{bc.Hidden, bc.TopPublic} {
			p := tc.prog()
			p.Zones[hand(p)].Visibility = vis
			_, err := bc.Decode(bc.Encode(p))
			if err == nil || !strings.Contains(err.Error(), tc.field) ||
				!strings.Contains(err.Error(), "a player chooses a card it can see") || !strings.Contains(err.Error(), "offset ") {
				t.Errorf("%s from a zone of visibility %d: got %v", tc.name, vis, err)
			}
		}
	}
	for _, p := range []*bc.Program{seeds.War(), seeds.BeggarMyNeighbour()} {
		if _, err := bc.Decode(bc.Encode(p)); err != nil {
			t.Errorf("a forced phase from a face-down pile: %v", err)
		}
	}
}
