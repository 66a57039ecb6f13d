/* FLINT-style randomized-test support for the Criterion suites.
 *
 *   RF_TEST_MULTIPLIER  scales every randomized loop: iterations =
 *                       max(1, base * multiplier); decimals allowed (0.5, 10).
 *                       Default 1 (the historical iteration counts).
 *   RF_TEST_SEED        seeds the random state (decimal or 0x hex). Default
 *                       RF_TEST_DEFAULT_SEED = 0, which means FLINT's own
 *                       flint_randinit state, i.e. the historical sequences.
 *
 * Idiom:
 *
 *     flint_rand_t st;
 *     rf_test_randinit(st);
 *     for (it = 0; rf_test_loop(it, 300); it++) { ... cr_assert(...); }
 *
 * rf_test_loop(it, base) is true while it < rf_test_iters(base) and records
 * the current iteration. Every failing Criterion assertion made after
 * rf_test_randinit (any cr_assert* / cr_expect*, in any translation unit that
 * includes this header) gets " [seed S iter I]" appended to its message; rerun
 * with RF_TEST_SEED=S to reproduce. The format is RF_TEST_CTX_FMT with
 * arguments RF_TEST_CTX_ARGS for messages built by hand.
 *
 * Include this header after (or instead of) <criterion/criterion.h>: it
 * hooks Criterion 2.x's assertion reporting (criterion_send_assert).
 */
#ifndef RF_TESTS_RFTEST_H
#define RF_TESTS_RFTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/flint.h>
#include <flint/fmpq_mat.h>
#include <criterion/criterion.h>

#define RF_TEST_DEFAULT_SEED UWORD(0)

/* Shared by every translation unit of a test executable (weak, defined once). */
__attribute__((weak)) ulong rf_test_cur_seed = 0;
__attribute__((weak)) slong rf_test_cur_iter = -1;
__attribute__((weak)) int rf_test_seeded = 0;

#define RF_TEST_CTX_FMT "seed %lu iter %ld"
#define RF_TEST_CTX_ARGS ((unsigned long) rf_test_cur_seed), ((long) rf_test_cur_iter)

static inline double rf_test_multiplier(void)
{
    const char *s = getenv("RF_TEST_MULTIPLIER");
    char *end;
    double m;
    if (s == NULL || *s == '\0')
        return 1.0;
    m = strtod(s, &end);
    if (end == s || !(m > 0.0) || m > 1e6) {
        fprintf(stderr, "rftest: ignoring RF_TEST_MULTIPLIER='%s' (want a "
                        "positive number)\n", s);
        return 1.0;
    }
    return m;
}

static inline slong rf_test_iters(slong base)
{
    double n = (double) base * rf_test_multiplier();
    if (n < 1.0)
        return 1;
    if (n > 1e15)
        n = 1e15;
    return (slong) n;
}

/* A coverage threshold calibrated for the default iteration counts ("at
 * least n cases of kind K were met"): unchanged for multipliers >= 1, scaled
 * down (possibly to 0) for smoke runs with RF_TEST_MULTIPLIER < 1. */
static inline slong rf_test_count(slong n)
{
    double m = rf_test_multiplier();
    return m >= 1.0 ? n : (slong) ((double) n * m);
}

static inline ulong rf_test_seed(void)
{
    const char *s = getenv("RF_TEST_SEED");
    char *end;
    unsigned long long v;
    if (s == NULL || *s == '\0')
        return RF_TEST_DEFAULT_SEED;
    v = strtoull(s, &end, 0);
    if (end == s || *end != '\0') {
        fprintf(stderr, "rftest: ignoring RF_TEST_SEED='%s'\n", s);
        return RF_TEST_DEFAULT_SEED;
    }
    return (ulong) v;
}

/* RF_TEST_SEED when set, otherwise the test's own default stream dflt. */
static inline ulong rf_test_seed_or(ulong dflt)
{
    ulong s = rf_test_seed();
    return s != 0 ? s : dflt;
}

/* Exact rank over Q (FLINT 2.9 has no fmpq_mat_rank): rref of a copy. */
static inline slong rf_test_rank_q(const fmpq_mat_t M)
{
    fmpq_mat_t B;
    slong r;
    fmpq_mat_init(B, fmpq_mat_nrows(M), fmpq_mat_ncols(M));
    r = fmpq_mat_rref(B, M);
    fmpq_mat_clear(B);
    return r;
}

/* flint_randinit, then seed from rf_test_seed(). Seed 0 keeps FLINT's
 * default state; any other seed s gives (s, s * odd constant + 1). */
static inline void rf_test_randinit(flint_rand_t st)
{
    ulong s = rf_test_seed();
    flint_randinit(st);
    if (s != 0)
        flint_randseed(st, s, s * UWORD(0x9E3779B97F4A7C15) + UWORD(1));
    rf_test_cur_seed = s;
    rf_test_cur_iter = -1;
    rf_test_seeded = 1;
}

static inline int rf_test_loop_(slong it, slong base)
{
    if (it >= rf_test_iters(base))
        return 0;
    rf_test_cur_iter = it;
    return 1;
}
#define rf_test_loop(it, base) rf_test_loop_((slong) (it), (slong) (base))

/* Criterion hook: append the seed and iteration to failing assertions. */
static inline void rf_test_send_assert_(struct criterion_assert_stats *stat)
{
    char *msg = NULL;
    const char *old;
    size_t n;
    if (stat->passed || !rf_test_seeded) {
        criterion_send_assert(stat);
        return;
    }
    old = stat->message ? stat->message : "";
    n = strlen(old) + 96;
    msg = malloc(n);
    if (msg == NULL) {
        criterion_send_assert(stat);
        return;
    }
    snprintf(msg, n, "%s [" RF_TEST_CTX_FMT "]", old, RF_TEST_CTX_ARGS);
    stat->message = msg;
    criterion_send_assert(stat);
    stat->message = old;
    free(msg);
    fprintf(stderr, "rftest: failure at " RF_TEST_CTX_FMT
                    " (rerun with RF_TEST_SEED=%lu)\n",
            RF_TEST_CTX_ARGS, (unsigned long) rf_test_cur_seed);
}
#define criterion_send_assert(stat) rf_test_send_assert_(stat)

#endif
