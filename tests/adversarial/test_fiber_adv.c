/* Adversarial tests of fibers, canonical forms and functional-dimension
 * ranks on degenerate networks: every sampled fiber point must realize the
 * same function (exact lines + enumeration), symmetric copies must be located
 * in the shallow fiber, canonical forms must be equal exactly when the
 * enumeration says the functions are, and certified ranks must equal the
 * exact rank of the exact Jacobian. */
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/shallow.h"
#include "relufiber/decide.h"
#include "relufiber/fdim.h"
#include "relufiber/qvec.h"
#include "symgen.h"
#include "common.h"

#define D(...) ((slong[]) {__VA_ARGS__})

typedef struct {
    slong L;
    slong dims[6];
    const char *p;
} adv_spec_t;

/* three-layer nets: hidden hyperplanes, twins, dead/always-active neurons,
 * zero outgoing columns, n1 = 1, huge entries, bumps, non-bottleneck */
static const adv_spec_t three_specs[] = {
    {3, {2, 2, 2, 1}, "1 2 -1 1 0 1 | 1 -1 2 -3 -1 -2 | 1 1 0"},
    {3, {2, 2, 2, 1}, "1 2 -1 1 0 1 | 1 -1 2 -3 0 -2 | 1 1 0"},
    {3, {2, 2, 2, 1}, "1 2 -1 1 0 1 | -1 -2 0 -1 -1 0 | 5 7 4"},
    {3, {2, 2, 3, 1}, "1 2 -1 1 0 1 | 1 -1 1 -1 2 1 1 1 -1 | 1 2 -1 0"},
    {3, {2, 2, 3, 1}, "1 2 -1 1 0 1 | 1 -1 2 -2 1 1 1 1 1 | 1 1 -1 0"},
    {3, {2, 2, 3, 2}, "1 0 0 1 0 0 | 1 -1 -1 1 1 1 -1 -1 2 | 1 0 0 0 1 0 1 -1"},
    {3, {3, 2, 3, 1}, "1 0 1 0 1 -1 0 1/2 | 1 -2 1 2 -1 -1 0 1 0 | 1 1 1 0"},
    {3, {2, 1, 2, 1}, "1 1 0 | 1 -1 -1 1 | 1 1 0"},
    {3, {1, 1, 2, 1}, "1 0 | 1 -1 -1 1 | 1 1 0"},
    {3, {2, 1, 2, 1}, "1 -1 1 | 2 -1 -1 3 | 1 -1 2"},
    {3, {2, 2, 2, 1}, "P200 2 -1 T100 0 1 | 1 -1 2 3 -1 -2 | 1 1 0"},
    {3, {2, 2, 4, 1}, "1 0 0 1 0 0 | 1 -1 1 -1 1 -1 1 0 -1 -1-E6 -1-2*E6 0 | 1 -2 1 1 0"},
    {3, {2, 2, 2, 1}, "1 1 2 2 0 -1 | 1 1 -1 2 0 1 | 1 -1 0"},
    {3, {1, 3, 2, 1}, "1 -1 2 0 1 -1 | 1 1 -1 0 -1 2 1 -1 | 2 -1 1/2"},
    {3, {2, 2, 2, 1}, "0 0 0 0 0 0 | 0 0 0 0 0 0 | 0 0 0"},
    {3, {2, 2, 2, 1}, "1 0 0 1 0 0 | 1 1 1 1 0 0 | 1 -1 0"},
};

/* Random generic three-layer networks with prescribed sign patterns of
 * (W2 | b2), row by row ("+-|-" = W2 row (+, -), bias -): hidden first-layer
 * hyperplanes (shift component), always-active pools (mixing), dead neurons,
 * n1 = 1 (swap / reflection components), several outputs, 2^200 entries. */
typedef struct {
    slong n0, n1, n2, n3;
    const char *signs;   /* n2 groups of n1 + 1 signs separated by spaces */
    int huge;
} adv_three_t;

