/* Containment of components (rf_sym_comp_contained, rf_sym_sys_maximal):
 * hand-made cases with known answers, random systems against a brute-force
 * grid oracle, and the maximal fibers of the examples. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/sym.h"


/* a component from "p1 = 0; p2 > 0; ..." (relations = > >= !=) */
static void add_comp(rf_sys_t sys, const char *name, const char *spec)
{
    slong c = rf_sys_add_component(sys, name, NULL, -1);
    char *s = strdup(spec), *save = NULL, *tok;
    for (tok = strtok_r(s, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        fmpq_mpoly_t p;
        rf_sys_rel_t rel;
        char *op;
        if ((op = strstr(tok, "!=")))
            rel = RF_SYS_REL_NE;
        else if ((op = strstr(tok, ">=")))
            rel = RF_SYS_REL_GE;
        else if ((op = strstr(tok, ">")))
            rel = RF_SYS_REL_GT;
        else
            rel = RF_SYS_REL_EQ, op = strstr(tok, "=");
        cr_assert(op != NULL);
        *op = '\0';
        fmpq_mpoly_init(p, sys->ctx);
        cr_assert_eq(fmpq_mpoly_set_str_pretty(p, tok, (const char **) sys->vars, sys->ctx), 0,
                     "parse %s", tok);
        rf_sys_add_constraint(sys, c, p, rel, NULL);
        fmpq_mpoly_clear(p, sys->ctx);
    }
    free(s);
}

static rf_sym_contain_t pair(const char *const *names, const rf_sys_var_kind_t *kinds,
                             slong n, const char *a, const char *b, int perms)
{
    rf_sys_t sys;
    flint_rand_t st;
    rf_sym_contain_t r;
    rf_sys_init(sys, n, names, kinds);
    add_comp(sys, "A", a);
    add_comp(sys, "B", b);
    flint_randinit(st);
    r = rf_sym_comp_contained(sys, 0, 1, perms, st);
    flint_randclear(st);
    rf_sys_clear(sys);
    return r;
}

Test(sym_contain, hand_made)
{
    const char *xyz[] = {"x", "y", "z", "t"};
    rf_sys_var_kind_t k[] = {RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_AUX};
    /* x y = 0 with x > 0 forces y = 0 */
    cr_assert_eq(pair(xyz, k, 4, "x*y=0;x>0", "y=0", 0), RF_SYM_CONTAIN_YES);
    cr_assert_eq(pair(xyz, k, 4, "y=0", "x*y=0;x>0", 0), RF_SYM_CONTAIN_NO);
    cr_assert_eq(pair(xyz, k, 4, "x=0", "x*y=0", 0), RF_SYM_CONTAIN_YES);
    /* x^2 + y^2 != 0, x z = y z = 0 force z = 0 */
    cr_assert_eq(pair(xyz, k, 4, "x^2+y^2!=0;x*z=0;y*z=0", "z=0", 0), RF_SYM_CONTAIN_YES);
    /* sums of equations: x y + z = 0, x y - z = 0 */
    cr_assert_eq(pair(xyz, k, 4, "x*y+z=0;x*y-z=0", "z=0", 0), RF_SYM_CONTAIN_YES);
    /* sign of a product */
    cr_assert_eq(pair(xyz, k, 4, "x>0;-y>0", "-x*y>0", 0), RF_SYM_CONTAIN_YES);
    cr_assert_eq(pair(xyz, k, 4, "x>0;-y>0", "x*y>0", 0), RF_SYM_CONTAIN_NO);
    cr_assert_eq(pair(xyz, k, 4, "x>=0", "x^2*y^2>=0", 0), RF_SYM_CONTAIN_YES);
    /* an auxiliary witness: x = 2 y, y > 0 lies in {x = t y, t > 0} */
    cr_assert_eq(pair(xyz, k, 4, "x-2*y=0;y>0", "x-t*y=0;t>0", 0), RF_SYM_CONTAIN_YES);
    cr_assert_eq(pair(xyz, k, 4, "x+2*y=0;y>0", "x-t*y=0;t>0", 0), RF_SYM_CONTAIN_NO);
    /* linear witness t = x + 1 */
    cr_assert_eq(pair(xyz, k, 4, "z=0", "t-x-1=0;z*t=0", 0), RF_SYM_CONTAIN_YES);
    /* not linear in the auxiliary: undecided */
    cr_assert_eq(pair(xyz, k, 4, "x=0", "x-t^2-1=0", 0), RF_SYM_CONTAIN_UNKNOWN);
    /* equal sets written differently */
    cr_assert_eq(pair(xyz, k, 4, "x-y=0;y-z=0", "x-z=0;2*x-y-z=0;x-y=0", 0), RF_SYM_CONTAIN_YES);
}

Test(sym_contain, permutations)
{
    const char *v[] = {"W1_1_1", "W1_2_1", "b1_1", "b1_2", "W2_1_1", "W2_1_2", "b2_1"};
    cr_assert_eq(pair(v, NULL, 7, "W1_1_1-1=0;W1_2_1-2=0;W2_1_2=0",
                      "W1_1_1-2=0;W1_2_1-1=0;W2_1_1=0", 0), RF_SYM_CONTAIN_NO);
    cr_assert_eq(pair(v, NULL, 7, "W1_1_1-1=0;W1_2_1-2=0;W2_1_2=0",
                      "W1_1_1-2=0;W1_2_1-1=0;W2_1_1=0", 1), RF_SYM_CONTAIN_YES);
    /* the output layer is not permuted */
    cr_assert_eq(pair(v, NULL, 7, "b2_1-1=0", "b2_1-2=0", 1), RF_SYM_CONTAIN_NO);
}

/* brute force: the grid {-2..2}/{1,2} in x, y, z */
static int grid_in(const rf_sys_t sys, slong c, fmpq *pt, slong i)
{
    (void) i;
    return rf_sys_component_contains(sys, c, pt);
}

Test(sym_contain, random_against_grid)
{
    const char *xyz[] = {"x", "y", "z"};
    const char *pool[] = {"x", "y", "z", "x-y", "x+y-1", "x*y", "x*z", "y*z-1", "x^2-y",
                          "z^2", "x*y*z", "x-2*z", "y+z"};
    const char *rels[] = {"=", ">", ">=", "!="};
    flint_rand_t st;
    slong it, yes = 0, no = 0;
    rf_test_randinit(st);
    for (it = 0; rf_test_loop(it, 300); it++) {
        rf_sys_t sys;
        char a[256] = "", b[256] = "";
        slong k, na = 1 + n_randint(st, 3), nb = 1 + n_randint(st, 2);
        rf_sym_contain_t r;
        int a_in_b = 1, a_nonempty = 0;
        slong g[3];
        fmpq *pt = _fmpq_vec_init(3);
        for (k = 0; k < na; k++)
            snprintf(a + strlen(a), sizeof a - strlen(a), "%s%s%s0", k ? ";" : "",
                     pool[n_randint(st, 13)], rels[n_randint(st, 4)]);
        for (k = 0; k < nb; k++)
            snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s%s0", k ? ";" : "",
                     pool[n_randint(st, 13)], rels[n_randint(st, 4)]);
        rf_sys_init(sys, 3, xyz, NULL);
        add_comp(sys, "A", a);
        add_comp(sys, "B", b);
        r = rf_sym_comp_contained(sys, 0, 1, 0, st);
        /* grid oracle, denominators 1 and 2 */
        for (g[0] = -8; g[0] <= 8; g[0]++)
            for (g[1] = -8; g[1] <= 8; g[1]++)
                for (g[2] = -8; g[2] <= 8; g[2]++) {
                    fmpq_set_si(pt + 0, g[0], 2);
                    fmpq_set_si(pt + 1, g[1], 2);
                    fmpq_set_si(pt + 2, g[2], 2);
                    if (grid_in(sys, 0, pt, 0)) {
                        a_nonempty = 1;
                        if (!grid_in(sys, 1, pt, 0))
                            a_in_b = 0;
                    }
                }
        if (r == RF_SYM_CONTAIN_YES) {
            cr_assert(a_in_b, "claimed %s inside %s, a grid point says no", a, b);
            yes++;
        } else if (r == RF_SYM_CONTAIN_NO) {
            no++;
        }
        (void) a_nonempty;
        _fmpq_vec_clear(pt, 3);
        rf_sys_clear(sys);
    }
    cr_assert(yes > 5 && no > 5, "too few decided cases: %ld yes, %ld no", yes, no);
}

