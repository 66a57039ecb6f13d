/* Export checked by the real tools: Singular and Macaulay2 compute the
 * dimension of every component's equation ideal (after eliminating the
 * auxiliary variables) and must find the declared dimension; z3 and cvc5
 * solve the SMT-LIB files and their models are read back exactly and
 * checked with rf_sys_component_contains and, for network fibers, by exact
 * evaluation (same function); python3 + SymPy runs the SymPy script and
 * agrees with rf_sys_component_contains on membership of test points; the
 * Sage script runs under Python with a SymPy stand-in for sage.all;
 * pdflatex compiles the LaTeX output and pdftoppm renders page 1.
 * A missing tool skips its test with a message naming the tool. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <flint/fmpq_vec.h>
#include "relufiber/relufiber.h"
#include "relufiber/export.h"
#include "sample.h"
#include "tools.h"

#define PY "/usr/bin/python3"
/* Visible notes (partial skips, artifacts): stderr, kept in the test log. */
#define NOTE(...) (fprintf(stderr, "note: " __VA_ARGS__), fputc('\n', stderr))

static void need(const char *exe)
{
    if (!tools_have(exe))
        cr_skip_test("%s is not installed: test skipped", exe);
}

/* Parse "DIM i d" lines; check d against the declared dimensions. */
static void check_dims(const char *out, const rf_sys_t sys, const char *tool, const char *file)
{
    slong i, seen = 0;
    const char *s = out;
    while ((s = strstr(s, "DIM ")) != NULL) {
        long ci, d;
        cr_assert_eq(sscanf(s, "DIM %ld %ld", &ci, &d), 2, "%s: bad line in output:\n%s", tool, out);
        cr_assert(ci >= 1 && ci <= sys->ncomp);
        i = ci - 1;
        cr_assert_eq(d, (long) sys->comps[i].dim,
                     "%s on %s: component %ld (%s) has dimension %ld, declared %ld", tool, file,
                     ci, sys->comps[i].name, d, (long) sys->comps[i].dim);
        seen++;
        s += 4;
    }
    cr_assert_eq(seen, sys->ncomp, "%s on %s: %ld of %ld dimensions printed; output:\n%s", tool,
                 file, (long) seen, (long) sys->ncomp, out);
}

static void singular_dims(const rf_sys_t sys, const char *name)
{
    char file[1024], drv[1024], script[4096], cmd[2048], *out;
    char dname[256];
    int st;
    snprintf(dname, sizeof dname, "%s.sing", name);
    cr_assert_eq(tools_export(dname, sys, RF_EXPORT_SINGULAR), 0);
    tools_path(file, sizeof file, dname);
    snprintf(dname, sizeof dname, "%s_drv.sing", name);
    tools_path(drv, sizeof drv, dname);
    /* dim of the elimination ideal counts the eliminated variables as free:
     * subtract their number */
    snprintf(script, sizeof script,
             "< \"%s\";\n"
             "int rfi; int rfj; poly rfp; ideal rfJ;\n"
             "for (rfi = 1; rfi <= rfNcomp; rfi++) {\n"
             "  rfJ = rfIdeals[rfi]; rfp = 1;\n"
             "  for (rfj = 1; rfj <= size(rfAux); rfj++) { rfp = rfp * rfAux[rfj]; }\n"
             "  if (size(rfAux) > 0) { rfJ = eliminate(rfJ, rfp); }\n"
             "  print(\"DIM \" + string(rfi) + \" \" + string(dim(std(rfJ)) - size(rfAux)));\n"
             "}\nquit;\n", file);
    cr_assert_eq(tools_write(drv, script), 0);
    snprintf(cmd, sizeof cmd, "timeout 120 Singular -q --no-rc '%s'", drv);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "Singular failed on %s:\n%s", file, out);
    cr_assert(strstr(out, "error") == NULL, "Singular reports an error on %s:\n%s", file, out);
    check_dims(out, sys, "Singular", file);
    free(out);
}

