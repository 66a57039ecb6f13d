/* Certified rank of a witness set's Jacobian rows.
 *
 * 1. Rows are generated modulo a random word-size prime p (after checking
 *    that p divides no denominator) and their rank r_p is computed by LU,
 *    in chunks, stopping as soon as r_p reaches min(#rows, D - H).
 *    r_p <= rank_Q always (a minor nonzero mod p is nonzero over Q).
 * 2. If r_p = min(#rows, D - H) the rank is exact by the sandwich
 *    r_p <= rank_Q <= min(#rows, D - H) (certificate SANDWICH).
 * 3. Otherwise the D - r_p kernel vectors of the rref of the r_p independent
 *    rows are lifted to Q (CRT over several primes + rational
 *    reconstruction) and verified exactly against ALL rows (KERNEL): then
 *    rank_Q <= r_p. If the lift fails, an exact integer rank is computed
 *    (EXACT). Above opts->exact_limit entries only the lower bound is kept. */
#include <string.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpz_mat.h>
#include <flint/ulong_extras.h>
#include "internal.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

void rf_fdim_opts_init(rf_fdim_opts_t o)
{
    o->prime_bits = RF_FDIM_PRIME_BITS;
    o->exact_limit = RF_FDIM_EXACT_LIMIT;
    o->want_kernel = 0;
    o->max_primes = RF_FDIM_MAX_PRIMES;
    o->lower_only = 0;
    o->rank_bits = RF_FDIM_RANK_BITS;
    o->threads = 1;
}

void rf_fdim_rank_init(rf_fdim_rank_t r)
{
    memset(r, 0, sizeof(rf_fdim_rank_struct));
    fmpq_mat_init(r->kernel, 0, 0);
}

void rf_fdim_rank_clear(rf_fdim_rank_t r)
{
    fmpq_mat_clear(r->kernel);
    flint_free(r->basis_items);
}

const char *rf_fdim_cert_name(rf_fdim_cert_t c)
{
    switch (c) {
    case RF_FDIM_CERT_SANDWICH: return "sandwich";
    case RF_FDIM_CERT_KERNEL: return "kernel";
    case RF_FDIM_CERT_EXACT: return "exact-rank";
    case RF_FDIM_CERT_STRUCTURAL: return "structural-kernel";
    default: return "lower-bound-only";
    }
}

void rf_fdim_set_matrix(fmpq_mat_t J, const rf_net_t net, const rf_fdim_set_t s)
{
    slong D = rf_net_num_params(net), nd = rf_net_out_dim(net);
    slong rpi = rf_fdim_set_rows_per_item(s, net), it, q, i, j;
    fmpq *buf = _fmpq_vec_init(nd * D);
    fmpq_mat_clear(J);
    fmpq_mat_init(J, s->n * rpi, D);
    for (it = 0; it < s->n; it++)
        for (q = -1; q < (s->blocks ? s->n0 : 0); q++) {
            rf_fdim_rows_fmpq(buf, net, s->pat + it * s->nh, s->x + it * s->n0, q);
            for (i = 0; i < nd; i++)
                for (j = 0; j < D; j++)
                    fmpq_swap(fmpq_mat_entry(J, it * rpi + (q + 1) * nd + i, j),
                              buf + i * D + j);
        }
    _fmpq_vec_clear(buf, nd * D);
}

/* Choose a random prime of the requested size dividing no denominator. */
static void choose_prime(rf_fdim_modnet_t mn, mp_limb_t **xm,
                         const rf_net_t net, const rf_fdim_set_t s, int bits,
                         flint_rand_t st)
{
    while (1) {
        mp_limb_t p = n_randprime(st, bits, 1);
        slong k, bad = 0;
        if (rf_fdim_modnet_init(mn, net, p)) {
            rf_fdim_modnet_clear(mn);
            continue;
        }
        *xm = flint_malloc((s->n * s->n0 + 1) * sizeof(mp_limb_t));
        for (k = 0; k < s->n * s->n0 && !bad; k++)
            bad = rf_fdim_q_mod(*xm + k, s->x + k, mn->mod);
        if (!bad)
            return;
        flint_free(*xm);
        rf_fdim_modnet_clear(mn);
    }
}

/* Rank modulo p of the rows restricted to the columns T (keep[c] = 1), with
 * early stop: the first m rows are tried (m doubling) until the rank reaches
 * target or every row is in. basis gets the row ids of r independent rows. */
