/* Dispatch of the decision and fiber procedures by architecture: the
 * specialised polynomial-time procedures where they apply and certify, the
 * complete exact cell enumeration everywhere else. */
#include <string.h>
#include "relufiber/equiv.h"
#include "relufiber/shallow.h"
#include "relufiber/decide.h"
#include "relufiber/three.h"
#include "relufiber/canon.h"
#include "relufiber/qvec.h"
#include "relufiber/sym.h"

/* Append "why the fast path declined" to the result's remarks (keeping a
 * reason the fallback gave, e.g. its region cap). */
static void note_declined(rf_equiv_t res, const char *path, const rf_err_t why)
{
    const char *old = res->reason ? res->reason : "";
    size_t n = strlen(path) + strlen(why->msg) + strlen(old) + 80;
    char *s = flint_malloc(n);
    snprintf(s, n, "the %s procedure declined (%s); %s by the complete fallback%s%s",
             path, why->msg, res->verdict == RF_EQUIV_UNKNOWN ? "not decided" : "decided",
             *old ? ": " : "", old);
    flint_free(res->reason);
    res->reason = s;
}

/* The exhaustive rung with the ladder's cap, box, time limit and progress. */
static int fallback(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    const rf_decide_opts_t o, rf_err_t err)
{
    rf_decide_exhaustive_opts_t opts;
    rf_decide_exhaustive_opts_init(opts);
    opts->max_regions = o->max_regions;
    opts->lo = o->lo;
    opts->hi = o->hi;
    opts->time_limit = o->time_limit;
    opts->progress = o->progress;
    opts->progress_data = o->progress_data;
    opts->seed = o->seed;
    opts->threads = o->threads;
    opts->driver = o->driver;
    return rf_decide_exhaustive_opts(res, NULL, A, B, opts, err);
}

int rf_decide_equiv(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err)
{
    return rf_decide_equiv_opts(res, A, B, 0, err);
}

int rf_decide_equiv_opts(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         slong max_regions, rf_err_t err)
{
    rf_decide_opts_t opts;
    rf_decide_opts_init(opts);
    opts->max_regions = max_regions;
    return rf_decide_equiv_ladder(res, A, B, opts, err);
}

void rf_decide_opts_init(rf_decide_opts_t opts)
{
    opts->max_regions = 0;
    opts->lo = opts->hi = NULL;
    opts->time_limit = 0.0;
    opts->canonical = 1;
    opts->search = 1;
    opts->special = 1;
    opts->search_points = 0;
    opts->seed = 20261204;
    opts->progress = NULL;
    opts->progress_data = NULL;
    opts->threads = 1;
    opts->driver = NULL;
}

/* x inside the closed box (or no box). */
static int in_box(const fmpq *x, slong d, const fmpq *lo, const fmpq *hi)
{
    slong j;
    if (lo == NULL || hi == NULL)
        return 1;
    for (j = 0; j < d; j++)
        if (fmpq_cmp(x + j, lo + j) < 0 || fmpq_cmp(x + j, hi + j) > 0)
            return 0;
    return 1;
}

/* Prepend a rung summary to the result's remarks. */
static void add_remark(rf_equiv_t res, const char *what)
{
    const char *old = res->reason ? res->reason : "";
    size_t n = strlen(what) + strlen(old) + 4;
    char *s = flint_malloc(n);
    snprintf(s, n, "%s%s%s", what, *old ? "; " : "", old);
    flint_free(res->reason);
    res->reason = s;
}

/* Rung 1: equal canonical forms. Returns 1 with res = YES, 0 otherwise;
 * CA, CB receive the forms (for the search), -1 on a failed re-check. */
