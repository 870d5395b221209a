/*
 * darwindeck.h — the C ABI between the gosim shared library and Python.
 *
 * This hand-written header is the contract. The Go side includes it in the cgo
 * preamble of gosim/cmd/libgosim (so the compiler checks the exported functions
 * against these prototypes), and the Python binding reads the text between the
 * CDEF markers as its cffi cdef. Keep that region free of preprocessor lines
 * other than "#define NAME <integer>".
 *
 * Rules of the boundary:
 *   - Caller allocates, callee fills. Go never returns memory that the caller
 *     must free; strings come back in caller buffers (NUL-terminated, truncated
 *     to the buffer's capacity).
 *   - Every function that can fail returns a dd_status code; on failure it writes
 *     a message into err (err_cap bytes, may be NULL/0).
 *   - Go panics are recovered at the boundary and become DD_ERR_INTERNAL.
 *   - Programs are validated before any game is played; a program that fails
 *     validation gives DD_ERR_INVALID_PROGRAM with a message naming the byte
 *     offset and the problem ("bytecode: offset 23: ...").
 */
#ifndef DARWINDECK_H
#define DARWINDECK_H

#include <stdint.h>

/* BEGIN CDEF */
#define DD_ABI_VERSION 2

/* Status codes returned by every fallible call. */
#define DD_OK 0
#define DD_ERR_INVALID_PROGRAM 1
#define DD_ERR_INVALID_ARGUMENT 2
#define DD_ERR_BUFFER_TOO_SMALL 3
#define DD_ERR_INTERNAL 4

/* Player types, one per seat. */
#define DD_PLAYER_RANDOM 0
#define DD_PLAYER_GREEDY 1
#define DD_PLAYER_MCTS 2

/* dd_game_record.outcome */
#define DD_OUTCOME_WIN 0        /* one or more seats won (winners != 0) */
#define DD_OUTCOME_DRAW 1       /* the rules ended the game with no winner */
#define DD_OUTCOME_UNFINISHED 2 /* turn cap reached; winners is always 0 */

/* dd_trace_event.kind */
#define DD_EV_DEAL 1
#define DD_EV_TURN_UP 2
#define DD_EV_PLAY 3
#define DD_EV_DRAW 4
#define DD_EV_TAKE 5        /* trick or battle winner takes a card */
#define DD_EV_RESHUFFLE 6   /* card moved from discard pile back to stock */
#define DD_EV_REVEAL 7      /* battle: a card turned face up onto the table */
#define DD_EV_FACE_DOWN 8   /* battle: a card added face down in a war */
#define DD_EV_DECLARE 9     /* a suit was declared (card = suit 0..3, zones 255) */
/* Bytecode version 2 movements. */
#define DD_EV_COLLECT 10     /* card returned to the start zone for the next hand of a match */
#define DD_EV_GIVE 11        /* an asked seat hands a card to the asker (seat = the giver) */
#define DD_EV_DISCARD_SET 12 /* a card of a complete set discarded */
#define DD_EV_CLEAR 13       /* a climbing pile cleared away */
#define DD_EV_CLAIM 14       /* a card put face down as part of a claim */

#define DD_NO_SEAT 255      /* owner/seat field of a shared zone or no seat */

/* dd_game_record.flags */
#define DD_FLAG_WINNER_TRAILED 1 /* a winner was strictly behind at the end of some turn >= 1 */
#define DD_FLAG_CYCLE 2          /* repeats > 0 */

/* One finished game. 60 bytes, little-endian, naturally aligned.
 * Numpy mirror: darwindeck.bindings.records.RECORD_DTYPE.
 * "Standing" is the game's leader measure (lower is better): cards left in the
 * zone whose emptying wins, score (negated when the highest wins), or minus
 * the cards held; the leader is the sole best standing. */
typedef struct dd_game_record {
    uint32_t turns;             /* turns taken: player turns plus battles */
    uint32_t moves;             /* moves applied, forced ones included */
    uint32_t decisions;         /* moves chosen among >= 2 legal moves */
    uint32_t legal_moves_sum;   /* sum of legal-move counts over decisions */
    uint32_t lead_changes;      /* times the sole leader changed (first leader not counted) */
    uint32_t lead_settled_turn; /* turn after which the final leader never lost the lead */
    int16_t  score[6];          /* final per-seat score; seats >= num_players are 0 */
    uint16_t cards_total;       /* cards in all zones at the end (conservation check) */
    uint8_t  outcome;           /* DD_OUTCOME_* */
    uint8_t  num_players;       /* real seats in this game */
    uint8_t  winners;           /* bitmask of winning seats (bit i = seat i) */
    uint8_t  first_player;      /* seat that moved first */
    uint8_t  flags;             /* DD_FLAG_* */
    uint8_t  reserved;          /* 0 */
    uint32_t winner_lead_turn;  /* won games: last turn at which a winner was strictly
                                   behind (0: never; turn 0, the deal, not counted) */
    uint32_t interactions;      /* moves that changed another seat's piles (size, top card)
                                   or score, a public shared pile, a declared suit or
                                   the trick in progress */
    uint32_t repeats;           /* turn ends whose whole state equals one of the
                                   previous 16 turn ends (cycles) */
    uint16_t margin;            /* won games: best other standing - best winner standing */
    uint16_t margin_base;       /* won games: |winner standing| + |runner-up standing| */
} dd_game_record;

