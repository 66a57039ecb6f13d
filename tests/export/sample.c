/* Hand-built constraint systems with known answers (see sample.h). */
#include <stdio.h>
#include <string.h>
#include "sample.h"

static void add(rf_sys_t sys, slong c, const char *s, rf_sys_rel_t rel,
                const char *label)
{
    fmpq_mpoly_t p;
    fmpq_mpoly_init(p, sys->ctx);
    if (fmpq_mpoly_set_str_pretty(p, s, (const char **) sys->vars, sys->ctx)) {
        fprintf(stderr, "sample: cannot parse %s\n", s);
        flint_abort();
    }
    rf_sys_add_constraint(sys, c, p, rel, label);
    fmpq_mpoly_clear(p, sys->ctx);
}

void sample_det(rf_sys_t sys)
{
    const char *names[] = {"a", "b", "c", "d"};
    slong c;
    rf_sys_init(sys, 4, names, NULL);
    rf_sys_set_title(sys, "Test system: 2x2 matrices [[a, b], [c, d]]");
    rf_sys_add_note(sys, "hand-built, dimensions known");
    c = rf_sys_add_component(sys, "determinantal", "singular matrices", 3);
    add(sys, c, "a*d - b*c", RF_SYS_REL_EQ, "det = 0");
    c = rf_sys_add_component(sys, "rotation", "rotations with a > 0, b != 0", 1);
    add(sys, c, "a - d", RF_SYS_REL_EQ, NULL);
    add(sys, c, "b + c", RF_SYS_REL_EQ, NULL);
    add(sys, c, "a^2 + b^2 - 1", RF_SYS_REL_EQ, "unit circle");
    add(sys, c, "a", RF_SYS_REL_GT, NULL);
    add(sys, c, "b", RF_SYS_REL_NE, NULL);
    c = rf_sys_add_component(sys, "orientation-preserving", NULL, 4);
    add(sys, c, "a*d - b*c", RF_SYS_REL_GT, NULL);
    add(sys, c, "2/3*a - 5/7", RF_SYS_REL_GE, NULL);
}

void sample_net(rf_net_t net)
{
    slong dims[3] = {2, 2, 1};
    rf_net_init(net, 2, dims);
    fmpq_set_si(rf_net_W(net, 0, 0, 0), 1, 1);
    fmpq_set_si(rf_net_W(net, 0, 0, 1), 2, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 0), 3, 1);
    fmpq_set_si(rf_net_W(net, 0, 1, 1), -1, 1);
    fmpq_set_si(rf_net_b(net, 0, 0), 1, 1);
    fmpq_set_si(rf_net_b(net, 0, 1), -2, 1);
    fmpq_set_si(rf_net_W(net, 1, 0, 0), 2, 3);
    fmpq_set_si(rf_net_W(net, 1, 0, 1), -3, 1);
    fmpq_set_si(rf_net_b(net, 1, 0), 1, 2);
}

/* Print a rational into buf as "(p/q)". */
static void qs(char *buf, size_t n, const fmpq_t q)
{
    char *s = fmpq_get_str(NULL, 10, q);
    snprintf(buf, n, "(%s)", s);
    flint_free(s);
}

void sample_fiber(rf_sys_t sys, const rf_net_t net, int with_aux)
{
    const char *names[] = {"W1_1_1", "W1_1_2", "b1_1", "W1_2_1", "W1_2_2", "b1_2",
                           "W2_1_1", "W2_1_2", "b2_1", "t1_1", "t1_2"};
    rf_sys_var_kind_t kinds[11];
    const char *perm_name[2] = {"scaling (identity permutation)", "permutation (1 2) + scaling"};
    char s[512], w1[64], w2[64], cc[64], v[64], d[64];
    slong p, k, c, i;
    for (i = 0; i < 11; i++)
        kinds[i] = i < 9 ? RF_SYS_VAR_PARAM : RF_SYS_VAR_AUX;
    rf_sys_init(sys, with_aux ? 11 : 9, names, kinds);
    rf_sys_set_title(sys, with_aux ? "Fiber of a 2-2-1 network (scalings as auxiliary variables)"
                                   : "Fiber of a 2-2-1 network (scalings eliminated)");
    rf_sys_add_note(sys, "generic network: the fiber is the orbit under permutations and positive scalings");
    for (p = 0; p < 2; p++) {
        c = rf_sys_add_component(sys, perm_name[p], "hidden neuron k takes the role of neuron sigma(k)", 2);
        for (k = 0; k < 2; k++) {
            slong src = p ? 1 - k : k;
            qs(w1, sizeof w1, rf_net_W(net, 0, src, 0));
            qs(w2, sizeof w2, rf_net_W(net, 0, src, 1));
            qs(cc, sizeof cc, rf_net_b(net, 0, src));
            qs(v, sizeof v, rf_net_W(net, 1, 0, src));
            if (with_aux) {
                snprintf(s, sizeof s, "W1_%ld_1 - %s*t1_%ld", k + 1, w1, k + 1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "W1_%ld_2 - %s*t1_%ld", k + 1, w2, k + 1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "b1_%ld - %s*t1_%ld", k + 1, cc, k + 1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "t1_%ld*W2_1_%ld - %s", k + 1, k + 1, v);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "t1_%ld", k + 1);
                add(sys, c, s, RF_SYS_REL_GT, "positive scaling");
            } else {
                snprintf(s, sizeof s, "%s*W1_%ld_2 - %s*W1_%ld_1", w1, k + 1, w2, k + 1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "%s*b1_%ld - %s*W1_%ld_1", w1, k + 1, cc, k + 1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "W2_1_%ld*W1_%ld_1 - %s*%s", k + 1, k + 1, v, w1);
                add(sys, c, s, RF_SYS_REL_EQ, NULL);
                snprintf(s, sizeof s, "%s*W1_%ld_1", w1, k + 1);
                add(sys, c, s, RF_SYS_REL_GT, "positive scaling");
            }
        }
        qs(d, sizeof d, rf_net_b(net, 1, 0));
        snprintf(s, sizeof s, "b2_1 - %s", d);
        add(sys, c, s, RF_SYS_REL_EQ, NULL);
    }
}