static const adv_three_t three_kinds[] = {
    {2, 2, 2, 1, "+-- +--", 0},       /* H_1 hidden, every neuron crossing */
    {2, 2, 3, 1, "+-- +-- -+-", 0},   /* both hyperplanes half hidden */
    {2, 2, 3, 1, "+++ +-+ --+", 0},   /* A, X, X */
    {2, 2, 3, 2, "+++ ++- ---", 0},   /* A, X, Z */
    {3, 2, 3, 1, "+-- +-- +-+", 1},   /* huge entries */
    {1, 1, 2, 1, "+- -+", 0},         /* n1 = 1: preserve/hide swap */
    {1, 1, 3, 1, "+- -+ ++", 0},
    {2, 1, 2, 2, "-+ +-", 0},
    {2, 1, 3, 1, "+- +- -+", 0},
    {3, 3, 4, 1, "+--- -+-- --+- ++++", 0},
};

static void rand_signed(fmpq_t q, flint_rand_t st, int sign, int huge)
{
    fmpq_set_si(q, 1 + (slong) n_randint(st, 60), 1 + n_randint(st, 6));
    if (huge && n_randint(st, 2)) {
        fmpz_t p;
        fmpz_init_set_ui(p, 2);
        fmpz_pow_ui(p, p, 200);
        if (n_randint(st, 2))
            fmpq_mul_fmpz(q, q, p);
        else
            fmpq_div_fmpz(q, q, p);
        fmpz_clear(p);
    }
    if (sign < 0)
        fmpq_neg(q, q);
}

static void three_kind_net(rf_net_t net, const adv_three_t *k, flint_rand_t st)
{
    slong i, j, pos = 0;
    rf_net_clear(net);
    rf_net_init(net, 3, D(k->n0, k->n1, k->n2, k->n3));
    for (i = 0; i < k->n1; i++) {
        for (j = 0; j < k->n0; j++)
            rand_signed(rf_net_W(net, 0, i, j), st, n_randint(st, 2) ? 1 : -1, k->huge);
        rand_signed(rf_net_b(net, 0, i), st, n_randint(st, 2) ? 1 : -1, 0);
    }
    for (j = 0; j < k->n2; j++) {
        while (k->signs[pos] == ' ')
            pos++;
        for (i = 0; i <= k->n1; i++, pos++) {
            int sg = k->signs[pos] == '+' ? 1 : -1;
            rand_signed(i < k->n1 ? rf_net_W(net, 1, j, i) : rf_net_b(net, 1, j),
                        st, sg, k->huge && i == 0);
        }
    }
    for (i = 0; i < k->n3; i++) {
        for (j = 0; j < k->n2; j++)
            rand_signed(rf_net_W(net, 2, i, j), st, n_randint(st, 2) ? 1 : -1, 0);
        rand_signed(rf_net_b(net, 2, i), st, 1, 0);
    }
}