/* One card movement (or a suit declaration) in a traced game. 12 bytes. */
typedef struct dd_trace_event {
    uint32_t move_index;        /* index of the move that caused it; setup is 0 */
    uint8_t  kind;              /* DD_EV_* */
    uint8_t  seat;              /* seat acting, or DD_NO_SEAT */
    uint8_t  card;              /* card id (see docs/bytecode.md) */
    uint8_t  from_zone;         /* zone index, 255 for none */
    uint8_t  from_owner;        /* seat owning the zone copy, DD_NO_SEAT if shared */
    uint8_t  to_zone;
    uint8_t  to_owner;
    uint8_t  flags;             /* bit 0: face up */
} dd_trace_event;

/* DD_ABI_VERSION of the loaded library. */
int32_t dd_abi_version(void);

/* sizeof(dd_game_record) and sizeof(dd_trace_event) as the library sees them. */
int32_t dd_record_size(void);
int32_t dd_trace_event_size(void);

/* Write the library version string ("gosim 0.1.0 abi 2 bytecode 1 go1.x"),
 * NUL-terminated and truncated to cap bytes, into buf. Returns the length of
 * the full string in bytes (not a status code). */
int32_t dd_library_version(char *buf, int32_t cap);

/* Validate a program without playing it. */
int32_t dd_validate_program(const uint8_t *program, int64_t program_len,
                            char *err, int32_t err_cap);

/* Play num_games games of program and fill records[0..num_games).
 *   seat_players: num_seats player types; num_seats is the program's player
 *                 count, or 1 to give every seat the same type.
 *   mcts_iterations: ISMCTS iterations per decision for DD_PLAYER_MCTS seats
 *                 (>= 1 when a seat is MCTS; docs/players.md).
 *   seed: batch seed; game i plays with dd game seed derived from (seed, i).
 *   num_threads: worker goroutines (>= 1); results do not depend on it. */
int32_t dd_simulate_batch(const uint8_t *program, int64_t program_len,
                          int32_t num_games,
                          const uint8_t *seat_players, int32_t num_seats,
                          int32_t mcts_iterations, uint64_t seed,
                          int32_t num_threads,
                          dd_game_record *records,
                          char *err, int32_t err_cap);

/* Replay game game_index of the batch (program, seat_players, seed) and write
 * its card movements. Writes at most cap events; *n_events receives the total
 * number of events of the game (if it exceeds cap, the status is
 * DD_ERR_BUFFER_TOO_SMALL and the caller may retry with a larger buffer).
 * *record receives the same record dd_simulate_batch writes for that game. */
int32_t dd_trace_game(const uint8_t *program, int64_t program_len,
                      const uint8_t *seat_players, int32_t num_seats,
                      int32_t mcts_iterations, uint64_t seed, int32_t game_index,
                      dd_trace_event *events, int32_t cap, int32_t *n_events,
                      dd_game_record *record,
                      char *err, int32_t err_cap);
/* Play one game from a chosen deck order instead of a shuffle. deck holds
 * deck_len card ids, deck[0] on top of the start zone (dealt first); it must be
 * a permutation of the program's deck. seat_players as for dd_simulate_batch,
 * random and greedy only. seed seeds the game's random stream (reshuffles,
 * tie-breaks, random players). events, cap, n_events and record as for
 * dd_trace_game (DD_ERR_BUFFER_TOO_SMALL when the events do not fit). */
int32_t dd_deal_game(const uint8_t *program, int64_t program_len,
                     const uint8_t *seat_players, int32_t num_seats,
                     uint64_t seed, const uint8_t *deck, int32_t deck_len,
                     dd_trace_event *events, int32_t cap, int32_t *n_events,
                     dd_game_record *record,
                     char *err, int32_t err_cap);
/* END CDEF */

#endif /* DARWINDECK_H */