static slong reduced_rank(slong *basis, const rf_fdim_modnet_t mn,
                          const rf_fdim_set_t s, const char *use,
                          const mp_limb_t *xm, const int *keep, slong D,
                          slong nT, slong rpi, slong target, int threads)
{
    nmod_mat_t A;
    slong m, r = 0, k, *P, nrows, nit = 0;
    slong *items = flint_malloc((s->n + 1) * sizeof(slong));
    for (k = 0; k < s->n; k++)
        if (use[k])
            items[nit++] = k;
    nrows = nit * rpi;
    if (nrows == 0 || nT == 0) {
        flint_free(items);
        return 0;
    }
    nmod_mat_init(A, nrows, nT, mn->mod.n);
    _rf_fdim_rows_matrix_modp(A, mn, s, items, nit, xm, keep, D, threads);
    P = flint_malloc((nrows + 1) * sizeof(slong));
    m = FLINT_MIN(nrows, target + 64 + target / 8);
    while (1) {
        if (m == nrows) {
            r = nmod_mat_lu(P, A, 0);
        } else {
            nmod_mat_t B;
            nmod_mat_init(B, m, nT, mn->mod.n);
            for (k = 0; k < m; k++)
                memcpy(B->rows[k], A->rows[k], nT * sizeof(mp_limb_t));
            r = nmod_mat_lu(P, B, 0);
            nmod_mat_clear(B);
        }
        if (r >= target || m == nrows)
            break;
        m = FLINT_MIN(nrows, 2 * m);
    }
    for (k = 0; k < r; k++)   /* row ids of the whole set */
        basis[k] = items[P[k] / rpi] * rpi + P[k] % rpi;
    flint_free(P);
    flint_free(items);
    nmod_mat_clear(A);
    return r;
}

/* Kernel certificate: returns 1 and fills res->kernel (if wanted) when D - r
 * exact kernel vectors of all rows were verified. */
static int kernel_certificate(rf_fdim_rank_t res, const fmpz_mat_t Jz,
                              const slong *basis, slong r,
                              const rf_fdim_opts_t opts, flint_rand_t st)
{
    slong D = Jz->c, nf = D - r, i, j, k, np;
    slong *piv0 = flint_malloc((r + 1) * sizeof(slong));
    slong *freec = flint_malloc((nf + 1) * sizeof(slong));
    fmpz_mat_t Jr, Rres, Rnew, Jp, Jf, Rz, prod;
    fmpz_t M;
    fmpq_mat_t Rq;
    int ok = 0, have = 0;
    fmpz_mat_init(Jr, r, D);
    for (i = 0; i < r; i++)
        for (j = 0; j < D; j++)
            fmpz_set(fmpz_mat_entry(Jr, i, j), fmpz_mat_entry(Jz, basis[i], j));
    fmpz_mat_init(Rres, r, nf);
    fmpz_mat_init(Rnew, r, nf);
    fmpq_mat_init(Rq, r, nf);
    fmpz_init(M);
    for (np = 0; np < opts->max_primes && !ok; np++) {
        mp_limb_t p = n_randprime(st, opts->prime_bits, 1);
        nmod_mat_t A;
        slong rk, *piv = flint_malloc((r + 1) * sizeof(slong)), pi = 0, fi = 0;
        nmod_mat_init(A, r, D, p);
        fmpz_mat_get_nmod_mat(A, Jr);
        rk = nmod_mat_rref(A);
        if (rk != r) {
            nmod_mat_clear(A);
            flint_free(piv);
            continue;
        }
        for (i = 0; i < r; i++) {
            for (j = 0; j < D && nmod_mat_entry(A, i, j) == 0; j++)
                ;
            piv[pi++] = j;
        }
        for (j = 0, i = 0; j < D; j++) {
            if (i < r && piv[i] == j)
                i++;
            else if (fi < nf)
                freec[fi++] = j;
        }
        (void) fi;
        if (pi != r || (have && memcmp(piv, piv0, r * sizeof(slong)))) {
            nmod_mat_clear(A);
            flint_free(piv);
            continue;
        }
        memcpy(piv0, piv, r * sizeof(slong));
        flint_free(piv);
        for (i = 0; i < r; i++)
            for (k = 0; k < nf; k++)
                fmpz_set_ui(fmpz_mat_entry(Rnew, i, k), nmod_mat_entry(A, i, freec[k]));
        if (!have) {
            fmpz_mat_set(Rres, Rnew);
            fmpz_set_ui(M, p);
            have = 1;
        } else {
            nmod_mat_t Af;
            nmod_mat_init(Af, r, nf, p);
            for (i = 0; i < r; i++)
                for (k = 0; k < nf; k++)
                    nmod_mat_entry(Af, i, k) = nmod_mat_entry(A, i, freec[k]);
            fmpz_mat_CRT_ui(Rres, Rres, M, Af, 0);
            nmod_mat_clear(Af);
            fmpz_mul_ui(M, M, p);
        }
        nmod_mat_clear(A);
        res->nprimes = np + 1;
        if (!fmpq_mat_set_fmpz_mat_mod_fmpz(Rq, Rres, M))
            continue;
        /* verify: for each free column f, d_f J[:,f] - J[:,piv] R_z[:,f] = 0 */
        {
            fmpz *den = _fmpz_vec_init(nf);
            slong n = Jz->r;
            fmpz_mat_init(Rz, r, nf);
            fmpq_mat_get_fmpz_mat_colwise(Rz, den, Rq);
            fmpz_mat_init(Jp, n, r);
            fmpz_mat_init(Jf, n, nf);
            for (i = 0; i < n; i++) {
                for (k = 0; k < r; k++)
                    fmpz_set(fmpz_mat_entry(Jp, i, k), fmpz_mat_entry(Jz, i, piv0[k]));
                for (k = 0; k < nf; k++)
                    fmpz_mul(fmpz_mat_entry(Jf, i, k), fmpz_mat_entry(Jz, i, freec[k]), den + k);
            }
            fmpz_mat_init(prod, n, nf);
            fmpz_mat_mul(prod, Jp, Rz);
            ok = fmpz_mat_equal(prod, Jf);
            if (ok && opts->want_kernel) {
                /* v_f = e_f - sum_i R[i][f] e_piv(i) */
                fmpq_mat_clear(res->kernel);
                fmpq_mat_init(res->kernel, D, nf);
                for (k = 0; k < nf; k++) {
                    fmpq_one(fmpq_mat_entry(res->kernel, freec[k], k));
                    for (i = 0; i < r; i++)
                        fmpq_neg(fmpq_mat_entry(res->kernel, piv0[i], k),
                                 fmpq_mat_entry(Rq, i, k));
                }
            }
            fmpz_mat_clear(prod);
            fmpz_mat_clear(Jp);
            fmpz_mat_clear(Jf);
            fmpz_mat_clear(Rz);
            _fmpz_vec_clear(den, nf);
        }
    }
    fmpz_clear(M);
    fmpq_mat_clear(Rq);
    fmpz_mat_clear(Rres);
    fmpz_mat_clear(Rnew);
    fmpz_mat_clear(Jr);
    flint_free(piv0);
    flint_free(freec);
    return ok;
}