static void m2_dims(const rf_sys_t sys, const char *name)
{
    char file[1024], drv[1024], script[4096], cmd[2048], *out;
    char dname[256];
    int st;
    snprintf(dname, sizeof dname, "%s.m2", name);
    cr_assert_eq(tools_export(dname, sys, RF_EXPORT_M2), 0);
    tools_path(file, sizeof file, dname);
    snprintf(dname, sizeof dname, "%s_drv.m2", name);
    tools_path(drv, sizeof drv, dname);
    snprintf(script, sizeof script,
             "load \"%s\";\n"
             "scan(#rfComponents, i -> (\n"
             "  J := (rfComponents#i)#\"ideal\";\n"
             "  if #rfAux > 0 then J = eliminate(rfAux, J);\n"
             "  print(\"DIM \" | toString(i + 1) | \" \" | toString(dim J - #rfAux))));\n",
             file);
    cr_assert_eq(tools_write(drv, script), 0);
    snprintf(cmd, sizeof cmd, "timeout 180 M2 --script '%s'", drv);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "M2 failed on %s:\n%s", file, out);
    check_dims(out, sys, "Macaulay2", file);
    free(out);
}

Test(tools, singular_dimensions)
{
    rf_sys_t sys;
    rf_net_t net;
    need("Singular");
    sample_det(sys);
    singular_dims(sys, "sing_det");
    rf_sys_clear(sys);
    sample_net(net);
    sample_fiber(sys, net, 0);
    singular_dims(sys, "sing_fiber");
    rf_sys_clear(sys);
    sample_fiber(sys, net, 1);
    singular_dims(sys, "sing_fiber_aux");
    rf_sys_clear(sys);
    sample_wide(sys);
    singular_dims(sys, "sing_wide");
    rf_sys_clear(sys);
    sample_awkward(sys);
    singular_dims(sys, "sing_awkward");
    rf_sys_clear(sys);
    rf_net_clear(net);
}

