/* Genericity always checked (issue 11, item 1): G5 from the facet regions
 * and G6 by rf_three_flip_cancel, for up to 64 crossing neurons. Oracles:
 * brute force over all 2^r flip sets (small r), planted cancellations
 * (an activation set read off an exact point of the facet, a flip set
 * chosen first), and the statement "never 'generic: yes' nor a dimension
 * unless every condition was checked". */
#include <criterion/criterion.h>
#include "../rftest.h"
#include <string.h>
#include "relufiber/relufiber.h"
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "family.h"
#include "helpers.h"

/* brute force: some non-empty F with M + sum_F V_j = 0? */
static int brute_cancel(const fmpq *M, const fmpq *V, slong r, slong d)
{
    ulong F;
    slong c, j;
    int found = 0;
    fmpq_t s;
    fmpq_init(s);
    for (F = 1; F < (UWORD(1) << r) && !found; F++) {
        int z = 1;
        for (c = 0; c < d && z; c++) {
            fmpq_set(s, M + c);
            for (j = 0; j < r; j++)
                if ((F >> j) & 1)
                    fmpq_add(s, s, V + j * d + c);
            z = fmpq_is_zero(s);
        }
        found = z;
    }
    fmpq_clear(s);
    return found;
}

static int cancels(const char *F, const fmpq *M, const fmpq *V, slong r, slong d)
{
    slong c, j, n = 0;
    int z = 1;
    fmpq_t s;
    fmpq_init(s);
    for (j = 0; j < r; j++)
        n += F[j] != 0;
    for (c = 0; c < d && z; c++) {
        fmpq_set(s, M + c);
        for (j = 0; j < r; j++)
            if (F[j])
                fmpq_add(s, s, V + j * d + c);
        z = fmpq_is_zero(s);
    }
    fmpq_clear(s);
    return n > 0 && z;
}

/* some note of the system contains str */
static int note_has(const rf_sys_t sys, const char *str)
{
    slong k;
    for (k = 0; k < sys->nnotes; k++)
        if (strstr(sys->notes[k], str) != NULL)
            return 1;
    return 0;
}

/* the fiber of a non-generic (or undecided) parameter: either refused, or
 * its certain components with no dimension claimed */
static void assert_no_dims(const rf_sys_t sys, int code, const rf_err_t err)
{
    slong c;
    if (code != RF_OK) {
        cr_assert_eq(code, RF_ERR_UNSUPPORTED, "%s", err->msg);
        return;
    }
    for (c = 0; c < sys->ncomp; c++)
        cr_assert_eq(sys->comps[c].dim, -1, "component %ld claims dimension %ld",
                     (long) c, (long) sys->comps[c].dim);
}

Test(generic, flip_cancel_matches_brute_force)
{
    flint_rand_t st;
    slong it, nyes = 0, nno = 0, nlp = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        slong r = 1 + (slong) n_randint(st, 12), d = 1 + (slong) n_randint(st, 3);
        slong j, c, mm = it % 3 == 0 ? 0 : RF_THREE_FLIP_MITM_MAX;
        fmpq *M = _fmpq_vec_init(d), *V = _fmpq_vec_init(r * d);
        char *F = flint_malloc(r);
        rf_three_flip_stats_t fs;
        int res, bf, pos = (int) n_randint(st, 3) == 0;
        for (j = 0; j < r * d; j++)
            fmpq_set_si(V + j, (slong) n_randint(st, 7) - (pos ? 1 : 3),
                        1 + (slong) n_randint(st, 2));
        for (c = 0; c < d; c++)
            fmpq_set_si(M + c, (slong) n_randint(st, 9) - 4, 1);
        if (n_randint(st, 3) == 0) {          /* plant a cancelling set */
            for (c = 0; c < d; c++)
                fmpq_zero(M + c);
            for (j = 0; j < r; j++)
                if (n_randint(st, 2) || j == 0)
                    for (c = 0; c < d; c++)
                        fmpq_sub(M + c, M + c, V + j * d + c);
        }
        bf = brute_cancel(M, V, r, d);
        res = rf_three_flip_cancel(F, fs, M, V, r, d, mm, 0);
        if (mm > 0)
            cr_assert_neq(res, -1, "undecided with r = %ld " RF_TEST_CTX_FMT,
                          (long) r, RF_TEST_CTX_ARGS);
        if (res == 1) {
            cr_assert(bf);
            cr_assert(cancels(F, M, V, r, d), "returned set does not cancel");
            nyes++;
        } else if (res == 0) {
            cr_assert(!bf, "missed a cancelling set " RF_TEST_CTX_FMT,
                      RF_TEST_CTX_ARGS);
            nno++;
            if (fs->mitm == 0)
                nlp++;
        }
        _fmpq_vec_clear(M, d);
        _fmpq_vec_clear(V, r * d);
        flint_free(F);
    }
    cr_assert_geq(nyes, rf_test_count(30));
    cr_assert_geq(nno, rf_test_count(30));
    cr_assert_geq(nlp, rf_test_count(10), "the filters and LPs never decided");
}

