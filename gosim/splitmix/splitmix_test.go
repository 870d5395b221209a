package splitmix

import "testing"

func TestKnownOutputs(t *testing.T) {
	// Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
	s := New(0)
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	for i, w := range want {
		if got := s.Uint64(); got != w {
			t.Fatalf("output %d = %#x, want %#x", i, got, w)
		}
	}
}

func TestDeriveIsStreamOutput(t *testing.T) {
	s := New(42)
	for i := uint64(0); i < 5; i++ {
		if got, want := Derive(42, i), s.Uint64(); got != want {
			t.Fatalf("Derive(42, %d) = %#x, want stream output %#x", i, got, want)
		}
	}
}

func TestIntnRangeAndSpread(t *testing.T) {
	s := New(7)
	var counts [6]int
	for i := 0; i < 60000; i++ {
		v := s.Intn(6)
		if v < 0 || v >= 6 {
			t.Fatalf("Intn(6) = %d", v)
		}
		counts[v]++
	}
	for v, c := range counts {
		// Expected 10000 each; 5 standard deviations is about 456.
		if c < 9500 || c > 10500 {
			t.Errorf("value %d drawn %d times of 60000", v, c)
		}
	}
}