Test(tools, macaulay2_dimensions)
{
    rf_sys_t sys;
    rf_net_t net;
    need("M2");
    sample_det(sys);
    m2_dims(sys, "m2_det");
    rf_sys_clear(sys);
    sample_net(net);
    sample_fiber(sys, net, 0);
    m2_dims(sys, "m2_fiber");
    rf_sys_clear(sys);
    sample_fiber(sys, net, 1);
    m2_dims(sys, "m2_fiber_aux");
    rf_sys_clear(sys);
    sample_wide(sys);
    m2_dims(sys, "m2_wide");
    rf_sys_clear(sys);
    sample_awkward(sys);
    m2_dims(sys, "m2_awkward");
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* ---------------------------------------------------------------- SMT */

/* The network with the parameters of pt (by name), compared with net by
 * exact evaluation at random rational inputs. */
static void same_function(const rf_net_t net, const rf_sys_t sys, const fmpq *pt)
{
    rf_net_t other;
    slong D = rf_net_num_params(net), k, it;
    fmpq *theta = _fmpq_vec_init(D), *x, *y1, *y2;
    flint_rand_t state;
    char name[64];
    for (k = 0; k < D; k++) {
        slong v;
        rf_net_param_name(name, sizeof name, net, k);
        v = rf_sys_var_index(sys, name);
        cr_assert(v >= 0, "parameter %s missing from the system", name);
        fmpq_set(theta + k, pt + v);
    }
    rf_net_init(other, net->L, net->dims);
    rf_net_set_params(other, theta);
    x = _fmpq_vec_init(rf_net_in_dim(net));
    y1 = _fmpq_vec_init(rf_net_out_dim(net));
    y2 = _fmpq_vec_init(rf_net_out_dim(net));
    rf_test_randinit(state);
    for (it = 0; rf_test_loop(it, 200); it++) {
        for (k = 0; k < rf_net_in_dim(net); k++)
            fmpq_randtest(x + k, state, 8);
        rf_net_eval(y1, net, x);
        rf_net_eval(y2, other, x);
        for (k = 0; k < rf_net_out_dim(net); k++)
            cr_assert(fmpq_equal(y1 + k, y2 + k),
                      "the solver's point realizes a different function");
    }
    flint_randclear(state);
    _fmpq_vec_clear(x, rf_net_in_dim(net));
    _fmpq_vec_clear(y1, rf_net_out_dim(net));
    _fmpq_vec_clear(y2, rf_net_out_dim(net));
    _fmpq_vec_clear(theta, D);
    rf_net_clear(other);
}

/* Run solver on sys exported whole or per component; every "sat" model is
 * checked. Returns the number of models checked. */
static slong smt_check(const char *solver, const rf_sys_t sys, const rf_net_t net,
                       const char *name, int per_comp)
{
    char file[1024], fname[256], cmd[2048], status[32], *out;
    const char *s;
    fmpq *pt = _fmpq_vec_init(sys->nvars + 1);
    slong i = 0, checked = 0;
    int st, alg;
    snprintf(fname, sizeof fname, "%s_%s%s.smt2", solver, name, per_comp ? "_comps" : "");
    cr_assert_eq(tools_export(fname, sys, per_comp ? RF_EXPORT_SMT2_COMPS : RF_EXPORT_SMT2), 0);
    tools_path(file, sizeof file, fname);
    if (!strcmp(solver, "cvc5"))
        snprintf(cmd, sizeof cmd, "timeout 120 cvc5 --tlimit-per=5000 '%s'", file);
    else
        snprintf(cmd, sizeof cmd, "timeout 120 z3 -T:60 '%s'", file);
    out = tools_run(cmd, 1, &st);
    cr_assert(strstr(out, "(error") == NULL || strstr(out, "model is not available")
              || strstr(out, "Cannot get model"), "%s reports an error on %s:\n%s", solver, file, out);
    s = out;
    while ((s = tools_smt_result(status, sizeof status, pt, &alg, s, sys)) != NULL) {
        const char *what = per_comp ? sys->comps[i].name : "the union";
        cr_assert(i < (per_comp ? sys->ncomp : 1), "too many results from %s", solver);
        if (!strcmp(status, "unsat")) {
            cr_assert_fail("%s: %s is non-empty, %s says unsat", file, what, solver);
        } else if (strcmp(status, "sat") != 0) {
            NOTE("%s: %s answered '%s' on %s: not checked", file, solver, status, what);
        } else if (alg) {
            NOTE("%s: %s gave an algebraic (irrational) model for %s: not checked",
                        file, solver, what);
        } else {
            int in = 0;
            slong c;
            if (per_comp)
                in = rf_sys_component_contains(sys, i, pt);
            else
                for (c = 0; c < sys->ncomp; c++)
                    in |= rf_sys_component_contains(sys, c, pt);
            cr_assert(in, "%s: the model of %s for %s violates its constraints", file, solver, what);
            if (net)
                same_function(net, sys, pt);
            checked++;
        }
        i++;
    }
    cr_assert_eq(i, per_comp ? sys->ncomp : 1, "%s on %s: %ld result(s):\n%s", solver, file,
                 (long) i, out);
    free(out);
    _fmpq_vec_clear(pt, sys->nvars + 1);
    return checked;
}

static void smt_all(const char *solver)
{
    rf_sys_t sys;
    rf_net_t net;
    slong checked = 0;
    need(solver);
    sample_det(sys);
    checked += smt_check(solver, sys, NULL, "det", 0);
    checked += smt_check(solver, sys, NULL, "det", 1);
    rf_sys_clear(sys);
    sample_net(net);
    sample_fiber(sys, net, 0);
    checked += smt_check(solver, sys, net, "fiber", 0);
    checked += smt_check(solver, sys, net, "fiber", 1);
    rf_sys_clear(sys);
    sample_fiber(sys, net, 1);
    checked += smt_check(solver, sys, net, "fiber_aux", 0);
    checked += smt_check(solver, sys, net, "fiber_aux", 1);
    rf_sys_clear(sys);
    sample_wide(sys);
    checked += smt_check(solver, sys, NULL, "wide", 1);
    rf_sys_clear(sys);
    sample_awkward(sys);
    checked += smt_check(solver, sys, NULL, "awkward", 1);
    rf_sys_clear(sys);
    rf_net_clear(net);
    /* det has an algebraic-only component; the others must be checked */
    cr_assert_geq(checked, 11, "only %ld model(s) could be checked", (long) checked);
}

Test(tools, z3_models)
{
    smt_all("z3");
}

Test(tools, cvc5_models)
{
    smt_all("cvc5");
}

/* The engine's own fiber (when its builder handles this network): the
 * declared component dimensions must match Singular's and Macaulay2's, and
 * z3's models must realize the same function. */
/* which = 0: the generic 2-2-1 sample network; which = 1: a 2-3-1 network
 * with a cancelling pair (relu(z) - relu(-z) = z), whose fiber has
 * auxiliary variables and dimension 4; which = 2: a three-layer bottleneck
 * network 2-2-3-1 (fiber of dimension 5 with scalings as auxiliaries). */
static void engine_fiber(rf_sys_t sys, rf_net_t net, int which)
{
    rf_err_t err;
    if (which == 0) {
        sample_net(net);
    } else if (which == 2) {
        /* three-layer bottleneck 2-2-3-1 */
        slong dims[4] = {2, 2, 3, 1}, i;
        slong W1[2][2] = {{1, 2}, {-1, 1}}, b1[2] = {1, -1};
        slong W2[3][2] = {{1, -2}, {2, 1}, {-1, 3}}, b2[3] = {1, -1, 2}, W3[3] = {1, -2, 3};
        rf_net_init(net, 3, dims);
        for (i = 0; i < 2; i++) {
            fmpq_set_si(rf_net_W(net, 0, i, 0), W1[i][0], 1);
            fmpq_set_si(rf_net_W(net, 0, i, 1), W1[i][1], 1);
            fmpq_set_si(rf_net_b(net, 0, i), b1[i], 1);
        }
        for (i = 0; i < 3; i++) {
            fmpq_set_si(rf_net_W(net, 1, i, 0), W2[i][0], 1);
            fmpq_set_si(rf_net_W(net, 1, i, 1), W2[i][1], 1);
            fmpq_set_si(rf_net_b(net, 1, i), b2[i], 1);
            fmpq_set_si(rf_net_W(net, 2, 0, i), W3[i], 1);
        }
        fmpq_set_si(rf_net_b(net, 2, 0), 1, 2);
    } else {
        slong dims[3] = {2, 3, 1}, W1[3][2] = {{1, 2}, {-1, -2}, {3, -1}}, i;
        slong b1[3] = {1, -1, -2}, W2[3] = {1, -1, 2};
        rf_net_init(net, 2, dims);
        for (i = 0; i < 3; i++) {
            fmpq_set_si(rf_net_W(net, 0, i, 0), W1[i][0], 1);
            fmpq_set_si(rf_net_W(net, 0, i, 1), W1[i][1], 1);
            fmpq_set_si(rf_net_b(net, 0, i), b1[i], 1);
            fmpq_set_si(rf_net_W(net, 1, 0, i), W2[i], 1);
        }
    }
    rf_err_init(err);
    rf_sys_init(sys, 0, NULL, NULL);
    if (rf_decide_fiber(sys, net, err) != RF_OK) {
        rf_sys_clear(sys);
        rf_net_clear(net);
        cr_skip_test("rf_decide_fiber does not build this fiber yet: %s", err->msg);
    }
}

static void engine_smt(const char *solver, int which)
{
    rf_sys_t sys;
    rf_net_t net;
    char name[64];
    slong checked;
    need(solver);
    engine_fiber(sys, net, which);
    snprintf(name, sizeof name, "engine_fiber%d", which);
    checked = smt_check(solver, sys, net, name, 1) + smt_check(solver, sys, net, name, 0);
    rf_sys_clear(sys);
    rf_net_clear(net);
    /* z3 is the reference oracle and must decide these small systems;
     * cvc5's nonlinear solver may give up ("unknown"): then say so */
    if (checked == 0 && strcmp(solver, "z3") != 0)
        cr_skip_test("%s answered 'unknown' on every component of engine fiber %d", solver, which);
    cr_assert_gt(checked, 0, "%s: no model checked", solver);
}

static void engine_dims(int which)
{
    rf_sys_t sys;
    rf_net_t net;
    char name[64];
    int n = 0;
    engine_fiber(sys, net, which);
    if (tools_have("Singular")) {
        snprintf(name, sizeof name, "sing_engine_fiber%d", which);
        singular_dims(sys, name);
        n++;
    }
    if (tools_have("M2")) {
        snprintf(name, sizeof name, "m2_engine_fiber%d", which);
        m2_dims(sys, name);
        n++;
    }
    rf_sys_clear(sys);
    rf_net_clear(net);
    if (n == 0)
        cr_skip_test("neither Singular nor M2 is installed: test skipped");
}

Test(tools, engine_fiber_z3) { engine_smt("z3", 0); }
Test(tools, engine_fiber_cvc5) { engine_smt("cvc5", 0); }
Test(tools, engine_fiber_dimensions) { engine_dims(0); }
Test(tools, engine_fiber_cancelling_z3) { engine_smt("z3", 1); }
Test(tools, engine_fiber_cancelling_cvc5) { engine_smt("cvc5", 1); }
Test(tools, engine_fiber_cancelling_dimensions) { engine_dims(1); }
Test(tools, engine_fiber_three_layer_z3) { engine_smt("z3", 2); }
Test(tools, engine_fiber_three_layer_cvc5) { engine_smt("cvc5", 2); }
Test(tools, engine_fiber_three_layer_dimensions) { engine_dims(2); }

/* ------------------------------------------------------ SymPy / Sage */

static void set_q(fmpq *pt, slong k, slong p, slong q)
{
    fmpq_set_si(pt + k, p, (ulong) q);
}

/* Test points (rows of nvars values) for the sample systems. */
static slong det_points(fmpq *pts)
{
    slong r[][8] = {{2, 1, 3, 1, 4, 1, 6, 1}, {3, 5, 4, 5, -4, 5, 3, 5}, {2, 1, 1, 1, 0, 1, 1, 1},
                    {1, 1, 0, 1, 0, 1, 1, 1}, {0, 1, 0, 1, 0, 1, 0, 1}, {1, 1, 2, 1, 3, 1, 4, 1}};
    slong i, k;
    for (i = 0; i < 6; i++)
        for (k = 0; k < 4; k++)
            set_q(pts + 4 * i + k, 0, r[i][2 * k], r[i][2 * k + 1]);
    return 6;
}

/* original, swapped, scaled, random-ish parameters of the sample net,
 * with t = 1 or the scaling factors for the aux variant */
static slong fiber_points(fmpq *pts, const rf_net_t net, const rf_sys_t sys)
{
    slong n = sys->nvars, i, k;
    /* columns: W1_1_1 W1_1_2 b1_1 W1_2_1 W1_2_2 b1_2 W2_1_1 W2_1_2 b2_1 t1_1 t1_2 */
    slong base[4][11][2] = {
        {{1, 1}, {2, 1}, {1, 1}, {3, 1}, {-1, 1}, {-2, 1}, {2, 3}, {-3, 1}, {1, 2}, {1, 1}, {1, 1}},
        {{3, 1}, {-1, 1}, {-2, 1}, {1, 1}, {2, 1}, {1, 1}, {-3, 1}, {2, 3}, {1, 2}, {1, 1}, {1, 1}},
        {{2, 1}, {4, 1}, {2, 1}, {1, 1}, {-1, 3}, {-2, 3}, {1, 3}, {-9, 1}, {1, 2}, {2, 1}, {1, 3}},
        {{1, 1}, {2, 1}, {1, 1}, {3, 1}, {-1, 1}, {-2, 1}, {2, 3}, {-3, 1}, {1, 3}, {1, 1}, {1, 1}}};
    (void) net;
    for (i = 0; i < 4; i++)
        for (k = 0; k < n; k++)
            set_q(pts + n * i + k, 0, base[i][k][0], base[i][k][1]);
    return 4;
}

/* Run a Python driver: the exported script followed by membership checks
 * printing "RES i c 0|1"; compare with rf_sys_component_contains. */
static void python_membership(const rf_sys_t sys, const fmpq *pts, slong npts,
                              rf_export_fmt_t fmt, const char *name, const char *env)
{
    char file[1024], fname[256], cmd[4096], *text, *out, *drv = NULL;
    size_t len = 0;
    FILE *f;
    slong i, c, got = 0;
    int st;
    const char *s;
    snprintf(fname, sizeof fname, "%s%s", name, fmt == RF_EXPORT_SAGE ? ".sage.py" : ".py");
    cr_assert_eq(tools_export(fname, sys, fmt), 0);
    tools_path(file, sizeof file, fname);
    text = tools_slurp(file);
    f = open_memstream(&drv, &len);
    fprintf(f, "%s\n# ---- test driver ----\nimport sympy as sp\n", text);
    if (fmt == RF_EXPORT_SAGE)
        fputs("def satisfies(rfComp, rfValues):\n"
              "    rfOk = all(sp.sympify(rfG).subs(rfValues) == 0 for rfG in rfComp['ideal'])\n"
              "    for rfP, rfS in rfComp['inequalities']:\n"
              "        rfV = sp.sympify(rfP).subs(rfValues)\n"
              "        rfOk = rfOk and bool(rfV > 0 if rfS == '>' else rfV >= 0 if rfS == '>=' else rfV != 0)\n"
              "    # the symbolic relations say the same\n"
              "    rfRel = all(bool(sp.sympify(rfR).subs(rfValues)) for rfR in rfComp['equations'] + rfComp['relations'])\n"
              "    assert rfRel == rfOk, (rfComp['name'], rfValues)\n"
              "    assert len(rfComp['relations']) == len(rfComp['inequalities'])\n"
              "    return rfOk\n", f);
    fprintf(f, "assert len(components) == %ld\n", (long) sys->ncomp);
    for (i = 0; i < npts; i++) {
        /* rf* names: the exported variables never use them */
        fputs("rfPt = ", f);
        tools_py_point(f, sys, pts + i * sys->nvars);
        fprintf(f, "\nfor rfC in range(len(components)):\n"
                   "    print('RES', %ld, rfC, 1 if satisfies(components[rfC], rfPt) else 0)\n",
                (long) i);
    }
    fclose(f);
    snprintf(fname, sizeof fname, "%s_drv.py", name);
    tools_path(file, sizeof file, fname);
    cr_assert_eq(tools_write(file, drv), 0);
    snprintf(cmd, sizeof cmd, "%s timeout 120 %s '%s'", env, PY, file);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "python failed on %s:\n%s", file, out);
    for (s = out; (s = strstr(s, "RES ")) != NULL; s += 4) {
        long pi, ci, v;
        cr_assert_eq(sscanf(s, "RES %ld %ld %ld", &pi, &ci, &v), 3);
        c = ci;
        cr_assert_eq(v, (long) rf_sys_component_contains(sys, c, pts + pi * sys->nvars),
                     "%s: point %ld, component %ld: python says %ld", file, pi, ci, v);
        got++;
    }
    cr_assert_eq(got, npts * sys->ncomp, "%s: output:\n%s", file, out);
    free(out);
    free(drv);
    free(text);
}