/* The issue's construction with r crossing neurons: two always-active
 * neurons (first two), crossing neurons W2[j,1] > 0, W2[j,2..] < 0,
 * b2_j < 0, n1 = 2 or 3; with cancel, c_1(empty set) = 0. */
static void issue_net(rf_net_t net, flint_rand_t st, slong n1, slong r, int cancel)
{
    slong n2 = r + 2, j, k;
    fmpq_t t;
    fmpq_init(t);
    rf_net_clear(net);
    rf_net_init(net, 3, (slong[]) {n1, n1, n2, 1});
    for (j = 0; j < n1; j++) {
        for (k = 0; k < n1; k++)
            fmpq_set_si(rf_net_W(net, 0, j, k), (slong) n_randint(st, 97) - 48,
                        1 + (slong) n_randint(st, 13));
        fmpq_set_si(rf_net_W(net, 0, j, j), 50 + (slong) n_randint(st, 50), 1);
        fam_rq(rf_net_b(net, 0, j), st, 0);
    }
    for (j = 0; j < n2; j++) {
        int a = j < 2;
        fmpq_set_si(rf_net_W(net, 1, j, 0), 1 + (slong) n_randint(st, 997),
                    1 + (slong) n_randint(st, 89));
        for (k = 1; k < n1; k++) {
            fmpq_set_si(rf_net_W(net, 1, j, k), 1 + (slong) n_randint(st, 997),
                        1 + (slong) n_randint(st, 89));
            if (!a)
                fmpq_neg(rf_net_W(net, 1, j, k), rf_net_W(net, 1, j, k));
        }
        fmpq_set_si(rf_net_b(net, 1, j), (a ? 1 : -1) * (1 + (slong) n_randint(st, 997)),
                    1 + (slong) n_randint(st, 89));
        fmpq_set_si(rf_net_W(net, 2, 0, j), (slong) n_randint(st, 2001) - 1000,
                    1 + (slong) n_randint(st, 89));
        if (fmpq_is_zero(rf_net_W(net, 2, 0, j)))
            fmpq_one(rf_net_W(net, 2, 0, j));
    }
    if (cancel) {
        /* W3_2 = -W3_1 W2[1,1] / W2[2,1] */
        fmpq_mul(t, rf_net_W(net, 2, 0, 0), rf_net_W(net, 1, 0, 0));
        fmpq_div(t, t, rf_net_W(net, 1, 1, 0));
        fmpq_neg(rf_net_W(net, 2, 0, 1), t);
    }
    fmpq_clear(t);
}

static char *report_str(const rf_three_report_t rep, int json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (json)
        rf_three_report_fprint_json(f, rep);
    else
        rf_three_report_fprint(f, rep);
    fclose(f);
    return buf;
}