#ifndef RF_SLOW_PART
Test(adv_fiber, three_layer_samples_realize_f, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A, B;
    slong t, c, it, nok = 0, nsamples = 0, tries;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    rf_net_init(B, 1, D(1, 1));
    /* degenerate hand-made nets: the builder must refuse them cleanly */
    for (t = 0; t < (slong) (sizeof(three_specs) / sizeof(three_specs[0])); t++) {
        rf_sys_t sys;
        rf_err_t err;
        int r;
        rf_err_init(err);
        adv_mk(A, three_specs[t].L, three_specs[t].dims, three_specs[t].p);
        rf_sys_init(sys, 0, NULL, NULL);
        r = rf_decide_fiber(sys, A, err);
        if (r != RF_OK)
            cr_assert(r == RF_ERR_UNSUPPORTED && err->msg[0] != '\0',
                      "spec %ld: code %d (%s)", (long) t, r, err->msg);
        rf_sys_clear(sys);
    }
    for (t = 0; t < (slong) (sizeof(three_kinds) / sizeof(three_kinds[0])); t++)
        for (tries = 0; tries < 2; tries++) {
            rf_sys_t sys;
            rf_err_t err;
            int r;
            rf_err_init(err);
            three_kind_net(A, three_kinds + t, st);
            rf_sys_init(sys, 0, NULL, NULL);
            r = rf_three_fiber(sys, A, err)   /* the builder's list: rf_three_fiber_sample indexes it */;
            if (r != RF_OK) {
                cr_assert(r == RF_ERR_UNSUPPORTED && err->msg[0] != '\0',
                          "kind %ld: code %d (%s)", (long) t, r, err->msg);
                cr_log_info("kind %ld: %s", (long) t, err->msg);
                rf_sys_clear(sys);
                continue;
            }
            nok++;
            cr_assert(sys->ncomp >= 1, "kind %ld: empty fiber", (long) t);
            for (c = 0; c < sys->ncomp && c < 8; c++)
                for (it = 0; it < 2; it++) {
                    slong Dp = rf_net_num_params(A);
                    fmpq *pt = _fmpq_vec_init(sys->nvars);
                    cr_assert_eq(rf_three_fiber_sample(B, pt + Dp, A, c, st), 0,
                                 "kind %ld comp %ld: no sample", (long) t, (long) c);
                    rf_net_get_params(pt, B);
                    cr_assert(rf_sys_component_contains(sys, c, pt),
                              "kind %ld: sample outside component %ld (%s)",
                              (long) t, (long) c, sys->comps[c].name);
                    cr_assert(!adv_lines_differ(A, B, 6, st),
                              "WRONG FIBER: kind %ld component %ld (%s) holds a "
                              "different function", (long) t, (long) c,
                              sys->comps[c].name);
                    adv_check(A, B, 0, 2, 0, st);
                    nsamples++;
                    _fmpq_vec_clear(pt, sys->nvars);
                }
            rf_sys_clear(sys);
        }
    cr_assert(nok >= 10, "only %ld fibers built", (long) nok);
    cr_log_info("three-layer fibers: %ld built, %ld samples checked", (long) nok,
                (long) nsamples);
    rf_net_clear(A);
    rf_net_clear(B);
    flint_randclear(st);
}

#endif
static const adv_spec_t shallow_specs[] = {
    {2, {2, 1, 1}, "0 0 2 | 3 | -6"},
    {2, {2, 3, 1}, "0 0 0 0 0 0 0 0 0 | 0 0 0 | 0"},
    {2, {1, 3, 1}, "1 -1 2 0 0 0 | 1 -1 -1/2 0"},
    {2, {2, 2, 1}, "1 1 -1 -1 1 -1 | 1 -1 0"},
    {2, {2, 3, 1}, "1 2 2 4 -1 1 0 0 1 | 1 1 2 0"},
    {2, {2, 3, 2}, "1 2 -1 1 3 -2 0 1 -1 | 1 2 3 -1 0 1 | 0 1"},
    {2, {2, 3, 1}, "1 2 1 2 1 2 0 0 0 | 1 -2 1 0"},
    {2, {2, 4, 1}, "1 0 -1 0 0 1 0 -1 0 0 0 0 | 1 1 1 1 0"},
    {2, {1, 2, 1}, "P200 -T100 0 0 | T100 P200 0"},
    {2, {6, 2, 3}, "1 2 3 4 5 6 -1 -2 -3 -4 -5 -6 1 -1 | 1 1 2 2 3 3 | 0 0 0"},
};
#ifndef RF_SLOW_PART

