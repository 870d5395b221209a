package bytecode

import (
	"encoding/binary"

	"darwindeck/gosim/cards"
)

// Encode writes p in the canonical version-2 format. For every buf that
// Decode accepts, Encode(Decode(buf)) == buf. Encode does not validate p:
// encoding a program that Decode would refuse gives bytes Decode refuses.
func Encode(p *Program) []byte {
	var body []byte
	count := 0
	add := func(tag int, payload []byte) {
		body = append(body, byte(tag), 0)
		body = binary.LittleEndian.AppendUint16(body, uint16(len(payload)))
		body = append(body, payload...)
		count++
	}

	game := []byte{byte(p.Players), byte(p.Decks), byte(p.RankOrder), p.Start}
	game = binary.LittleEndian.AppendUint16(game, p.RankMask)
	game = binary.LittleEndian.AppendUint32(game, uint32(p.TurnCap))
	game = binary.LittleEndian.AppendUint16(game, 0)
	add(SectionGame, game)

	zones := []byte{byte(len(p.Zones))}
	for _, z := range p.Zones {
		zones = append(zones, byte(z.Owner), byte(z.Visibility), byte(z.Insert))
	}
	add(SectionZones, zones)

	setup := []byte{byte(len(p.Setup))}
	for _, s := range p.Setup {
		if s.Op == FirstPlayer {
			arg := byte(0)
			if s.Rule == HolderOf {
				arg = byte(s.Card)
			}
			setup = append(setup, byte(s.Op), byte(s.Rule), NoZone, 0, arg, 0)
			continue
		}
		arg, count := byte(0), s.Count
		switch s.Op {
		case DiscardSets:
			arg = byte(s.Match)
		case DealSuit:
			arg, count = byte(s.Suit), s.Seat
		}
		setup = append(setup, byte(s.Op), s.From, s.To, count, arg, 0)
	}
	add(SectionSetup, setup)

	turn := []byte{byte(len(p.Turn))}
	for _, ph := range p.Turn {
		var payload []byte
		switch ph.Kind {
		case PhaseDraw:
			payload = []byte{ph.From, ph.To, ph.Count, byte(ph.FromPlayer)}
		case PhasePlay:
			payload = appendPredicate([]byte{ph.From, ph.To, ph.DrawFrom, ph.MaxDraws}, ph.Legal)
		case PhaseTrick:
			arg := byte(0)
			switch ph.Trump {
			case TrumpSuit:
				arg = byte(ph.TrumpSuit)
			case TrumpTurnedUp:
				arg = ph.TrumpZone
			}
			payload = []byte{ph.From, ph.TrickZone, ph.WonTo, byte(ph.Follow), byte(ph.Trump), arg,
				byte(ph.FirstLead), byte(ph.BrokenSuit)}
			if ph.TrickRules != 0 {
				payload = append(payload, ph.TrickRules)
			}
		case PhaseBattle:
			payload = []byte{ph.From, ph.Table, ph.WarFaceDown, byte(ph.TakesTo), byte(ph.TakeOrder)}
		case PhaseAsk:
			payload = []byte{ph.From, ph.DrawFrom, byte(ph.Again)}
		case PhaseClaim:
			payload = []byte{ph.From, ph.To, ph.Count}
		case PhaseClimb:
			payload = []byte{ph.From, ph.To, ph.ClearedTo, ph.Count}
		case PhasePlayTop:
			payload = []byte{ph.From, ph.To}
		case PhaseDiscardSets:
			payload = []byte{ph.From, ph.To, ph.Count, byte(ph.Match)}
		case PhaseDrawChoice, PhaseMeldDiscard:
			payload = encodeMeldPhase(ph)
		case PhaseCapture:
			payload = []byte{ph.From, ph.Table, ph.WonTo, byte(ph.CaptureRules)}
		case PhaseBid:
			payload = []byte{ph.From, ph.Bid, ph.PrizeFrom, ph.Prize, ph.WonTo, ph.Discard, byte(ph.Tie), byte(ph.BidRules)}
		default:
			payload = bettingPhasePayload(&ph)
		}
		turn = append(turn, byte(ph.Kind), byte(len(payload)))
		turn = append(turn, payload...)
	}
	add(SectionTurn, turn)

	if p.HasEffects || len(p.Effects) > 0 {
		eff := []byte{byte(len(p.Effects))}
		for _, e := range p.Effects {
			eff = appendPredicate(append(eff, byte(e.Kind), e.Count, e.Zone), e.Card)
		}
		add(SectionEffects, eff)
	}
	if p.Stock != nil {
		add(SectionStock, []byte{p.Stock.Zone, p.Stock.ReshuffleFrom, p.Stock.KeepTop, byte(p.Stock.WhenEmpty)})
	}
	end := []byte{byte(len(p.End))}
	for _, e := range p.End {
		end = append(end, byte(e.Kind), e.Zone, byte(e.Result))
	}
	add(SectionEnd, end)
	if p.Scoring != nil {
		sc := []byte{p.Scoring.Zone, byte(len(p.Scoring.Entries))}
		for _, e := range p.Scoring.Entries {
			sc = appendPredicate(append(sc, byte(e.Points)), e.Card)
		}
		add(SectionScoring, sc)
	}
	if p.Removed != nil {
		rm := []byte{byte(len(p.Removed))}
		for _, c := range p.Removed {
			rm = append(rm, byte(c))
		}
		add(SectionDeckRemove, rm)
	}
	if p.Match != nil {
		m := binary.LittleEndian.AppendUint16(nil, uint16(p.Match.TargetScore))
		add(SectionMatch, append(m, p.Match.MaxHands, byte(p.Match.Result), 0))
	}
	if p.Tricks != nil {
		add(SectionTricks, appendTricks(nil, p.Tricks))
	}
	if p.Betting != nil {
		add(SectionBetting, bettingPayload(p.Betting))
	}
	if p.Melds != nil {
		add(SectionMelds, encodeMelds(p.Melds))
	}
	if cp := p.Captures; cp != nil {
		b := append([]byte(nil), cp.Values[:]...)
		b = append(b, cp.SweepPoints, byte(cp.Flags), cp.RedealFrom, cp.RedealCount, byte(len(cp.Awards)))
		for _, a := range cp.Awards {
			b = append(b, byte(a.Kind), a.Arg, a.Points)
		}
		add(SectionCaptures, b)
	}

	out := make([]byte, 0, HeaderSize+len(body))
	out = append(out, Magic...)
	out = binary.LittleEndian.AppendUint16(out, Version)
	out = binary.LittleEndian.AppendUint16(out, HeaderSize)
	out = binary.LittleEndian.AppendUint32(out, uint32(HeaderSize+len(body)))
	out = binary.LittleEndian.AppendUint32(out, uint32(count))
	return append(out, body...)
}