/* never a claim that was not checked */
static void assert_honest(const rf_three_report_t rep)
{
    char *t = report_str(rep, 0), *j = report_str(rep, 1);
    int yes = strstr(t, "generic: yes") != NULL;
    slong c;
    int all = 1;
    for (c = 0; c < RF_THREE_NCOND; c++)
        if (rep->cond[c].status != RF_THREE_COND_PASS)
            all = 0;
    cr_assert_eq(yes, all, "%s", t);
    cr_assert_eq(rep->generic, all);
    if (!all) {
        cr_assert(strstr(t, "generic fiber dimension") == NULL, "%s", t);
        cr_assert(strstr(t, "\nfunctional dimension: ") == NULL, "%s", t);
        cr_assert(strstr(j, "\"fiber_dim\": null") != NULL, "%s", j);
    }
    for (c = 0; c < RF_THREE_NCOND; c++)
        if (rep->cond[c].status == RF_THREE_COND_SKIPPED && rep->failing < 0) {
            char want[64];
            snprintf(want, sizeof(want), "%s not checked: ", rep->cond[c].name);
            cr_assert(strstr(t, want) != NULL, "%s", t);
            cr_assert(strstr(t, "generic: unknown (") != NULL, "%s", t);
        }
    free(t);
    free(j);
}

Test(generic, issue_construction_g5_fails_up_to_64)
{
    flint_rand_t st;
    slong rs[] = {4, 11, 17, 33, 64}, i, n1;
    rf_net_t net;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (n1 = 2; n1 <= 3; n1++)
        for (i = 0; i < 5; i++) {
            int cancel;
            if (n1 == 3 && rs[i] > 17)
                continue;
            for (cancel = 0; cancel <= 1; cancel++) {
                rf_three_report_t rep;
                rf_err_t err;
                rf_sys_t sys;
                int code;
                issue_net(net, st, n1, rs[i], cancel);
                rf_three_report_init(rep);
                rf_err_init(err);
                cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
                cr_assert_eq(rep->r, rs[i]);
                cr_assert_eq(rep->a, 2);
                cr_assert_neq(rep->cond[4].status, RF_THREE_COND_SKIPPED,
                              "G5 skipped at r = %ld", (long) rs[i]);
                cr_assert_eq(rep->cond[4].status, cancel ? RF_THREE_COND_FAIL
                             : RF_THREE_COND_PASS, "r = %ld n1 = %ld: %s",
                             (long) rs[i], (long) n1, rep->cond[4].where);
                assert_honest(rep);
                rf_sys_init(sys, 0, NULL, NULL);
                code = rf_three_fiber(sys, net, err);
                /* a non-generic parameter gets only its certain components
                 * (the failing condition named, no dimension claimed), or a
                 * refusal when they are too many to list */
                if (cancel && code == RF_OK && rep->failing == 4)
                    cr_assert(note_has(sys, "G5"));
                if (!rep->generic)
                    assert_no_dims(sys, code, err);
                rf_sys_clear(sys);
                rf_three_report_clear(rep);
                rf_err_clear(err);
            }
        }
    rf_net_clear(net);
    flint_randclear(st);
}

/* G5 planted on a non-empty activation set: pick a rational point of the
 * facet y_1 = 0 (y_k > 0 for k > 1), read off the crossing neurons active
 * there, and set W3 of the first always-active neuron so that c_1(S) = 0. */
