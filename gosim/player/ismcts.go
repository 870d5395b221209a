package player

import (
	"math"

	"darwindeck/gosim/game"
	"darwindeck/gosim/splitmix"
)

// DefaultExploration is the UCB1 exploration constant of ISMCTS. Rewards
// are in [0, 1]; 0.7 is about 1/sqrt(2), the constant of Kocsis and
// Szepesvári's UCT for rewards in [0, 1], and the value Cowling, Powley and
// Whitehouse (2012) use for ISMCTS in their card-game experiments.
const DefaultExploration = 0.7

// DefaultPointWeight is the share of the reward that comes from the
// normalised points margin in games whose scores decide the winner: all of
// it. Measured at Hearts (docs/players.md): with the win/loss reward ISMCTS
// takes as many points as Greedy; with the points margin it takes about 2.5
// points a hand fewer and wins as often.
const DefaultPointWeight = 1.0

// DefaultRolloutCap is the default limit on the moves of one rollout; a
// rollout stopped there scores 0.5 for every seat.
const DefaultRolloutCap = 1000

// ISMCTS is single-observer information-set Monte Carlo tree search
// (Cowling, Powley and Whitehouse, "Information Set Monte Carlo Tree
// Search", IEEE TCIAIG 4(2), 2012). For each decision it builds a tree of
// move sequences seen from the seat to move (the observer) and runs
// Iterations iterations, each of which:
//
//  1. samples a world with Determinize(observer): the observer's cards and
//     everything it has seen stay, the cards it has not seen are dealt at
//     random consistently with what it has inferred;
//  2. descends the tree, at each node restricting the children to the moves
//     legal in this world (by the seat to move there) and choosing by UCB1
//     with availability counts: the mean reward of a child plus
//     Exploration*sqrt(ln(times it was available)/visits);
//  3. expands one move not yet in the tree, chosen uniformly;
//  4. rolls out: plays the Rollout policy's moves (Greedy by default; a
//     uniformly random move with probability RolloutEpsilon) to the end of
//     the game or RolloutCap moves;
//  5. backs up, to each node of the path, the reward in [0, 1] of the seat
//     that made its move: in games without a score goal the win/loss
//     reward (return+1)/2, so 1 for a win, 0 for a loss, 1/2 for a draw, an
//     unfinished game or a rollout stopped at the cap; in games whose
//     scores decide the winner, with weight PointWeight, the normalised
//     points margin (see rewards).
//
// Steps with a single legal move (forced draws, battles) are played without
// a node. It plays the root move visited most (ties: better mean, then the
// first in move order).
//
// It never reads the true state beyond the observation: the search plays
// only worlds from Determinize. Its random choices come from a stream
// seeded, at each decision, by one draw of the game's own stream, so a game
// is a function of its seed. After the first decisions it allocates
// nothing: the node pool, the world and the move buffers are reused.
type ISMCTS struct {
	// Iterations per decision (at least 1 is run).
	Iterations int
	// Exploration is the UCB1 constant (DefaultExploration).
	Exploration float64
	// RolloutCap limits the moves of one rollout (DefaultRolloutCap).
	RolloutCap int
	// Rollout chooses the moves of rollouts; nil plays uniformly at
	// random. NewISMCTS sets a Greedy.
	Rollout Player
	// RolloutEpsilon is the chance that a rollout move is uniformly random
	// instead of Rollout's (0: always Rollout's).
	RolloutEpsilon float64
	// PointWeight is the share of the reward that comes from the points
	// margin in games whose scores decide the winner (ScoreGoal not
	// NoScoreGoal); the rest is the win/loss reward. 0 ignores points.
	PointWeight float64
	// CheckInfo makes every iteration check that the sampled world's
	// InfoString for the observer equals the game's and that the world
	// offers the game's legal moves; a difference panics. It is slow
	// (strings per iteration) and meant for tests.
	CheckInfo bool

	rng     splitmix.Stream
	nodes   []node
	world   game.State
	legal   []game.Move
	avail   []int32 // child node of each legal move in this world, or -1
	path    []int32
	returns []float64
	reward  []float64

	// sample is the world sampler; nil means Determinize. Tests swap in a
	// cheating sampler to show what honesty costs.
	sample func(st game.State, p int, rng game.Rand, into game.State) game.State
}

