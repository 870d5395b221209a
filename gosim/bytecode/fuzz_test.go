package bytecode_test

import (
	"bytes"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

// FuzzDecode: Decode never panics; a program it accepts re-encodes to the
// same bytes and plays to the end within its turn cap.
func FuzzDecode(f *testing.F) {
	for _, s := range seeds.All() {
		f.Add(bc.Encode(s.Program))
	}
	for i := uint64(0); i < 20; i++ {
		f.Add(bc.Encode(progen.Random(i, 50)))
		f.Add(bc.Encode(progen.RandomBetting(i, 10)))
		f.Add(bc.Encode(progen.RandomCaptures(i, 50)))
	}
	f.Fuzz(func(t *testing.T, buf []byte) {
		p, err := bc.Decode(buf)
		if err != nil {
			if p != nil {
				t.Fatal("program returned with an error")
			}
			return
		}
		if again := bc.Encode(p); !bytes.Equal(again, buf) {
			t.Fatalf("accepted program re-encodes differently:\n in % x\nout % x", buf, again)
		}
		st := engine.New(p, 1)
		for moves := 0; !st.IsTerminal(); moves++ {
			if limit := 8*p.TurnCap + 8; moves > limit && (p.Betting == nil || moves > 500*p.TurnCap) {
				t.Fatalf("game still running after %d moves, cap %d turns", moves, p.TurnCap)
			}
			legal := st.LegalMoves(nil)
			if err := st.Apply(legal[st.Intn(len(legal))]); err != nil {
				t.Fatal(err)
			}
		}
		if st.CardsTotal() != p.DeckSize() {
			t.Fatalf("%d cards at the end, deck %d", st.CardsTotal(), p.DeckSize())
		}
	})
}