Test(generic, g5_planted_set_found_up_to_64)
{
    flint_rand_t st;
    slong it;
    rf_net_t net;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 6); it++) {
        slong n1 = 2 + (slong) (it % 2), r = it < 3 ? 16 + 16 * it : 64, j, k;
        fmpq *y = _fmpq_vec_init(n1);
        fmpq_t p, c;
        rf_three_report_t rep;
        rf_err_t err;
        int zero = 0;
        if (n1 == 3 && r > 24)
            r = 24;
        fmpq_init(p);
        fmpq_init(c);
        issue_net(net, st, n1, r, 0);
        /* make half of the crossing neurons flip sign on the facet: b2 > 0 */
        for (j = 2; j < r + 2; j += 2)
            fmpq_neg(rf_net_b(net, 1, j), rf_net_b(net, 1, j));
        for (k = 1; k < n1; k++)
            fmpq_set_si(y + k, 1 + (slong) n_randint(st, 50), 1 + (slong) n_randint(st, 7));
        fmpq_zero(c);
        for (j = 2; j < r + 2; j++) {
            fmpq_set(p, rf_net_b(net, 1, j));
            for (k = 1; k < n1; k++)
                fmpq_addmul(p, rf_net_W(net, 1, j, k), y + k);
            if (fmpq_is_zero(p))
                zero = 1;
            if (fmpq_sgn(p) > 0)
                fmpq_addmul(c, rf_net_W(net, 2, 0, j), rf_net_W(net, 1, j, 0));
        }
        if (zero) {
            _fmpq_vec_clear(y, n1);
            fmpq_clear(p);
            fmpq_clear(c);
            continue;
        }
        /* c_1(S) = W3_1 W2[1,1] + W3_2 W2[2,1] + c = 0 */
        fmpq_mul(p, rf_net_W(net, 2, 0, 1), rf_net_W(net, 1, 1, 0));
        fmpq_add(c, c, p);
        fmpq_div(c, c, rf_net_W(net, 1, 0, 0));
        fmpq_neg(rf_net_W(net, 2, 0, 0), c);
        if (fmpq_is_zero(rf_net_W(net, 2, 0, 0))) {
            _fmpq_vec_clear(y, n1);
            fmpq_clear(p);
            fmpq_clear(c);
            continue;
        }
        rf_three_report_init(rep);
        rf_err_init(err);
        cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
        cr_assert_eq(rep->cond[4].status, RF_THREE_COND_FAIL,
                     "planted c_1(S) = 0 missed at r = %ld: %s", (long) r,
                     rep->cond[4].where);
        assert_honest(rep);
        rf_three_report_clear(rep);
        rf_err_clear(err);
        _fmpq_vec_clear(y, n1);
        fmpq_clear(p);
        fmpq_clear(c);
    }
    rf_net_clear(net);
    flint_randclear(st);
}

/* G6 planted (n1 = 2, n3 = 1, two always-active neurons with independent
 * rows): W3 of the active block solves M = -sum_F V_j, so M_F = 0; found
 * exactly for r <= 30. A subset-sum instance with 64 neurons of both signs
 * and no certificate is reported "not checked" with the reason. */