static int canonical_rung(rf_equiv_t res, rf_net_t CA, rf_net_t CB,
                          const rf_net_t A, const rf_net_t B,
                          const rf_decide_opts_t opts, rf_err_t err)
{
    rf_canon_trace_t TA, TB;
    int r = 0;
    rf_canon_trace_init(TA);
    rf_canon_trace_init(TB);
    if (rf_canon_net(CA, TA, A, opts->lo, opts->hi, err) ||
        rf_canon_net(CB, TB, B, opts->lo, opts->hi, err)) {
        r = -1;
        goto out;
    }
    if (rf_net_equal(CA, CB)) {
        char *text = NULL, *json = NULL;
        size_t tl = 0, jl = 0;
        FILE *t, *j;
        if (!rf_canon_trace_verify(A, TA, CA) || !rf_canon_trace_verify(B, TB, CB)) {
            rf_err_set(err, RF_ERR_INTERNAL, NULL, 0,
                       "a canonical-form trace failed its exact re-check");
            r = -1;
            goto out;
        }
        t = open_memstream(&text, &tl);
        fprintf(t, "A and B have the same canonical form (docs/canon.md)%s; both reductions "
                "re-checked exactly.\n", opts->lo ? " on the box" : "");
        fprintf(t, "reductions of A (%ld):\n", (long) TA->nmoves);
        rf_canon_trace_fprint(t, TA, "  ");
        fprintf(t, "reductions of B (%ld):\n", (long) TB->nmoves);
        rf_canon_trace_fprint(t, TB, "  ");
        fprintf(t, "neuron map A -> B (B's (row, bias) = factor x A's, factor 1 omitted):\n");
        rf_canon_map_fprint(t, TA, TB, "  ");
        fclose(t);
        j = open_memstream(&json, &jl);
        fprintf(j, "{\"canonical\": true, \"A\": ");
        rf_canon_trace_fprint_json(j, TA);
        fprintf(j, ", \"B\": ");
        rf_canon_trace_fprint_json(j, TB);
        fprintf(j, ", \"map\": ");
        rf_canon_map_fprint_json(j, TA, TB);
        fprintf(j, "}");
        fclose(j);
        rf_equiv_set_equivalent(res, "canonical-form", text, json);
        free(text);
        free(json);
        r = 1;
    }
out:
    rf_canon_trace_clear(TA);
    rf_canon_trace_clear(TB);
    return r;
}