static void python_suite(rf_export_fmt_t fmt, const char *prefix, const char *env)
{
    rf_sys_t sys;
    rf_net_t net;
    fmpq *pts = _fmpq_vec_init(12 * 6);
    slong n, i, c, yes = 0;
    char name[64];
    sample_det(sys);
    n = det_points(pts);
    snprintf(name, sizeof name, "%s_det", prefix);
    python_membership(sys, pts, n, fmt, name, env);
    for (i = 0; i < n; i++)
        for (c = 0; c < sys->ncomp; c++)
            yes += rf_sys_component_contains(sys, c, pts + 4 * i);
    rf_sys_clear(sys);
    sample_net(net);
    for (int aux = 0; aux < 2; aux++) {
        sample_fiber(sys, net, aux);
        n = fiber_points(pts, net, sys);
        snprintf(name, sizeof name, "%s_fiber%s", prefix, aux ? "_aux" : "");
        python_membership(sys, pts, n, fmt, name, env);
        for (i = 0; i < n; i++)
            for (c = 0; c < sys->ncomp; c++)
                yes += rf_sys_component_contains(sys, c, pts + sys->nvars * i);
        rf_sys_clear(sys);
    }
    sample_awkward(sys);
    for (i = 0; i < 12; i++) {
        set_q(pts + i, 0, i + 1, 1);          /* the point component */
        set_q(pts + 12 + i, 0, i ? 0 : 1, 1); /* on the hyperplane */
        set_q(pts + 24 + i, 0, 1, 1);         /* neither */
    }
    snprintf(name, sizeof name, "%s_awkward", prefix);
    python_membership(sys, pts, 3, fmt, name, env);
    rf_sys_clear(sys);
    /* the points exercise both answers */
    cr_assert(yes >= 6 && yes < 6 * 3 + 8, "membership: %ld yes", (long) yes);
    rf_net_clear(net);
    _fmpq_vec_clear(pts, 12 * 6);
}