Test(generic, g6_planted_and_unknown)
{
    flint_rand_t st;
    slong it;
    rf_net_t net;
    rf_test_randinit(st);
    rf_net_init(net, 1, (slong[]) {1, 1});
    for (it = 0; rf_test_loop(it, 6); it++) {
        slong r = 8 + 4 * it, j, k;
        fmpq_t t, det;
        fmpq s[2];
        rf_three_report_t rep;
        rf_err_t err;
        fmpq_init(t);
        fmpq_init(det);
        fmpq_init(s + 0);
        fmpq_init(s + 1);
        issue_net(net, st, 2, r, 0);
        /* target s = -sum over F = every third crossing neuron of V_j */
        for (j = 2; j < r + 2; j += 3)
            for (k = 0; k < 2; k++)
                fmpq_submul(s + k, rf_net_W(net, 2, 0, j), rf_net_W(net, 1, j, k));
        /* solve W3_1 (W2_1) + W3_2 (W2_2) = s (2 x 2, Cramer) */
        fmpq_mul(det, rf_net_W(net, 1, 0, 0), rf_net_W(net, 1, 1, 1));
        fmpq_submul(det, rf_net_W(net, 1, 1, 0), rf_net_W(net, 1, 0, 1));
        if (fmpq_is_zero(det))
            goto next;
        fmpq_mul(t, s + 0, rf_net_W(net, 1, 1, 1));
        fmpq_submul(t, s + 1, rf_net_W(net, 1, 1, 0));
        fmpq_div(rf_net_W(net, 2, 0, 0), t, det);
        fmpq_mul(t, rf_net_W(net, 1, 0, 0), s + 1);
        fmpq_submul(t, rf_net_W(net, 1, 0, 1), s + 0);
        fmpq_div(rf_net_W(net, 2, 0, 1), t, det);
        rf_three_report_init(rep);
        rf_err_init(err);
        cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
        cr_assert_neq(rep->cond[5].status, RF_THREE_COND_PASS, "r = %ld", (long) r);
        if (r <= 30)
            cr_assert_eq(rep->cond[5].status, RF_THREE_COND_FAIL, "r = %ld: %s",
                         (long) r, rep->cond[5].where);
        assert_honest(rep);
        rf_three_report_clear(rep);
        rf_err_clear(err);
    next:
        fmpq_clear(t);
        fmpq_clear(det);
        fmpq_clear(s + 0);
        fmpq_clear(s + 1);
    }
    {
        /* n1 = 1: V_j = W3_j W2_j are scalars of both signs, M small */
        slong r = 64, j;
        rf_three_report_t rep;
        rf_err_t err;
        char *t;
        rf_sys_t sys;
        rf_net_clear(net);
        rf_net_init(net, 3, (slong[]) {1, 1, r + 1, 1});
        fmpq_one(rf_net_W(net, 0, 0, 0));
        fmpq_one(rf_net_W(net, 1, 0, 0));
        fmpq_one(rf_net_b(net, 1, 0));
        fmpq_set_si(rf_net_W(net, 2, 0, 0), 1, 7);
        for (j = 1; j <= r; j++) {
            fmpq_set_si(rf_net_W(net, 1, j, 0), 1000 + (slong) n_randint(st, 100000), 1);
            fmpq_set_si(rf_net_b(net, 1, j), -1 - (slong) n_randint(st, 100000), 1);
            fmpq_set_si(rf_net_W(net, 2, 0, j), (j % 2 ? 1 : -1) *
                        (1 + (slong) n_randint(st, 100000)), 1 + (slong) n_randint(st, 1000));
        }
        rf_three_report_init(rep);
        rf_err_init(err);
        cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
        t = report_str(rep, 0);
        if (rep->failing < 0) {
            cr_assert_eq(rep->cond[5].status, RF_THREE_COND_SKIPPED, "%s", t);
            cr_assert(strstr(t, "G6 not checked: ") != NULL, "%s", t);
            int code;
            rf_sys_init(sys, 0, NULL, NULL);
            code = rf_three_fiber(sys, net, err);
            assert_no_dims(sys, code, err);
            if (code == RF_OK)
                cr_assert(note_has(sys, "G6"));
            rf_sys_clear(sys);
        }
        assert_honest(rep);
        free(t);
        rf_three_report_clear(rep);
        rf_err_clear(err);
    }
    rf_net_clear(net);
    flint_randclear(st);
}

/* First-layer rigidity status (docs/three_layer.md §7, Theorems 7.1, 7.4):
 * an always-active neuron with G5 makes every hyperplane fully visible
 * (Theorem 7.1); a = 0 with partly visible hyperplanes is covered by
 * Theorem 7.4 when every c_i^inf = sum_{W2[j,i] > 0} W3[:,j] W2[j,i] is
 * non-zero, and stays open [R?] otherwise.  The report (struct, text, JSON)
 * and the fiber notes say which. */
static void read_rfn(rf_net_t net, const char *txt)
{
    rf_err_t err;
    rf_err_init(err);
    cr_assert_eq(rf_io_read_rfn_buf(net, txt, strlen(txt), "test", err), RF_OK, "%s",
                 err->msg);
    rf_err_clear(err);
}

static int print_has(const rf_three_report_t rep, int json, const char *needle)
{
    char *buf = NULL;
    size_t len = 0;
    int ok;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f != NULL);
    if (json)
        rf_three_report_fprint_json(f, rep);
    else
        rf_three_report_fprint(f, rep);
    fclose(f);
    ok = strstr(buf, needle) != NULL;
    if (!ok)
        fprintf(stderr, "report without '%s':\n%s\n", needle, buf);
    free(buf);
    return ok;
}