// node is one move of the tree. Children form a singly linked list.
type node struct {
	move   game.Move
	mover  int8  // seat that made the move
	child  int32 // first child, or -1
	next   int32 // next sibling, or -1
	visits int32
	avail  int32   // times the node's move was legal when its parent was visited
	reward float64 // sum of the mover's rewards
}

// NewISMCTS returns an ISMCTS player with the given iterations per decision
// and the defaults: exploration constant, rollout cap, Greedy rollouts,
// points-margin reward in scored games.
func NewISMCTS(iterations int) *ISMCTS {
	return &ISMCTS{Iterations: iterations, Exploration: DefaultExploration, RolloutCap: DefaultRolloutCap,
		Rollout: NewGreedy(), PointWeight: DefaultPointWeight}
}

// Choose implements Player.
func (m *ISMCTS) Choose(st game.State, legal []game.Move) game.Move {
	if len(legal) == 1 {
		return legal[0]
	}
	observer := st.CurrentPlayer()
	m.rng.Seed(uint64(st.Intn(math.MaxInt)))
	iters := max(m.Iterations, 1)
	if cap(m.nodes) < iters+1 {
		m.nodes = make([]node, 0, iters+1)
	}
	m.nodes = append(m.nodes[:0], node{mover: -1, child: -1, next: -1})
	var info string
	if m.CheckInfo {
		info = st.InfoString(observer)
	}
	for it := 0; it < iters; it++ {
		if m.sample != nil {
			m.world = m.sample(st, observer, &m.rng, m.world)
		} else {
			m.world = st.Determinize(observer, &m.rng, m.world)
		}
		if m.CheckInfo {
			m.check(st, observer, info, legal)
		}
		m.iterate(m.world)
	}
	best := int32(-1)
	for c := m.nodes[0].child; c >= 0; c = m.nodes[c].next {
		if best < 0 || better(&m.nodes[c], &m.nodes[best]) {
			best = c
		}
	}
	for _, l := range legal {
		if l == m.nodes[best].move {
			return l
		}
	}
	panic("player: ISMCTS chose " + m.nodes[best].move.String() + ", not a legal move of the game: a world disagreed with the game")
}

// better orders root children: more visits, then the better mean, then the
// smaller move key.
func better(a, b *node) bool {
	if a.visits != b.visits {
		return a.visits > b.visits
	}
	ma, mb := a.reward/float64(max(a.visits, 1)), b.reward/float64(max(b.visits, 1))
	if ma != mb {
		return ma > mb
	}
	return a.move.Key() < b.move.Key()
}

// check panics unless the world carries the observer's information.
func (m *ISMCTS) check(st game.State, observer int, info string, legal []game.Move) {
	if got := m.world.InfoString(observer); got != info {
		panic("player: ISMCTS world changed the information set:\ngame  " + info + "\nworld " + got)
	}
	m.legal = m.world.LegalMoves(m.legal)
	if len(m.legal) != len(legal) {
		panic("player: ISMCTS world has other legal moves than the game")
	}
	for i := range legal {
		if legal[i] != m.legal[i] {
			panic("player: ISMCTS world has other legal moves than the game")
		}
	}
}