static void need_sympy(void)
{
    int st;
    char *out;
    if (!tools_have(PY))
        cr_skip_test("%s is not installed: test skipped", PY);
    out = tools_run(PY " -c 'import sympy'", 1, &st);
    free(out);
    if (st != 0)
        cr_skip_test("python3-sympy is not installed for %s: test skipped", PY);
}

Test(tools, sympy_script)
{
    need_sympy();
    python_suite(RF_EXPORT_SYMPY, "sympy", "");
}

/* Sage cannot run here: run the script under Python with a minimal
 * sage.all built on SymPy (QQ and PolynomialRing), which checks that it is
 * valid Python with exact coefficients and the right ideals. */
Test(tools, sage_script_with_stub)
{
    char dir[1024], path[1200], env[1300];
    int st;
    need_sympy();
    tools_path(dir, sizeof dir, "sagestub/sage");
    snprintf(path, sizeof path, "mkdir -p '%s'", dir);
    free(tools_run(path, 1, &st));
    cr_assert_eq(st, 0);
    snprintf(path, sizeof path, "%s/__init__.py", dir);
    cr_assert_eq(tools_write(path, ""), 0);
    snprintf(path, sizeof path, "%s/all.py", dir);
    cr_assert_eq(tools_write(path,
        "# test stand-in for sage.all (QQ, PolynomialRing, SR) on SymPy\n"
        "import sympy as sp\n"
        "class SR:\n"
        "    # symbolic ring: comparisons give relations, not bools\n"
        "    def __init__(self, e):\n"
        "        self.e = sp.sympify(e)\n"
        "    def __eq__(self, o): return sp.Eq(self.e, o)\n"
        "    def __ne__(self, o): return sp.Ne(self.e, o)\n"
        "    def __gt__(self, o): return sp.Gt(self.e, o)\n"
        "    def __ge__(self, o): return sp.Ge(self.e, o)\n"
        "def QQ(x):\n"
        "    return sp.Rational(x)\n"
        "class PolynomialRing:\n"
        "    def __init__(self, base, names):\n"
        "        assert base is QQ\n"
        "        self._g = tuple(sp.Symbol(n, real=True) for n in names)\n"
        "    def gens(self):\n"
        "        return self._g\n"
        "    def ideal(self, gens):\n"
        "        return [sp.sympify(g) for g in gens]\n"), 0);
    tools_path(dir, sizeof dir, "sagestub");
    snprintf(env, sizeof env, "PYTHONPATH='%s'", dir);
    python_suite(RF_EXPORT_SAGE, "sage", env);
}