static void rigidity_case(const char *txt, int rigid_thm, slong invisible,
                          slong hinf_zero, const char *line, const char *json,
                          const char *note)
{
    rf_net_t net;
    rf_three_report_t rep;
    rf_err_t err;
    rf_sys_t sys;
    rf_net_init(net, 1, (slong[]) {1, 1});
    read_rfn(net, txt);
    rf_three_report_init(rep);
    rf_err_init(err);
    cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
    cr_assert(rep->generic, "expected a generic parameter");
    cr_assert_eq(rep->rigid_thm, rigid_thm);
    cr_assert_eq(rep->rigid, rigid_thm != 0);
    cr_assert_eq(rep->invisible, invisible);
    cr_assert_eq(rep->hinf_zero, hinf_zero);
    cr_assert(print_has(rep, 0, line), "no report line '%s'", line);
    cr_assert(print_has(rep, 1, json), "no JSON '%s'", json);
    rf_sys_init(sys, 0, NULL, NULL);
    cr_assert_eq(rf_three_fiber(sys, net, err), RF_OK, "%s", err->msg);
    cr_assert(note_has(sys, note), "no note containing '%s'", note);
    rf_sys_clear(sys);
    rf_three_report_clear(rep);
    rf_err_clear(err);
    rf_net_clear(net);
}

Test(generic, first_layer_rigidity_status)
{
    /* a = 0: on the facet y_1 = 0 only neuron 2 can be on (for y_2 > 2/3);
     * below, no neuron is active: H_1 partly visible; likewise H_2.  Both
     * columns of W2 have a positive entry: c_1^inf = 1*2, c_2^inf = 2*3, so
     * Theorem 7.4 applies (this net was the open-case example before) */
    rigidity_case("arch 2 2 2 1\nW1\n1 0\n0 1\nb1 0 0\nW2\n2 -1\n-1 3\n"
                  "b2 -1 -2\nW3\n1 2\nb3 0\n", RF_THREE_RIGID_T74, 2, 0,
                  "first-layer rigidity: proved (Theorem 7.4",
                  "\"rigidity_theorems\": [\"7.4\"], \"rigidity\": \"proved\"",
                  "Theorem 7.4 of docs/three_layer.md");
    /* an always-active neuron (row 1 >= 0) and G5: every hyperplane fully
     * visible (Theorem 7.1); c_1^inf = 1 + 3, c_2^inf = 2: also Theorem 7.4 */
    rigidity_case("arch 2 2 2 1\nW1\n1 0\n0 1\nb1 0 0\nW2\n1 2\n1 -1\n"
                  "b2 1 -2\nW3\n1 3\nb3 0\n",
                  RF_THREE_RIGID_T71 | RF_THREE_RIGID_T74, 0, 0,
                  "first-layer rigidity: proved (Theorem 7.1",
                  "\"rigidity_theorems\": [\"7.1\", \"7.4\"]",
                  "first-layer rigidity is proved");
    /* a = 0, column 2 of W2 negative (c_2^inf = 0: f is eventually constant
     * along the y_2 axis) and H_1 partly visible (facet y_1 = 0: neuron 2
     * on only for y_2 < 2/3): neither theorem applies, open [R?] */
    rigidity_case("arch 2 2 2 1\nW1\n1 0\n0 1\nb1 0 0\nW2\n2 -1\n-1 -3\n"
                  "b2 -1 2\nW3\n1 2\nb3 0\n", 0, 1, 1,
                  "first-layer rigidity: open [R?] (1 first-layer hyperplane(s) "
                  "not fully visible, a = 0, and 1 index(es) i with c_i^inf = 0",
                  "\"hinf_zero\": 1, \"rigidity_theorems\": [], \"rigidity\": \"open\"",
                  "open here");
    /* an always-active neuron, every hyperplane fully visible (Theorem
     * 7.1), but c_1^inf = 2*1 + (-1)*2 = 0: Theorem 7.4 does not apply; the
     * two theorems are independent */
    rigidity_case("arch 2 2 2 1\nW1\n1 0\n0 1\nb1 0 0\nW2\n1 1\n2 -1\n"
                  "b2 1 -2\nW3\n2 -1\nb3 0\n", RF_THREE_RIGID_T71, 0, 1,
                  "first-layer rigidity: proved (Theorem 7.1",
                  "\"rigidity_theorems\": [\"7.1\"]",
                  "first-layer rigidity is proved");
}

/* Theorem 7.4 on random nets: hinf_zero recomputed here (c_i^inf summed
 * independently), the rigid_thm bits from their definition, the printed
 * status, and step (f) of the proof: a net with G2, n1 >= 2 and every
 * c_i^inf != 0 has no weakly hidden index (nets with a planted hidden index
 * must fail (H-inf)). */