void sample_wide(rf_sys_t sys)
{
    char *names[12 * 10 + 12], s[128];
    slong i, j, n = 0, c;
    for (i = 1; i <= 12; i++)
        for (j = 1; j <= 10; j++) {
            names[n] = flint_malloc(32);
            snprintf(names[n++], 32, "W1_%ld_%ld", i, j);
        }
    for (i = 1; i <= 12; i++) {
        names[n] = flint_malloc(32);
        snprintf(names[n++], 32, "b1_%ld", i);
    }
    rf_sys_init(sys, n, (const char *const *) names, NULL);
    for (i = 0; i < n; i++)
        flint_free(names[i]);
    rf_sys_set_title(sys, "Wide system with two-digit indices");
    c = rf_sys_add_component(sys, "proportional", NULL, 12);
    for (i = 1; i <= 12; i++)
        for (j = 1; j <= 10; j++) {
            snprintf(s, sizeof s, "W1_%ld_%ld - %ld*b1_%ld", i, j, j, i);
            add(sys, c, s, RF_SYS_REL_EQ, NULL);
        }
    c = rf_sys_add_component(sys, "zero weights", "hyperbola in (b1_1, b1_2)", 11);
    for (i = 1; i <= 12; i++)
        for (j = 1; j <= 10; j++) {
            snprintf(s, sizeof s, "W1_%ld_%ld", i, j);
            add(sys, c, s, RF_SYS_REL_EQ, NULL);
        }
    add(sys, c, "b1_1*b1_2 - 1", RF_SYS_REL_EQ, NULL);
    add(sys, c, "b1_1", RF_SYS_REL_GT, NULL);
}

void sample_awkward(rf_sys_t sys)
{
    const char *names[] = {"W1_2_3", "lambda", "ring", "and", "rfR", "W", "a b",
                           "ideal1", "pi2_1", "x_y", "v1", "D1"};
    slong n = 12, k, c;
    fmpq_mpoly_t p, g;
    rf_sys_init(sys, n, names, NULL);
    fmpq_mpoly_init(p, sys->ctx);
    fmpq_mpoly_init(g, sys->ctx);
    c = rf_sys_add_component(sys, "hyperplane", "sum = 1", n - 1);
    fmpq_mpoly_set_si(p, -1, sys->ctx);
    for (k = 0; k < n; k++) {
        fmpq_mpoly_gen(g, k, sys->ctx);
        fmpq_mpoly_add(p, p, g, sys->ctx);
    }
    rf_sys_add_constraint(sys, c, p, RF_SYS_REL_EQ, NULL);
    c = rf_sys_add_component(sys, "point", "variable k = k", 0);
    for (k = 0; k < n; k++) {
        fmpq_mpoly_gen(p, k, sys->ctx);
        fmpq_mpoly_sub_si(p, p, k + 1, sys->ctx);
        rf_sys_add_constraint(sys, c, p, RF_SYS_REL_EQ, NULL);
    }
    fmpq_mpoly_gen(p, 0, sys->ctx);
    rf_sys_add_constraint(sys, c, p, RF_SYS_REL_GT, NULL);
    fmpq_mpoly_clear(p, sys->ctx);
    fmpq_mpoly_clear(g, sys->ctx);
}
