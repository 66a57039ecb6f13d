/* Benchmark: sign of a rational dot product, Arb ball filter with exact
 * fallback (rf_cells_sign_dot) against plain exact fmpq arithmetic, for the
 * entry sizes relufiber meets (small rationals from .rfn files, doubles read
 * exactly as dyadic rationals, 200-bit fractions), and the exact LP of the
 * kernel (d = 1 interval path vs d >= 2 cddlib).
 * Usage: bench_sign [repetitions]   (default 20000) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "relufiber/cells.h"
#include "relufiber/rational.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void draw(fmpq_t q, flint_rand_t st, int kind)
{
    if (kind == 0) {                       /* small rationals */
        fmpq_set_si(q, (slong) n_randint(st, 201) - 100, 1 + n_randint(st, 20));
    } else if (kind == 1) {                /* float32/64 weights as exact dyadics */
        double d = ((double) n_randint(st, 1u << 30) / (1u << 30) - 0.5) * 0.2;
        rf_q_set_d(q, d);
    } else {                               /* 200-bit fractions */
        fmpq_randbits(q, st, 200);
    }
}

static int exact_sign(const fmpq *const *p, const fmpq *const *q, slong n)
{
    fmpq_t s, t;
    slong k;
    int sg;
    fmpq_init(s);
    fmpq_init(t);
    for (k = 0; k < n; k++) {
        fmpq_mul(t, p[k], q[k]);
        fmpq_add(s, s, t);
    }
    sg = fmpq_sgn(s);
    fmpq_clear(s);
    fmpq_clear(t);
    return sg;
}

int main(int argc, char **argv)
{
    slong reps = argc > 1 ? atol(argv[1]) : 20000, n, r, k;
    static const char *kinds[3] = {"small rationals", "doubles (exact)", "200-bit fractions"};
    flint_rand_t st;
    flint_randinit(st);
    printf("sign of sum_k p_k q_k: ball filter (%d..%d bits) + exact fallback vs exact fmpq\n",
           RF_CELLS_SIGN_PREC, RF_CELLS_SIGN_MAX_PREC);
    printf("%-18s %4s %14s %14s %8s\n", "entries", "n", "ball (us)", "exact (us)", "ratio");
    for (int kind = 0; kind < 3; kind++)
        for (n = 2; n <= 64; n *= 4) {
            fmpq *P = _fmpq_vec_init(n), *Q = _fmpq_vec_init(n);
            const fmpq **p = flint_malloc(n * sizeof(fmpq *)), **q = flint_malloc(n * sizeof(fmpq *));
            double t0, tb, te;
            int chk = 0;
            for (k = 0; k < n; k++) {
                draw(P + k, st, kind);
                draw(Q + k, st, kind);
                p[k] = P + k;
                q[k] = Q + k;
            }
            t0 = now();
            for (r = 0; r < reps; r++)
                chk += rf_cells_sign_dot(NULL, NULL, p, q, n);
            tb = (now() - t0) / reps * 1e6;
            t0 = now();
            for (r = 0; r < reps; r++)
                chk -= exact_sign(p, q, n);
            te = (now() - t0) / reps * 1e6;
            if (chk != 0)
                printf("MISMATCH\n");
            printf("%-18s %4ld %14.3f %14.3f %7.2fx\n", kinds[kind], (long) n, tb, te, te / tb);
            _fmpq_vec_clear(P, n);
            _fmpq_vec_clear(Q, n);
            flint_free(p);
            flint_free(q);
        }
    {
        /* the kernel's LP: random feasible/infeasible systems */
        rf_err_t err;
        slong d, m = 12, reps2 = reps / 100 > 10 ? reps / 100 : 10;
        rf_err_init(err);
        printf("\nexact open-polyhedron test (rf_cells_lp_open_interior), m = %ld rows\n", (long) m);
        printf("%4s %14s %10s\n", "d", "time (us)", "non-empty");
        for (d = 1; d <= 4; d++) {
            fmpq_mat_t R;
            fmpq *x = _fmpq_vec_init(d);
            slong ne = 0, i, j;
            double t0;
            fmpq_mat_init(R, m, d + 1);
            t0 = now();
            for (r = 0; r < reps2; r++) {
                for (i = 0; i < m; i++)
                    for (j = 0; j <= d; j++)
                        fmpq_set_si(fmpq_mat_entry(R, i, j), (slong) n_randint(st, 21) - 10,
                                    1 + n_randint(st, 5));
                ne += rf_cells_lp_open_interior(x, NULL, R, d, err) == 1;
            }
            printf("%4ld %14.1f %10ld\n", (long) d, (now() - t0) / reps2 * 1e6, (long) ne);
            fmpq_mat_clear(R);
            _fmpq_vec_clear(x, d);
        }
        rf_err_clear(err);
    }
    flint_randclear(st);
    return 0;
}