/* ------------------------------------------------------------- LaTeX */

static void pdflatex(const char *texname)
{
    char cmd[4096], tex[1024], pdf[1024], png[1024], *out, *head;
    int st;
    size_t n = strlen(texname) - 4; /* without .tex */
    tools_path(tex, sizeof tex, texname);
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 300 pdflatex -interaction=nonstopmode "
             "-halt-on-error '%s' </dev/null", tools_outdir(), texname);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "pdflatex failed on %s:\n%s", tex, out);
    free(out);
    snprintf(pdf, sizeof pdf, "%s/%.*s.pdf", tools_outdir(), (int) n, texname);
    snprintf(png, sizeof png, "%s/%.*s", tools_outdir(), (int) n, texname);
    snprintf(cmd, sizeof cmd, "timeout 120 pdftoppm -png -r 80 -f 1 -l 1 -singlefile '%s' '%s'",
             pdf, png);
    out = tools_run(cmd, 1, &st);
    cr_assert_eq(st, 0, "pdftoppm failed on %s:\n%s", pdf, out);
    free(out);
    strcat(png, ".png");
    head = tools_slurp(png);
    cr_assert(head != NULL && !memcmp(head, "\x89PNG", 4), "no PNG rendered at %s", png);
    free(head);
    NOTE("rendered page 1 of %s to %s", tex, png);
}