Test(adv_fiber, shallow_fiber_contains_copies_and_canon_is_complete,
     .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A, B, Cn;
    slong t, it;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    rf_net_init(B, 1, D(1, 1));
    rf_net_init(Cn, 1, D(1, 1));
    for (t = 0; t < (slong) (sizeof(shallow_specs) / sizeof(shallow_specs[0])); t++) {
        rf_sys_t sys;
        rf_err_t err;
        rf_shallow_canon_t CA, CB;
        int r;
        rf_err_init(err);
        adv_mk(A, 2, shallow_specs[t].dims, shallow_specs[t].p);
        rf_shallow_canon_init(CA, A->dims[0], A->dims[2]);
        rf_shallow_canon_init(CB, A->dims[0], A->dims[2]);
        cr_assert_eq(rf_shallow_canon(CA, A, NULL, err), RF_OK);
        /* the canonical minimal network realizes f, and is a fixed point */
        cr_assert_eq(rf_shallow_canon_net(Cn, A, err), RF_OK, "%s", err->msg);
        adv_check(A, Cn, 0, 4, t < 4, st);
        cr_assert_eq(rf_shallow_canon(CB, Cn, NULL, err), RF_OK);
        cr_assert(rf_shallow_canon_equal(CA, CB), "spec %ld: canon not idempotent",
                  (long) t);
        cr_assert(Cn->dims[1] <= A->dims[1] || A->dims[1] == 0,
                  "spec %ld: 'minimal' form has %ld > %ld neurons", (long) t,
                  (long) Cn->dims[1], (long) A->dims[1]);
        rf_sys_init(sys, 0, NULL, NULL);
        r = rf_shallow_fiber(sys, A, err)   /* the builder's list: rf_shallow_fiber_locate reads it */;
        cr_assert_eq(r, RF_OK, "spec %ld: %s", (long) t, err->msg);
        for (it = 0; it < 6; it++) {
            fmpq *pt = _fmpq_vec_init(sys->nvars);
            slong comp;
            rf_net_set(B, A);
            tsg_perm_scale(B, 0, st);
            comp = rf_shallow_fiber_locate(pt, sys, B);
            cr_assert(comp >= 0, "spec %ld: symmetric copy not in any component",
                      (long) t);
            cr_assert(rf_sys_component_contains(sys, comp, pt),
                      "spec %ld: located point violates component %ld", (long) t,
                      (long) comp);
            _fmpq_vec_clear(pt, sys->nvars);
            /* completeness of the canonical form against the enumeration */
            if (it % 2)
                tsg_perturb(B, st);
            else
                tsg_split(B, 0, (slong) n_randint(st, B->dims[1]), st);
            cr_assert_eq(rf_shallow_canon(CB, B, NULL, err), RF_OK);
            {
                rf_equiv_t res;
                rf_equiv_init(res);
                cr_assert_eq(rf_decide_exhaustive(res, A, B, err), RF_OK);
                cr_assert_eq(rf_shallow_canon_equal(CA, CB),
                             res->verdict == RF_EQUIV_YES,
                             "spec %ld: canonical forms %s but functions %s",
                             (long) t, rf_shallow_canon_equal(CA, CB) ? "equal" : "differ",
                             res->verdict == RF_EQUIV_YES ? "equal" : "differ");
                rf_equiv_clear(res);
            }
        }
        rf_sys_clear(sys);
        rf_shallow_canon_clear(CA);
        rf_shallow_canon_clear(CB);
    }
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(Cn);
    flint_randclear(st);
}

