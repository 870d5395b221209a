package engine

import (
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

// TestLegalTableMatchesEvaluation: for every seed and many random programs,
// a tabulated play phase answers exactly what evaluating its legal
// predicate answers, for every top card, active suit (or none) and an
// empty zone.
func TestLegalTableMatchesEvaluation(t *testing.T) {
	progs := []*bc.Program{}
	for _, sd := range seeds.All() {
		progs = append(progs, sd.Program)
	}
	for i := 0; i < 300; i++ {
		progs = append(progs, progen.Random(uint64(i), 500))
	}
	tabulated := 0
	for pi, p := range progs {
		r := NewRules(p)
		probe := &State{r: r}
		for i, tab := range r.legalTab {
			if tab == nil {
				continue
			}
			tabulated++
			ph := &p.Turn[i]
			for face := cards.Card(0); face < 52; face++ {
				for a := cards.Suit(0); a <= cards.NumSuits; a++ {
					active := a
					if a == cards.NumSuits {
						active = cards.NoSuit
					}
					for _, top := range []cards.Card{face, face + 52, cards.None} {
						ov := override{zone: tab.zone, top: top, active: active}
						if tab.zone == bc.NoZone {
							ov.zone = 0
						}
						got := tab.lookup(probe, &ov)
						for _, c := range r.deck {
							if want := eval(ph.Legal, c, probe, &ov); got.has(c) != want {
								t.Fatalf("program %d phase %d: top %v active %v card %v: table %v, evaluation %v",
									pi, i, top, active, c, got.has(c), want)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d tabulated play phases checked", tabulated)
	if tabulated == 0 {
		t.Fatal("no play phase was tabulated")
	}
}