Test(tools, latex_compiles)
{
    rf_sys_t sys;
    rf_net_t net;
    char path[1024];
    need("pdflatex");
    need("pdftoppm");
    sample_net(net);
    sample_fiber(sys, net, 1);
    cr_assert_eq(tools_export("latex_fiber_aux.tex", sys, RF_EXPORT_LATEX_DOC), 0);
    pdflatex("latex_fiber_aux.tex");
    rf_sys_clear(sys);
    /* the paper block, \input into a minimal document */
    sample_det(sys);
    cr_assert_eq(tools_export("latex_det_block.tex", sys, RF_EXPORT_LATEX), 0);
    tools_path(path, sizeof path, "latex_det_paper.tex");
    cr_assert_eq(tools_write(path, "\\documentclass{article}\n\\usepackage{amsmath}\n"
                                   "\\begin{document}\nA system:\n\\input{latex_det_block.tex}\n"
                                   "\\end{document}\n"), 0);
    pdflatex("latex_det_paper.tex");
    rf_sys_clear(sys);
    sample_wide(sys);
    cr_assert_eq(tools_export("latex_wide.tex", sys, RF_EXPORT_LATEX_DOC), 0);
    pdflatex("latex_wide.tex");
    rf_sys_clear(sys);
    sample_awkward(sys);
    cr_assert_eq(tools_export("latex_awkward.tex", sys, RF_EXPORT_LATEX_DOC), 0);
    pdflatex("latex_awkward.tex");
    rf_sys_clear(sys);
    rf_net_clear(net);
}

