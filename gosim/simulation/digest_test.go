package simulation

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

var updateDigests = flag.Bool("update", false, "rewrite testdata/golden/records.txt")

// digestCase is one batch whose records are hashed.
type digestCase struct {
	name  string
	prog  *bc.Program
	cfg   Config
	games int
}

func digestCases() []digestCase {
	var cs []digestCase
	for _, sd := range seeds.All() {
		for _, ai := range []struct {
			name string
			t    AIType
		}{{"random", AIRandom}, {"greedy", AIGreedy}} {
			cs = append(cs, digestCase{sd.Name + "/" + ai.name, sd.Program,
				Config{Seats: []AIType{ai.t}, Seed: 7, Workers: 2}, 2000})
		}
		mcts := make([]AIType, sd.Program.Players)
		mcts[0] = AIMCTS
		for i := 1; i < len(mcts); i++ {
			mcts[i] = AIGreedy
		}
		cs = append(cs, digestCase{sd.Name + "/mcts", sd.Program,
			Config{Seats: mcts, MCTSIterations: 30, Seed: 7, Workers: 2}, 6})
	}
	for i := 0; i < 40; i++ {
		prog := progen.Random(uint64(1000+i), 300)
		cs = append(cs, digestCase{fmt.Sprintf("progen-%d/random", 1000+i), prog,
			Config{Seats: []AIType{AIRandom}, Seed: 3, Workers: 2}, 50})
		cs = append(cs, digestCase{fmt.Sprintf("progen-%d/greedy", 1000+i), prog,
			Config{Seats: []AIType{AIGreedy}, Seed: 3, Workers: 2}, 50})
	}
	return cs
}

// recordsDigest is the SHA-256 of the records' fields Turns..FirstPlayer
// (the measurements every version of the record has), little-endian.
func recordsDigest(recs []Record) string {
	h := sha256.New()
	var buf [42]byte
	for _, r := range recs {
		binary.LittleEndian.PutUint32(buf[0:], r.Turns)
		binary.LittleEndian.PutUint32(buf[4:], r.Moves)
		binary.LittleEndian.PutUint32(buf[8:], r.Decisions)
		binary.LittleEndian.PutUint32(buf[12:], r.LegalMovesSum)
		binary.LittleEndian.PutUint32(buf[16:], r.LeadChanges)
		binary.LittleEndian.PutUint32(buf[20:], r.LeadSettledTurn)
		for i, s := range r.Score {
			binary.LittleEndian.PutUint16(buf[24+2*i:], uint16(s))
		}
		binary.LittleEndian.PutUint16(buf[36:], r.CardsTotal)
		buf[38], buf[39], buf[40], buf[41] = r.Outcome, r.NumPlayers, r.Winners, r.FirstPlayer
		h.Write(buf[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// TestRecordDigests pins the records of fixed batches (the seed games with
// every player type, and random programs) to digests stored in
// testdata/golden/records.txt: an optimisation of the engine or the players
// must leave every game exactly as it was. Regenerate with -update only when
// a rule or a player is meant to change.
func TestRecordDigests(t *testing.T) {
	var b strings.Builder
	for _, c := range digestCases() {
		recs := make([]Record, c.games)
		if err := Simulate(c.prog, c.cfg, recs); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		fmt.Fprintf(&b, "%s %s\n", c.name, recordsDigest(recs))
	}
	got := b.String()
	path := filepath.Join("..", "testdata", "golden", "records.txt")
	if *updateDigests {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./simulation -run RecordDigests -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range gl {
			if i >= len(wl) || gl[i] != wl[i] {
				t.Errorf("records differ: got %q, want %q", gl[i], wl[min(i, len(wl)-1)])
			}
		}
		t.Fatalf("records differ from %s", path)
	}
}
