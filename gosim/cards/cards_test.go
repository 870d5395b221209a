package cards

import "testing"

func TestParseString(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want Card
		str  string
	}{
		{"2C", true, 0, "2C"},
		{"AC", true, 12, "AC"},
		{"2D", true, 13, "2D"},
		{"10H", true, 34, "10H"},
		{"QS", true, 49, "QS"},
		{"AS", true, 51, "AS"},
		{"qs", true, 49, "QS"},
		{"QS'", true, 101, "QS'"},
		{"1S", false, None, ""},
		{"QX", false, None, ""},
		{"Q", false, None, ""},
		{"", false, None, ""},
		{"11H", false, None, ""},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if got != tt.want || got.String() != tt.str {
			t.Errorf("Parse(%q) = %d %q, want %d %q", tt.in, got, got, tt.want, tt.str)
		}
	}
}

func TestRoundTripAllIDs(t *testing.T) {
	for id := 0; id < MaxCards; id++ {
		c := Card(id)
		back, err := Parse(c.String())
		if err != nil || back != c {
			t.Fatalf("card %d: %q parses to %d, %v", id, c, back, err)
		}
		if New(c.Rank(), c.Suit(), c.Copy()) != c {
			t.Fatalf("card %d: New(rank, suit, copy) disagrees", id)
		}
	}
}

func TestColours(t *testing.T) {
	tests := []struct {
		card string
		want Colour
	}{{"2C", Black}, {"KD", Red}, {"AH", Red}, {"QS", Black}}
	for _, tt := range tests {
		if got := MustParse(tt.card).Colour(); got != tt.want {
			t.Errorf("%s colour = %v, want %v", tt.card, got, tt.want)
		}
	}
}