/* ------------------------------------------------ equivalence (CLI) */

/* relufiber export --what equiv: the QF_LRA query is unsat for an
 * equivalent pair (permuted and rescaled) and sat for a different one. */
Test(tools, equiv_query_z3)
{
    rf_net_t A, B, C;
    rf_err_t err;
    char pa[512], pb[512], pc[512], q[512], cmd[8192], *out;
    const char *bin = getenv("RF_BIN");
    int st;
    need("z3");
    cr_assert(bin != NULL, "RF_BIN not set");
    rf_err_init(err);
    sample_net(A);
    rf_net_init(B, A->L, A->dims);
    /* B: neurons swapped, neuron 1 scaled by 2, neuron 2 by 1/3 */
    fmpq_set_si(rf_net_W(B, 0, 0, 0), 6, 1);
    fmpq_set_si(rf_net_W(B, 0, 0, 1), -2, 1);
    fmpq_set_si(rf_net_b(B, 0, 0), -4, 1);
    fmpq_set_si(rf_net_W(B, 1, 0, 0), -3, 2);
    fmpq_set_si(rf_net_W(B, 0, 1, 0), 1, 3);
    fmpq_set_si(rf_net_W(B, 0, 1, 1), 2, 3);
    fmpq_set_si(rf_net_b(B, 0, 1), 1, 3);
    fmpq_set_si(rf_net_W(B, 1, 0, 1), 2, 1);
    fmpq_set_si(rf_net_b(B, 1, 0), 1, 2);
    rf_net_init(C, A->L, A->dims);
    rf_net_set(C, B);
    fmpq_set_si(rf_net_b(C, 0, 1), 1, 2);
    tools_path(pa, sizeof pa, "equiv_A.rfn");
    tools_path(pb, sizeof pb, "equiv_B.rfn");
    tools_path(pc, sizeof pc, "equiv_C.rfn");
    tools_path(q, sizeof q, "equiv_AB.smt2");
    cr_assert_eq(rf_io_write_file(pa, A, RF_IO_FMT_RFN, err), 0);
    cr_assert_eq(rf_io_write_file(pb, B, RF_IO_FMT_RFN, err), 0);
    cr_assert_eq(rf_io_write_file(pc, C, RF_IO_FMT_RFN, err), 0);
    snprintf(cmd, sizeof cmd, "'%s' export --to smt2 '%s' '%s' -o '%s' && timeout 120 z3 '%s'",
             bin, pa, pb, q, q);
    out = tools_run(cmd, 1, &st);
    cr_assert(!strncmp(out, "unsat", 5), "equivalent pair, z3 says:\n%s", out);
    free(out);
    tools_path(q, sizeof q, "equiv_AC.smt2");
    snprintf(cmd, sizeof cmd, "'%s' export --to smt2 '%s' '%s' -o '%s' && timeout 120 z3 '%s'",
             bin, pa, pc, q, q);
    out = tools_run(cmd, 1, &st);
    cr_assert(!strncmp(out, "sat", 3), "different pair, z3 says:\n%s", out);
    free(out);
    /* the certificate as JSON */
    snprintf(cmd, sizeof cmd, "'%s' export --to json '%s' '%s'", bin, pa, pb);
    out = tools_run(cmd, 0, &st);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "\"equivalent\"") != NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' export --to json --what equiv '%s' '%s'", bin, pa, pc);
    out = tools_run(cmd, 0, &st);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "\"equivalent\"") == NULL && strstr(out, "\"x\"") != NULL, "%s", out);
    free(out);
    rf_net_clear(A);
    rf_net_clear(B);
    rf_net_clear(C);
}