int rf_decide_equiv_ladder(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                           const rf_decide_opts_t opts, rf_err_t err)
{
    rf_net_t CA, CB;
    int r, have_canon = 0, boxed = opts->lo != NULL && opts->hi != NULL;
    slong d = rf_net_in_dim(A), j;
    if (rf_net_in_dim(A) != rf_net_in_dim(B) || rf_net_out_dim(A) != rf_net_out_dim(B))
        return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                          "the networks have different input or output dimensions (%ld->%ld vs %ld->%ld)",
                          (long) rf_net_in_dim(A), (long) rf_net_out_dim(A),
                          (long) rf_net_in_dim(B), (long) rf_net_out_dim(B));
    if (boxed)
        for (j = 0; j < d; j++)
            if (fmpq_cmp(opts->lo + j, opts->hi + j) >= 0)
                return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                                  "the box needs lo < hi in every coordinate (coordinate %ld)",
                                  (long) j + 1);
    rf_net_init(CA, 1, (slong[]) {1, 1});
    rf_net_init(CB, 1, (slong[]) {1, 1});
    /* unrelated networks: a few float evaluations before the canonical
       forms (whose exact normalisation costs more than reading) */
    if (opts->search && opts->canonical && !(A->L == 2 && B->L == 2 && !boxed)) {
        rf_decide_search_stats_t st;
        memset(st, 0, sizeof(st));
        if (rf_decide_search_quick(res, st, A, B, opts->lo, opts->hi, 0, opts->seed)) {
            char msg[160];
            snprintf(msg, sizeof(msg), "found by the quick pre-test (%ld random inputs, %ld exact "
                     "evaluations)", (long) st->points, (long) st->exact_evals);
            add_remark(res, msg);
            r = RF_OK;
            goto done;
        }
    }
    /* one hidden layer on R^d0: the complete shallow form is as fast */
    if (opts->canonical && !(A->L == 2 && B->L == 2 && !boxed)) {
        r = canonical_rung(res, CA, CB, A, B, opts, err);
        if (r != 0) {
            r = r > 0 ? RF_OK : err->code;
            goto done;
        }
        have_canon = 1;
    }
    if (opts->search && !(A->L == 2 && B->L == 2 && !boxed)) {
        rf_decide_search_stats_t st;
        memset(st, 0, sizeof(st));
        if (rf_decide_search(res, st, A, B, have_canon ? CA : NULL, have_canon ? CB : NULL,
                             opts->lo, opts->hi, opts->search_points, opts->seed, err)) {
            char msg[160];
            snprintf(msg, sizeof(msg), "found among %ld candidate inputs (%ld with floating-point "
                     "evidence, %ld exact evaluations)", (long) st->points,
                     (long) st->candidates, (long) st->exact_evals);
            add_remark(res, msg);
            r = RF_OK;
            goto done;
        }
    }
    if (!opts->special) {
        r = fallback(res, A, B, opts, err);
        goto done;
    } else if (A->L == 2 && B->L == 2) {
        rf_equiv_t sh;
        rf_equiv_init(sh);
        r = rf_shallow_equiv(sh, A, B, err);
        if (r != RF_OK) {
            rf_equiv_clear(sh);
            goto done;
        }
        if (!boxed || sh->verdict == RF_EQUIV_YES
            || (sh->verdict == RF_EQUIV_NO && in_box(sh->x, d, opts->lo, opts->hi))) {
            rf_equiv_swap(res, sh);
            rf_equiv_clear(sh);
            goto done;
        }
        rf_equiv_clear(sh);
    } else if (A->L == 3 && B->L == 3) {
        rf_err_t why;
        rf_equiv_t th;
        rf_err_init(why);
        rf_equiv_init(th);
        r = rf_three_decide(th, A, B, why);
        if (r != RF_ERR_UNSUPPORTED && r != RF_OK) {
            *err = *why;
            rf_equiv_clear(th);
            goto done;
        }
        if (r == RF_OK && (!boxed || th->verdict == RF_EQUIV_YES
                           || (th->verdict == RF_EQUIV_NO
                               && in_box(th->x, d, opts->lo, opts->hi)))) {
            rf_equiv_swap(res, th);
            rf_equiv_clear(th);
            goto done;
        }
        rf_equiv_clear(th);
        r = fallback(res, A, B, opts, err);
        if (r == RF_OK && !boxed)
            note_declined(res, "three-layer bottleneck", why);
        goto done;
    }
    r = fallback(res, A, B, opts, err);
done:
    /* every rung's separating input, brought to small height inside the
     * box (re-checked exactly; the rung's own input when nothing smaller
     * separates); inputs of the search's dyadic grids (height at most
     * RF_DECIDE_SHORT_HEIGHT bits) are already short and kept, which saves
     * exact evaluations on wide networks */
    if (r == RF_OK && res->verdict == RF_EQUIV_NO
        && rf_equiv_height(res->x, res->n_in) > RF_DECIDE_SHORT_HEIGHT)
        rf_equiv_shrink(res, A, B, opts->lo, opts->hi);
    rf_net_clear(CA);
    rf_net_clear(CB);
    return r;
}

/* The builders list one component per combinatorial type; a type may lie
 * inside another (e.g. an antiparallel neuron forced to zero outgoing weight
 * inside the zero-outgoing-weight type). Keep the maximal ones
 * (rf_sym_sys_maximal: containment up to permutations of hidden neurons,
 * proved by substitution, refuted by exact points). Fixed seed: the output
 * is reproducible. */
static void keep_maximal(rf_sys_t sys)
{
    flint_rand_t st;
    flint_randinit(st);
    rf_sym_sys_maximal(sys, 1, NULL, st);
    flint_randclear(st);
}

int rf_decide_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err)
{
    int r;
    if (net->L == 2 || net->L == 3) {
        r = (net->L == 2) ? rf_shallow_fiber(sys, net, err) : rf_three_fiber(sys, net, err);
        if (r == RF_OK)
            keep_maximal(sys);
        return r;
    }
    return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                      "fibers are built for shallow networks (one hidden layer) and "
                      "three-layer bottleneck networks; this network has %ld affine layers",
                      (long) net->L);
}