static slong hinf_zero_here(const rf_net_t net)
{
    slong n1 = net->dims[1], n2 = net->dims[2], n3 = net->dims[3], i, j, o, z = 0;
    fmpq_t s, t;
    fmpq_init(s);
    fmpq_init(t);
    for (i = 0; i < n1; i++) {
        int nz = 0;
        for (o = 0; o < n3; o++) {
            fmpq_zero(s);
            for (j = 0; j < n2; j++)
                if (fmpq_sgn(rf_net_W(net, 1, j, i)) > 0) {
                    fmpq_mul(t, rf_net_W(net, 2, o, j), rf_net_W(net, 1, j, i));
                    fmpq_add(s, s, t);
                }
            if (!fmpq_is_zero(s))
                nz = 1;
        }
        z += !nz;
    }
    fmpq_clear(s);
    fmpq_clear(t);
    return z;
}

Test(generic, rigidity_theorem_74_random)
{
    flint_rand_t st;
    slong it, n74 = 0, nopen = 0, nhid = 0;
    flint_randinit(st);
    for (it = 0; it < 80; it++) {
        slong n1 = 2 + it % 2, n2 = 2 + it % 4, n3 = 1 + (it / 4) % 2, j;
        char types[8];
        rf_net_t net;
        rf_three_report_t rep;
        rf_err_t err;
        int g125, want;
        char *t;
        if (it % 5 == 4) {
            /* a planted hidden index 1: crossing neurons 'H', others dead */
            for (j = 0; j < n2; j++)
                types[j] = j == 0 ? 'H' : 'Z';
            types[n2] = '\0';
        } else {
            th_rand_types(types, st, n2);
        }
        rf_net_init(net, 1, (slong[]) {1, 1});
        th_rand_net(net, st, n1 + 1, n1, n2, n3, types);
        rf_three_report_init(rep);
        rf_err_init(err);
        cr_assert_eq(rf_three_report_compute(rep, net, 10, err), RF_OK);
        cr_assert_eq(rep->hinf_zero, hinf_zero_here(net));
        g125 = rep->cond[0].status == RF_THREE_COND_PASS &&
               rep->cond[1].status == RF_THREE_COND_PASS &&
               rep->cond[4].status == RF_THREE_COND_PASS;
        want = (g125 && rep->invisible == 0 ? RF_THREE_RIGID_T71 : 0) |
               (g125 && rep->hinf_zero == 0 ? RF_THREE_RIGID_T74 : 0);
        cr_assert_eq(rep->rigid_thm, want);
        cr_assert_eq(rep->rigid, want != 0);
        if (rep->rigid_thm & RF_THREE_RIGID_T74) {
            cr_assert(rep->hidden < 0, "Theorem 7.4 (f): no weakly hidden index");
            n74++;
        }
        if (rep->hidden >= 0 && rep->cond[1].status == RF_THREE_COND_PASS) {
            cr_assert(rep->hinf_zero > 0, "a hidden index with G2 forces c^inf = 0");
            nhid++;
        }
        t = report_str(rep, 0);
        if (rep->rigid_thm & RF_THREE_RIGID_T71)
            cr_assert(strstr(t, "first-layer rigidity: proved (Theorem 7.1") != NULL, "%s", t);
        else if (rep->rigid_thm & RF_THREE_RIGID_T74)
            cr_assert(strstr(t, "first-layer rigidity: proved (Theorem 7.4") != NULL, "%s", t);
        else if (g125) {
            cr_assert(strstr(t, "first-layer rigidity: open [R?]") != NULL, "%s", t);
            nopen++;
        }
        free(t);
        rf_three_report_clear(rep);
        rf_err_clear(err);
        rf_net_clear(net);
    }
    cr_assert_gt(n74, 5);
    cr_assert_gt(nhid, 3);
    cr_assert_gt(nopen, 0);
    cr_log_info("Theorem 7.4: %ld nets, open: %ld, hidden: %ld", (long) n74, (long) nopen, (long) nhid);
    flint_randclear(st);
}