/* Certified ranks against the exact rank of the exact Jacobian. */
Test(adv_fdim, certified_rank_is_exact_rank, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A;
    slong t, ncert = 0;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    for (t = 0; t < 26; t++) {
        const adv_spec_t *sp = t < 16 ? three_specs + t : shallow_specs + (t - 16);
        slong npts = 3 + t % 7, n0;
        fmpq *pts;
        rf_fdim_rank_t res;
        rf_fdim_opts_t o;
        rf_err_t err;
        int r;
        rf_err_init(err);
        adv_mk(A, sp->L, sp->dims, sp->p);
        n0 = A->dims[0];
        pts = _fmpq_vec_init(npts * n0);
        rf_fdim_random_points(pts, npts, A, st);
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(res);
        r = rf_fdim_batch(res, A, pts, npts, o, st, err);
        if (r != RF_OK) {
            /* only acceptable when a pre-activation is unavoidably 0: a
             * neuron identically zero on R^n0 (then no admissible point) */
            int *pat = flint_malloc((rf_net_num_hidden(A) + 1) * sizeof(int));
            slong k, z = 0;
            for (k = 0; k < npts; k++)
                z += rf_net_pattern(pat, A, pts + k * n0) > 0;
            flint_free(pat);
            cr_assert(r == RF_ERR_INPUT && z > 0, "spec %ld: %s", (long) t, err->msg);
            cr_log_info("fdim spec %ld: %s", (long) t, err->msg);
            rf_fdim_rank_clear(res);
            _fmpq_vec_clear(pts, npts * n0);
            continue;
        }
        {
            rf_fdim_set_t s;
            fmpq_mat_t J;
            slong rk;
            rf_fdim_set_init(s, A, 0);
            cr_assert_eq(rf_fdim_set_add_points(s, A, pts, npts, err), RF_OK);
            fmpq_mat_init(J, s->n * rf_fdim_set_rows_per_item(s, A),
                          rf_net_num_params(A));
            rf_fdim_set_matrix(J, A, s);
            {   /* exact rank over Q (FLINT 2.9 has no fmpq_mat_rank) */
                fmpq_mat_t R;
                fmpq_mat_init(R, fmpq_mat_nrows(J), fmpq_mat_ncols(J));
                rk = fmpq_mat_rref(R, J);
                fmpq_mat_clear(R);
            }
            cr_assert(res->rank <= rk, "spec %ld: lower bound %ld > rank %ld",
                      (long) t, (long) res->rank, (long) rk);
            if (res->exact) {
                cr_assert_eq(res->rank, rk, "spec %ld: certified rank %ld (%s) but "
                             "the exact rank is %ld", (long) t, (long) res->rank,
                             rf_fdim_cert_name(res->cert), (long) rk);
                ncert++;
            }
            cr_assert(res->rank <= res->bound, "rank above D - H");
            fmpq_mat_clear(J);
            rf_fdim_set_clear(s);
        }
        rf_fdim_rank_clear(res);
        _fmpq_vec_clear(pts, npts * n0);
    }
    cr_assert(ncert >= 20, "only %ld ranks certified", (long) ncert);
    rf_net_clear(A);
    flint_randclear(st);
}

#endif
#ifdef RF_SLOW_PART
/* ---- fiber soundness against z3 -------------------------------------- */

#include "relufiber/export.h"
#include "smt_run.h"

static void smt_param_net(FILE *f, const rf_net_t net, const fmpq *x, slong tag)
{
    slong l, i, j, L = net->L;
    for (l = 0; l < L; l++)
        for (i = 0; i < net->dims[l + 1]; i++) {
            fprintf(f, "(declare-fun %s%ld_%ld_%ld () Real)\n", l + 1 < L ? "h" : "y",
                    (long) tag, (long) l + 1, (long) i + 1);
            fprintf(f, "(assert (= %s%ld_%ld_%ld ", l + 1 < L ? "h" : "y", (long) tag,
                    (long) l + 1, (long) i + 1);
            if (l + 1 < L)
                fprintf(f, "(ite (> ");
            /* z = sum_j W * input_j + b, written once or twice */
            {
                int rep, nrep = l + 1 < L ? 2 : 1;
                for (rep = 0; rep < nrep; rep++) {
                    fprintf(f, "(+ b%ld_%ld", (long) l + 1, (long) i + 1);
                    for (j = 0; j < net->dims[l]; j++) {
                        fprintf(f, " (* W%ld_%ld_%ld ", (long) l + 1, (long) i + 1, (long) j + 1);
                        if (l == 0)
                            rf_export_smt_fprint_q(f, x + j);
                        else
                            fprintf(f, "h%ld_%ld_%ld", (long) tag, (long) l, (long) j + 1);
                        fprintf(f, ")");
                    }
                    fprintf(f, ")%s", rep == 0 && nrep == 2 ? " 0.0) " : "");
                }
            }
            if (l + 1 < L)
                fprintf(f, " 0.0)");
            fprintf(f, "))\n");
        }
}