static void fiber_of(rf_sys_t sys, const char *file)
{
    char path[1024];
    rf_net_t net;
    rf_err_t err;
    const char *dir = getenv("RF_EXAMPLES");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "examples", file);
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    cr_assert_eq(rf_io_read_file(net, path, RF_IO_FMT_AUTO, RF_IO_JSON_DECIMAL, err), 0, "%s: %s", path, err->msg);
    cr_assert_eq(rf_decide_fiber(sys, net, err), 0, "%s: %s", path, err->msg);
    rf_net_clear(net);
    rf_err_clear(err);
}

static int has_note(const rf_sys_t sys, const char *s)
{
    slong i;
    for (i = 0; i < sys->nnotes; i++)
        if (strstr(sys->notes[i], s))
            return 1;
    return 0;
}

Test(sym_contain, example_fibers_maximal)
{
    const char *ex[] = {"shallow_2_3_1.rfn", "shallow_generic.rfn", "shallow_flip_b.rfn",
                        "three_e3_generic.rfn", "three_e6_a.rfn", "three_e2_a.rfn"};
    slong i, a, b;
    flint_rand_t st;
    flint_randinit(st);
    for (i = 0; i < 6; i++) {
        rf_sys_t sys;
        rf_sys_init(sys, 0, NULL, NULL);
        fiber_of(sys, ex[i]);
        cr_assert(has_note(sys, "components are maximal"), "%s", ex[i]);
        cr_assert(!has_note(sys, "pieces, may overlap"), "%s", ex[i]);
        if (i == 0) {
            /* 7 types, the two antiparallel ones of dimension 3 removed */
            cr_assert_eq(sys->ncomp, 5);
            for (a = 0; a < sys->ncomp; a++)
                cr_assert(sys->comps[a].dim >= 4);
            cr_assert(has_note(sys, "removed component 'kinks[1+0- 1+1-]'"));
        }
        /* re-ask every pair: no kept component lies in another */
        for (a = 0; a < sys->ncomp; a++)
            for (b = 0; b < sys->ncomp; b++)
                if (a != b)
                    cr_assert_eq(rf_sym_comp_contained(sys, a, b, 1, st), RF_SYM_CONTAIN_NO,
                                 "%s: %ld in %ld", ex[i], a, b);
        rf_sys_clear(sys);
    }
    flint_randclear(st);
}