void rf_fdim_rank(rf_fdim_rank_t res, const rf_net_t net,
                  const rf_fdim_set_t s, const rf_fdim_opts_t opts,
                  flint_rand_t st)
{
    slong D = rf_net_num_params(net), H = rf_net_num_hidden(net);
    slong rpi = rf_fdim_set_rows_per_item(s, net), nrows = s->n * rpi;
    slong target, r, *basis, k, K, nz, nT, rb;
    int *keep = flint_malloc((D + 1) * sizeof(int));
    char *use;
    rf_fdim_modnet_t mn;
    mp_limb_t *xm;
    double t0 = now_s();
    res->D = D;
    res->H = H;
    res->bound = D - H;
    res->nrows = nrows;
    res->nitems = s->n;
    res->exact = 0;
    res->cert = RF_FDIM_CERT_NONE;
    res->kernel_dim = -1;
    res->nprimes = 0;
    res->note[0] = 0;
    choose_prime(mn, &xm, net, s, opts->rank_bits, st);
    res->prime = mn->mod.n;
    /* upper bounds: D - H, the row bound, D - K (structural kernel) */
    K = _rf_fdim_struct_reduce(keep, &nz, NULL, net, s, mn);
    nT = D - K;
    use = flint_malloc(s->n + 1);
    rb = _rf_fdim_row_bound(use, net, s, mn, xm);
    res->struct_dim = K;
    res->zero_cols = nz;
    res->row_bound = rb;
    res->upper = FLINT_MIN(FLINT_MIN(rb, nT), D - H);
    target = res->upper;
    basis = flint_malloc((FLINT_MIN(nrows, D) + 1) * sizeof(slong));
    r = reduced_rank(basis, mn, s, use, xm, keep, D, nT, rpi, target, opts->threads);
    if (r < target && !opts->lower_only) {
        /* a second, independent prime before any exact work: an unlucky
         * first prime only lowers the rank */
        rf_fdim_modnet_t mn2;
        mp_limb_t *xm2;
        slong *basis2 = flint_malloc((FLINT_MIN(nrows, D) + 1) * sizeof(slong)), r2;
        choose_prime(mn2, &xm2, net, s, opts->rank_bits, st);
        r2 = reduced_rank(basis2, mn2, s, use, xm2, keep, D, nT, rpi, target, opts->threads);
        if (r2 > r) {
            r = r2;
            flint_free(basis);
            basis = basis2;
            basis2 = NULL;
            res->prime = mn2->mod.n;
        }
        flint_free(basis2);
        flint_free(xm2);
        rf_fdim_modnet_clear(mn2);
    }
    res->rank = r;
    res->t_rank = now_s() - t0;
    flint_free(res->basis_items);
    res->basis_items = flint_malloc((r + 1) * sizeof(slong));
    res->nb = 0;
    {
        /* distinct items carrying the basis rows, in increasing order */
        char *used = flint_calloc(s->n + 1, 1);
        for (k = 0; k < r; k++)
            used[basis[k] / rpi] = 1;
        for (k = 0; k < s->n; k++)
            if (used[k])
                res->basis_items[res->nb++] = k;
        flint_free(used);
    }
    if (r == target) {
        res->exact = 1;
        if (target == nT && (opts->want_kernel || (target != D - H && target != rb))) {
            /* structural preferred when the caller wants the kernel */
            double t1 = now_s();
            res->cert = RF_FDIM_CERT_STRUCTURAL;
            res->kernel_dim = K;
            if (opts->want_kernel)
                _rf_fdim_struct_reduce(keep, &nz, res->kernel, net, s, mn);
            res->t_cert = now_s() - t1;
        } else if (opts->want_kernel && r < D && !opts->lower_only &&
                   (double) nrows * D <= (double) opts->exact_limit) {
            /* exact already; lift the kernel vectors the caller asked for */
            fmpq_mat_t J;
            fmpz_mat_t Jz;
            fmpz *den = _fmpz_vec_init(nrows);
            double t1 = now_s();
            fmpq_mat_init(J, 0, 0);
            rf_fdim_set_matrix(J, net, s);
            fmpz_mat_init(Jz, nrows, D);
            fmpq_mat_get_fmpz_mat_rowwise(Jz, den, J);
            fmpq_mat_clear(J);
            _fmpz_vec_clear(den, nrows);
            if (kernel_certificate(res, Jz, basis, r, opts, st)) {
                res->cert = RF_FDIM_CERT_KERNEL;
                res->kernel_dim = D - r;
            } else {
                res->cert = RF_FDIM_CERT_SANDWICH;
            }
            fmpz_mat_clear(Jz);
            res->t_cert = now_s() - t1;
        } else if (target == D - H || target == rb) {
            res->cert = RF_FDIM_CERT_SANDWICH;
        } else {
            double t1 = now_s();
            res->cert = RF_FDIM_CERT_STRUCTURAL;
            res->kernel_dim = K;
            if (opts->want_kernel)
                _rf_fdim_struct_reduce(keep, &nz, res->kernel, net, s, mn);
            res->t_cert = now_s() - t1;
        }
    } else if (opts->lower_only) {
        snprintf(res->note, sizeof(res->note), "exact certification not requested");
    } else if ((double) nrows * D > (double) opts->exact_limit) {
        snprintf(res->note, sizeof(res->note),
                 "upper bound %ld (min of D - H, row bound %ld, structural %ld) not reached; "
                 "exact kernel lift skipped: %ld x %ld rows exceed the limit of %ld entries",
                 (long) res->upper, (long) rb, (long) nT, (long) nrows, (long) D,
                 (long) opts->exact_limit);
    } else {
        fmpq_mat_t J;
        fmpz_mat_t Jz;
        fmpz *den = _fmpz_vec_init(nrows);
        double t1 = now_s();
        fmpq_mat_init(J, 0, 0);
        rf_fdim_set_matrix(J, net, s);
        fmpz_mat_init(Jz, nrows, D);
        fmpq_mat_get_fmpz_mat_rowwise(Jz, den, J);
        fmpq_mat_clear(J);
        _fmpz_vec_clear(den, nrows);
        if (kernel_certificate(res, Jz, basis, r, opts, st)) {
            res->exact = 1;
            res->cert = RF_FDIM_CERT_KERNEL;
            res->kernel_dim = D - r;
        } else {
            res->rank = fmpz_mat_rank(Jz);
            res->exact = 1;
            res->cert = RF_FDIM_CERT_EXACT;
            res->kernel_dim = D - res->rank;
        }
        fmpz_mat_clear(Jz);
        res->t_cert = now_s() - t1;
    }
    flint_free(keep);
    flint_free(use);
    flint_free(basis);
    flint_free(xm);
    rf_fdim_modnet_clear(mn);
}