func appendPredicate(b []byte, p Predicate) []byte {
	b = append(b, byte(len(p)))
	for _, op := range p {
		b = append(b, byte(op.Op), op.Arg)
	}
	return b
}

// Predicate builders for programs written in Go (tests and fixtures). Each
// returns the postfix ops of the rule of the same name in docs/genome.md.

// True is the predicate that always holds.
func True() Predicate { return Predicate{{OpTrue, 0}} }

// RankIs holds for cards of rank r.
func RankIs(r cards.Rank) Predicate { return Predicate{{OpRankIs, uint8(r)}} }

// SuitIs holds for cards of suit s.
func SuitIs(s cards.Suit) Predicate { return Predicate{{OpSuitIs, uint8(s)}} }

// ColorIs holds for cards of colour c.
func ColorIs(c cards.Colour) Predicate { return Predicate{{OpColorIs, uint8(c)}} }

// CardIs holds for either copy of the face of c.
func CardIs(c cards.Card) Predicate { return Predicate{{OpCardIs, uint8(c.Face())}} }

// SameRankAsTop holds for cards of the rank of shared zone z's top card.
func SameRankAsTop(z uint8) Predicate { return Predicate{{OpSameRankAsTop, z}} }

// SameSuitAsTop holds for cards of shared zone z's active suit.
func SameSuitAsTop(z uint8) Predicate { return Predicate{{OpSameSuitAsTop, z}} }

// HigherThanTop holds for cards ranking above shared zone z's top card.
func HigherThanTop(z uint8) Predicate { return Predicate{{OpHigherThanTop, z}} }

// AdjacentInSuit holds for cards with a card of the same suit one rank
// above or below them in shared zone z.
func AdjacentInSuit(z uint8) Predicate { return Predicate{{OpAdjacentInSuit, z}} }

// Any holds when one of ps holds: "a b OR c OR".
func Any(ps ...Predicate) Predicate { return join(OpOr, ps) }

// All holds when every one of ps holds: "a b AND c AND".
func All(ps ...Predicate) Predicate { return join(OpAnd, ps) }

// Not negates p.
func Not(p Predicate) Predicate {
	return append(append(Predicate{}, p...), PredOp{OpNot, 0})
}

func join(op PredOpcode, ps []Predicate) Predicate {
	var out Predicate
	for i, p := range ps {
		out = append(out, p...)
		if i > 0 {
			out = append(out, PredOp{op, 0})
		}
	}
	return out
}