// iterate runs one iteration on the world w (selection, expansion,
// rollout, backup) and leaves w at the end of its rollout.
func (m *ISMCTS) iterate(w game.State) {
	m.path = m.path[:0]
	n := int32(0)
	for !w.IsTerminal() {
		m.legal = w.LegalMoves(m.legal)
		if len(m.legal) == 1 {
			m.apply(w, m.legal[0])
			continue
		}
		mover := w.CurrentPlayer()
		// Which children are available in this world; count availability.
		m.avail = m.avail[:0]
		for range m.legal {
			m.avail = append(m.avail, -1)
		}
		found := 0
		for c := m.nodes[n].child; c >= 0; c = m.nodes[c].next {
			ch := &m.nodes[c]
			if int(ch.mover) != mover {
				continue
			}
			if i := indexOf(m.legal, ch.move); i >= 0 {
				m.avail[i] = c
				ch.avail++
				found++
			}
		}
		if found < len(m.legal) {
			// Expand one untried move, chosen uniformly.
			k := m.rng.Intn(len(m.legal) - found)
			i := 0
			for ; ; i++ {
				if m.avail[i] < 0 {
					if k == 0 {
						break
					}
					k--
				}
			}
			c := int32(len(m.nodes))
			m.nodes = append(m.nodes, node{move: m.legal[i], mover: int8(mover), child: -1,
				next: m.nodes[n].child, avail: 1})
			m.nodes[n].child = c
			m.path = append(m.path, c)
			m.apply(w, m.legal[i])
			break
		}
		// Select by UCB1 with availability counts.
		best, bestV := int32(-1), math.Inf(-1)
		for _, c := range m.avail {
			ch := &m.nodes[c]
			v := ch.reward/float64(ch.visits) + m.Exploration*math.Sqrt(math.Log(float64(ch.avail))/float64(ch.visits))
			if v > bestV {
				best, bestV = c, v
			}
		}
		m.path = append(m.path, best)
		m.apply(w, m.nodes[best].move)
		n = best
	}
	// Rollout.
	limit := m.RolloutCap
	if limit <= 0 {
		limit = DefaultRolloutCap
	}
	for moves := 0; !w.IsTerminal() && moves < limit; moves++ {
		m.legal = w.LegalMoves(m.legal)
		switch {
		case len(m.legal) == 1:
			m.apply(w, m.legal[0])
		case m.Rollout != nil && (m.RolloutEpsilon <= 0 || unit(&m.rng) >= m.RolloutEpsilon):
			m.apply(w, m.Rollout.Choose(w, m.legal))
		default:
			m.apply(w, m.legal[w.Intn(len(m.legal))])
		}
	}
	// Backup.
	m.rewards(w)
	for _, c := range m.path {
		ch := &m.nodes[c]
		ch.visits++
		ch.reward += m.reward[ch.mover]
	}
}

// rewards sets m.reward to every seat's reward in [0, 1] for the world w
// at the end of its rollout: the win/loss reward (return+1)/2 (1/2 for a
// rollout stopped at the cap), mixed, with weight PointWeight in games
// whose scores decide the winner, with the normalised points margin
// 1/2 + margin/(2*S): margin is the mean score of the other seats minus the
// seat's own (the reverse when higher scores win) and S the sum of the
// absolute scores, so |margin| <= S.
func (m *ISMCTS) rewards(w game.State) {
	n := w.NumPlayers()
	m.reward = m.reward[:0]
	if w.IsTerminal() {
		m.returns = w.Returns(m.returns)
		for _, r := range m.returns {
			m.reward = append(m.reward, (r+1)/2)
		}
	} else {
		for i := 0; i < n; i++ {
			m.reward = append(m.reward, 0.5)
		}
	}
	goal := w.ScoreGoal()
	pw := m.PointWeight
	if pw <= 0 || goal == game.NoScoreGoal || n < 2 {
		return
	}
	total, abs := 0.0, 0.0
	for s := 0; s < n; s++ {
		v := float64(w.Score(s))
		total += v
		abs += math.Abs(v)
	}
	for s := 0; s < n; s++ {
		pts := 0.5
		if abs > 0 {
			own := float64(w.Score(s))
			margin := (total-own)/float64(n-1) - own
			if goal == game.HigherIsBetter {
				margin = -margin
			}
			pts += margin / (2 * abs)
		}
		m.reward[s] = (1-pw)*m.reward[s] + pw*pts
	}
}

func (m *ISMCTS) apply(w game.State, mv game.Move) {
	if err := w.Apply(mv); err != nil {
		panic("player: ISMCTS: " + err.Error())
	}
}

// indexOf returns the index of mv in moves sorted by Key, or -1.
func indexOf(moves []game.Move, mv game.Move) int {
	k := mv.Key()
	lo, hi := 0, len(moves)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if moves[mid].Key() < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(moves) && moves[lo] == mv {
		return lo
	}
	return -1
}

// unit returns a uniform float64 in [0, 1) from r.
func unit(r *splitmix.Stream) float64 { return float64(r.Uint64()>>11) / (1 << 53) }