/* 1 if z3 finds a point of the fiber differing from net at one of the npts
 * points (then the model is re-checked exactly and the test fails), 0 if
 * unsat, -1 if unknown / no solver. */
static int z3_fiber_attack(const rf_sys_t sys, const rf_net_t net, flint_rand_t st)
{
    char path[] = "/tmp/rf_adv_fiber_XXXXXX", cmd[256];
    slong npts = 6, k, r, n0 = net->dims[0], d = net->dims[net->L];
    fmpq *x = _fmpq_vec_init(npts * n0), *y = _fmpq_vec_init(d);
    char *buf = NULL, *line = NULL;
    size_t len = 0, cap = 0;
    FILE *f, *p;
    int fd, res = -1;
    rf_err_t err;
    rf_err_init(err);
    if (!rf_cli_smt_solver_available(RF_SMT_Z3))
        return -1;
    fd = mkstemp(path);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    {   /* the exported union, without its final check-sat / get-model */
        FILE *m = open_memstream(&buf, &len);
        cr_assert_eq(rf_export_sys(m, sys, RF_EXPORT_SMT2, err), RF_OK, "%s", err->msg);
        fclose(m);
        {
            char *c = strstr(buf, "(check-sat)");
            cr_assert(c != NULL);
            *c = '\0';
        }
        fputs(buf, f);
        free(buf);
    }
    for (k = 0; k < npts; k++)
        for (r = 0; r < n0; r++)
            fmpq_set_si(x + k * n0 + r, (slong) n_randint(st, 19) - 9, 1 + n_randint(st, 4));
    for (k = 0; k < npts; k++)
        smt_param_net(f, net, x + k * n0, k);
    fprintf(f, "(assert (or");
    for (k = 0; k < npts; k++) {
        rf_net_eval(y, net, x + k * n0);
        for (r = 0; r < d; r++) {
            fprintf(f, " (not (= y%ld_%ld_%ld ", (long) k, (long) net->L, (long) r + 1);
            rf_export_smt_fprint_q(f, y + r);
            fprintf(f, "))");
        }
    }
    fprintf(f, "))\n(check-sat)\n(get-model)\n");
    fclose(f);
    snprintf(cmd, sizeof(cmd), "z3 -T:30 %s 2>&1", path);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    {
        FILE *m = open_memstream(&buf, &len);
        ssize_t got;
        while ((got = getline(&line, &cap, p)) > 0)
            fwrite(line, 1, (size_t) got, m);
        fclose(m);
        free(line);
    }
    pclose(p);
    if (strncmp(buf, "unsat", 5) == 0)
        res = 0;
    else if (strncmp(buf, "sat", 3) == 0) {
        /* re-check the model exactly */
        rf_net_t T;
        slong D = rf_net_num_params(net), q;
        fmpq *th = _fmpq_vec_init(D);
        int parsed = 1;
        rf_net_init(T, net->L, net->dims);
        for (q = 0; q < D && parsed; q++) {
            char nm[64], key[96];
            const char *s;
            rf_net_param_name(nm, sizeof(nm), net, q);
            snprintf(key, sizeof(key), "(define-fun %s () Real", nm);
            s = strstr(buf, key);
            if (s == NULL) {       /* unconstrained: any value, use 0 */
                fmpq_zero(th + q);
                continue;
            }
            s += strlen(key);
            while (*s == ' ' || *s == '\n')
                s++;
            parsed = rf_export_smt_parse_q(th + q, s) != NULL;
        }
        if (parsed) {
            fmpq *ya = _fmpq_vec_init(d), *yb = _fmpq_vec_init(d);
            rf_net_set_params(T, th);
            for (k = 0; k < npts; k++) {
                rf_net_eval(ya, net, x + k * n0);
                rf_net_eval(yb, T, x + k * n0);
                cr_assert(rf_qvec_equal(ya, yb, d), "UNSOUND FIBER: z3 model "
                          "(file %s) realizes a different function", path);
            }
            _fmpq_vec_clear(ya, d);
            _fmpq_vec_clear(yb, d);
        }
        res = parsed ? 1 : -1;
        rf_net_clear(T);
        _fmpq_vec_clear(th, D);
    }
    free(buf);
    unlink(path);
    _fmpq_vec_clear(x, npts * n0);
    _fmpq_vec_clear(y, d);
    return res;
}

