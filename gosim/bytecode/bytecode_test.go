package bytecode_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/internal/seeds"
)

func TestSeedsRoundTrip(t *testing.T) {
	for _, s := range seeds.All() {
		buf := bc.Encode(s.Program)
		p, err := bc.Decode(buf)
		if err != nil {
			t.Fatalf("%s: Decode(Encode(seed)): %v", s.Name, err)
		}
		if !reflect.DeepEqual(p, s.Program) {
			t.Errorf("%s: decoded program differs:\n got %+v\nwant %+v", s.Name, p, s.Program)
		}
		if again := bc.Encode(p); !bytes.Equal(again, buf) {
			t.Errorf("%s: re-encoding differs", s.Name)
		}
	}
}

// The Python compiler writes the seeds to testdata; the Go fixtures must be
// the same programs byte for byte.
func TestSeedsMatchPythonCompiler(t *testing.T) {
	for _, s := range seeds.All() {
		path := filepath.Join("..", "testdata", "seeds", s.Name+".ddbc")
		want, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("%s not written by the Python compiler yet", path)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := bc.Encode(s.Program); !bytes.Equal(got, want) {
			t.Errorf("%s: Go fixture differs from %s\n go: % x\npy: % x", s.Name, path, got, want)
		}
		if _, err := bc.Decode(want); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// mutate returns a copy of the Crazy Eights program bytes with f applied.
func mutate(f func(b []byte) []byte) []byte {
	b := bc.Encode(seeds.CrazyEights())
	return f(append([]byte(nil), b...))
}

// fixLength rewrites the total length field after a mutation that changed the size.
func fixLength(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[8:], uint32(len(b)))
	return b
}

func TestDecodeErrors(t *testing.T) {
	// Crazy Eights layout: header 0..15; GAME section header at 16, payload 20..31
	// (players 20, decks 21, order 22, start 23, mask 24, cap 26, reserved 30);
	// ZONES at 32, payload 36 (count) 37.. ; SETUP at 46, payload 50 (count),
	// steps at 51, 57, 63; TURN at 69, payload 73 (count) 74 (kind) 75 (len) 76 (from) 77 (to) 78 (draw_from) 79 (max) 80 (pred n).
	tests := []struct {
		name string
		in   []byte
		want string // substring of the first error
	}{
		{"empty", nil, "offset 0: header needs 16 bytes"},
		{"magic", mutate(func(b []byte) []byte { b[0] = 'X'; return b }), "offset 0: bad magic"},
		{"version", mutate(func(b []byte) []byte { b[4] = 1; return b }), "offset 4: unsupported version 1"},
		{"header size", mutate(func(b []byte) []byte { b[6] = 20; return b }), "offset 6: header size 20"},
		{"total length", mutate(func(b []byte) []byte { return b[:len(b)-1] }), "offset 8: total length"},
		{"trailing", mutate(func(b []byte) []byte { return fixLength(append(b, 0)) }), "1 trailing bytes"},
		{"section count high", mutate(func(b []byte) []byte { b[12] = 9; return b }), "section 8 of 9: header needs 4 bytes"},
		{"section count huge", mutate(func(b []byte) []byte { b[15] = 0xff; return b }), "header needs 4 bytes"},
		{"unknown tag", mutate(func(b []byte) []byte { b[16] = 199; return b }), "offset 16: unknown section tag 199"},
		{"tag order", mutate(func(b []byte) []byte { b[32] = 1; return b }), "offset 32: section GAME after GAME"},
		{"section length", mutate(func(b []byte) []byte { b[18] = 0xff; return b }), "offset 18: section GAME: length 255 exceeds"},
		{"players", mutate(func(b []byte) []byte { b[20] = 7; return b }), "offset 20: players 7 out of range 2..6"},
		{"decks", mutate(func(b []byte) []byte { b[21] = 3; return b }), "offset 21: decks 3"},
		{"start zone index", mutate(func(b []byte) []byte { b[23] = 9; return b }), "offset 23: start zone: zone index 9 out of range (3 zones)"},
		{"start zone per player", mutate(func(b []byte) []byte { b[23] = 2; return b }), "offset 23: start zone: zone 2 must be shared"},
		{"rank mask", mutate(func(b []byte) []byte { b[24], b[25] = 0, 0; return b }), "offset 24: rank mask"},
		{"turn cap", mutate(func(b []byte) []byte { b[26], b[27] = 0, 0; return b }), "offset 26: turn cap 0"},
		{"zone count", mutate(func(b []byte) []byte { b[36] = 17; return b }), "offset 36: zone count 17"},
		{"zone owner", mutate(func(b []byte) []byte { b[37] = 2; return b }), "offset 37: zone 0: owner 2"},
		{"deal to shared", mutate(func(b []byte) []byte { b[53] = 1; return b }), "offset 53: setup step 0 (deal to): zone 1 must be per player"},
		{"deal too many", mutate(func(b []byte) []byte { b[54] = 30; return b }), "setup deals and turns up 61 cards but the deck holds 52"},
		{"setup op", mutate(func(b []byte) []byte { b[51] = 9; return b }), "offset 51: setup step 0: unknown setup op 9"},
		{"phase kind", mutate(func(b []byte) []byte { b[74] = 10; return b }), "offset 74: phase 0: unknown phase kind 10"},
		{"play to per player", mutate(func(b []byte) []byte { b[77] = 2; return b }), "offset 77: phase 0 (play to): zone 2 must be shared"},
		{"predicate count", mutate(func(b []byte) []byte { b[80] = 0; return b }), "offset 80: phase 0 legal: predicate op count 0"},
		{"predicate op", mutate(func(b []byte) []byte { b[81] = 13; return b }), "offset 81: phase 0 legal: unknown predicate op 13"},
		{"predicate underflow", mutate(func(b []byte) []byte { b[81], b[82] = byte(bc.OpOr), 0; return b }), "needs 2 values on the stack, has 0"},
		{"predicate leftover", mutate(func(b []byte) []byte { b[85] = byte(bc.OpTrue); return b }), "predicate leaves 3 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := bc.Decode(tt.in)
			if err == nil {
				t.Fatalf("Decode accepted the program: %+v", p)
			}
			if p != nil {
				t.Errorf("Decode returned a program with an error")
			}
			var list bc.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			if !strings.HasPrefix(list[0].Error(), "bytecode: offset ") {
				t.Errorf("error %q lacks the bytecode: offset prefix", list[0])
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestErrorListErr(t *testing.T) {
	var l bc.ErrorList
	if l.Err() != nil {
		t.Fatal("empty list gives a non-nil error")
	}
	l = append(l, &bc.Error{Offset: 3, Msg: "a"}, &bc.Error{Offset: 5, Msg: "b"})
	if got, want := l.Err().Error(), "bytecode: offset 3: a (and 1 more errors)"; got != want {
		t.Fatalf("Err() = %q, want %q", got, want)
	}
}

func TestPredicateDepthLimit(t *testing.T) {
	p := seeds.CrazyEights()
	deep := bc.Predicate{}
	for i := 0; i < 17; i++ {
		deep = append(deep, bc.PredOp{Op: bc.OpTrue})
	}
	for i := 0; i < 16; i++ {
		deep = append(deep, bc.PredOp{Op: bc.OpAnd})
	}
	p.Turn[0].Legal = deep
	_, err := bc.Decode(bc.Encode(p))
	if err == nil || !strings.Contains(err.Error(), "stack depth 17 exceeds 16") {
		t.Fatalf("err = %v, want stack depth error", err)
	}
	p.Turn[0].Legal = deep[1 : len(deep)-1]
	if _, err := bc.Decode(bc.Encode(p)); err != nil {
		t.Fatalf("depth 16 refused: %v", err)
	}
}

func TestPredicateBuilders(t *testing.T) {
	got := bc.Any(bc.RankIs(6), bc.SuitIs(1), bc.Not(bc.True()))
	want := bc.Predicate{{bc.OpRankIs, 6}, {bc.OpSuitIs, 1}, {bc.OpOr, 0}, {bc.OpTrue, 0}, {bc.OpNot, 0}, {bc.OpOr, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Any(...) = %v, want %v", got, want)
	}
}