/* z3 is asked for a point of the emitted fiber (every component, auxiliaries
 * existential) whose network differs from the original at one of 6 fixed
 * rational inputs; it must answer unsat. */
Test(adv_fiber, z3_finds_no_foreign_point, .timeout = 900)
{
    flint_rand_t st;
    rf_net_t A;
    slong t, tries, nunsat = 0, nunk = 0;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    for (t = 0; t < (slong) (sizeof(three_kinds) / sizeof(three_kinds[0])) +
                    (slong) (sizeof(shallow_specs) / sizeof(shallow_specs[0])); t++)
        for (tries = 0; tries < 2; tries++) {
            rf_sys_t sys;
            rf_err_t err;
            int r;
            rf_err_init(err);
            if (t < (slong) (sizeof(three_kinds) / sizeof(three_kinds[0])))
                three_kind_net(A, three_kinds + t, st);
            else {
                const adv_spec_t *sp = shallow_specs + t -
                                       (slong) (sizeof(three_kinds) / sizeof(three_kinds[0]));
                if (tries)
                    break;
                adv_mk(A, sp->L, sp->dims, sp->p);
                if (rf_net_num_hidden(A) > 3)
                    break;       /* keep the solver's work small */
            }
            rf_sys_init(sys, 0, NULL, NULL);
            if (rf_decide_fiber(sys, A, err) != RF_OK) {
                rf_sys_clear(sys);
                continue;
            }
            r = z3_fiber_attack(sys, A, st);
            cr_assert_neq(r, 1, "z3 found a point of the fiber of kind %ld that "
                          "realizes a different function", (long) t);
            nunsat += r == 0;
            nunk += r < 0;
            rf_sys_clear(sys);
        }
    cr_log_info("fiber z3 attack: %ld unsat, %ld unknown", (long) nunsat, (long) nunk);
    if (rf_cli_smt_solver_available(RF_SMT_Z3))
        cr_assert(nunsat >= 10, "z3 proved only %ld fibers", (long) nunsat);
    else
        cr_log_warn("z3 not installed: fiber soundness attack skipped");
    rf_net_clear(A);
    flint_randclear(st);
}
#endif
#ifndef RF_SLOW_PART

/* Region search of fdim against the exhaustive module's independent region
 * enumeration, and true FD >= batch FD (batch rows are rows of the blocks). */
Test(adv_fdim, regions_and_true_fd, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A;
    slong t, ncmp = 0;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    for (t = 0; t < 46; t++) {
        rf_fdim_regions_t reg;
        rf_cells_stats_t es;
        rf_fdim_rank_t tr, br;
        rf_fdim_opts_t o;
        rf_err_t err;
        slong nreg, npts = 8, n0;
        fmpq *pts;
        rf_err_init(err);
        if (t < 16)
            adv_mk(A, three_specs[t].L, three_specs[t].dims, three_specs[t].p);
        else if (t < 26)
            adv_mk(A, 2, shallow_specs[t - 16].dims, shallow_specs[t - 16].p);
        else
            three_kind_net(A, three_kinds + (t - 26) % 10, st);
        n0 = A->dims[0];
        cr_assert_eq(rf_cells_count_regions(&nreg, es, A, 0, err), RF_OK, "%s", err->msg);
        cr_assert(nreg >= 1, "%s", err->msg);
        rf_fdim_regions_init(reg, A);
        cr_assert_eq(rf_fdim_regions(reg, A, NULL, NULL, 0, err), RF_OK, "%s", err->msg);
        if (reg->complete) {
            cr_assert_eq(reg->set->n, nreg, "spec %ld: fdim finds %ld regions, the "
                         "enumeration %ld", (long) t, (long) reg->set->n, (long) nreg);
            ncmp++;
        }
        rf_fdim_opts_init(o);
        rf_fdim_rank_init(tr);
        rf_fdim_true(tr, A, reg, o, st);
        pts = _fmpq_vec_init(npts * n0);
        rf_fdim_random_points(pts, npts, A, st);
        rf_fdim_rank_init(br);
        if (rf_fdim_batch(br, A, pts, npts, o, st, err) == RF_OK && reg->complete &&
            tr->exact)
            cr_assert(br->rank <= tr->rank, "spec %ld: batch FD %ld > true FD %ld",
                      (long) t, (long) br->rank, (long) tr->rank);
        cr_assert(tr->rank <= tr->bound);
        rf_fdim_rank_clear(tr);
        rf_fdim_rank_clear(br);
        rf_fdim_regions_clear(reg);
        _fmpq_vec_clear(pts, npts * n0);
    }
    cr_assert(ncmp >= 25, "only %ld region counts compared", (long) ncmp);
    rf_net_clear(A);
    flint_randclear(st);
}

/* Identifiability against the fiber: a parameter reported generic (H_n acts
 * freely and transitively on its fiber) must have a fiber of dimension n
 * (the H_n orbit) and no other component type; and a parameter whose fiber
 * has dimension > n must not be reported generic. */
Test(adv_fiber, identifiable_matches_fiber_dimension, .timeout = 600)
{
    flint_rand_t st;
    rf_net_t A;
    slong t, ngen = 0, nnon = 0;
    rf_test_randinit(st);
    rf_net_init(A, 1, D(1, 1));
    for (t = 0; t < 60; t++) {
        rf_shallow_ident_t I;
        rf_err_t err;
        slong gdim, fdim;
        int exact;
        rf_err_init(err);
        if (t < 10)
            adv_mk(A, 2, shallow_specs[t].dims, shallow_specs[t].p);
        else {
            slong n0 = 1 + t % 3, n1 = 1 + (t / 3) % 4;
            rf_net_clear(A);
            rf_net_init(A, 2, D(n0, n1, 1 + (t % 5 == 0)));
            rf_net_randtest(A, st, 3, 2);
            if (t % 4 == 0)
                tsg_split(A, 0, 0, st);
        }
        rf_shallow_ident_init(I);
        cr_assert_eq(rf_shallow_identifiable(I, A, NULL, NULL, err), RF_OK, "%s", err->msg);
        fdim = rf_shallow_fiber_dim(A, &gdim, &exact);
        if (I->decided && I->generic) {
            cr_assert_eq(fdim, A->dims[1], "case %ld: generic but fiber dimension %ld != n = %ld",
                         (long) t, (long) fdim, (long) A->dims[1]);
            ngen++;
        }
        if (exact && fdim > A->dims[1]) {
            cr_assert(!I->generic, "case %ld: fiber dimension %ld > n but reported generic",
                      (long) t, (long) fdim);
            nnon++;
        }
        rf_shallow_ident_clear(I);
    }
    cr_log_info("identifiable: %ld generic, %ld with larger fibers", (long) ngen, (long) nnon);
    cr_assert(ngen >= 5 && nnon >= 5, "too few cases (%ld, %ld)", (long) ngen, (long) nnon);
    rf_net_clear(A);
    flint_randclear(st);
}
#endif
