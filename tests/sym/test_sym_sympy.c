/* Symbolic layer against an independent symbolic oracle: SymPy rebuilds the
 * realization of random networks on random patterns from the architecture
 * alone (its own forward pass over symbols named W<l>_<i>_<j>, b<l>_<i>,
 * x_j) and checks that our printed outputs, pre-activations and Jacobian
 * entries are identical polynomials. Skipped visibly without python3-sympy. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include "relufiber/relufiber.h"
#include "relufiber/sym.h"

#define PY "/usr/bin/python3"

static const char script[] =
    "import sys\n"
    "from sympy import Symbol, Rational, expand, diff, sympify\n"
    "lines = open(sys.argv[1]).read().split('\\n')\n"
    "i = 0; n = 0\n"
    "def parse(s, env):\n"
    "    return sympify(s.replace('^', '**'), locals=env)\n"
    "while i < len(lines):\n"
    "    if not lines[i].startswith('net'):\n"
    "        i += 1; continue\n"
    "    d = [int(t) for t in lines[i].split()[1:]]; L = len(d) - 1\n"
    "    pat = [int(t) for t in lines[i + 1].split()[1:]]\n"
    "    env = {}\n"
    "    def S(name):\n"
    "        env[name] = Symbol(name); return env[name]\n"
    "    params = []\n"
    "    h = [S('x_%d' % (j + 1)) for j in range(d[0])]\n"
    "    pre = []; k = 0\n"
    "    for l in range(1, L + 1):\n"
    "        W = [[S('W%d_%d_%d' % (l, r + 1, c + 1)) for c in range(d[l - 1])] for r in range(d[l])]\n"
    "        b = [S('b%d_%d' % (l, r + 1)) for r in range(d[l])]\n"
    "        params += [w for row in W for w in row] + b\n"
    "        z = [b[r] + sum(W[r][c] * h[c] for c in range(d[l - 1])) for r in range(d[l])]\n"
    "        if l < L:\n"
    "            pre += z\n"
    "            h = [z[r] if pat[k + r] > 0 else 0 for r in range(d[l])]\n"
    "            k += d[l]\n"
    "    i += 2\n"
    "    for r in range(d[L]):\n"
    "        assert lines[i].startswith('out ')\n"
    "        if expand(parse(lines[i][4:], env) - z[r]) != 0:\n"
    "            print('MISMATCH out', d, pat, r); sys.exit(1)\n"
    "        i += 1; n += 1\n"
    "    for r in range(len(pre)):\n"
    "        assert lines[i].startswith('pre ')\n"
    "        if expand(parse(lines[i][4:], env) - pre[r]) != 0:\n"
    "            print('MISMATCH pre', d, pat, r); sys.exit(1)\n"
    "        i += 1; n += 1\n"
    "    for p in params:\n"
    "        assert lines[i].startswith('jac ')\n"
    "        if expand(parse(lines[i][4:], env) - diff(z[0], p)) != 0:\n"
    "            print('MISMATCH jac', d, pat, p); sys.exit(1)\n"
    "        i += 1; n += 1\n"
    "print('OK', n)\n";

static void write_net(FILE *f, const rf_net_t net, const int *pat,
                      flint_rand_t st)
{
    slong l, k, D = rf_net_num_params(net), H = rf_net_num_hidden(net);
    slong dL = net->dims[net->L];
    rf_sym_ctx_t ctx;
    fmpq_mpoly_struct *y, *pre, *J;
    (void) st;
    rf_sym_ctx_init(ctx, net, RF_SYM_INPUTS);
    y = rf_sym_vec_init(dL, ctx);
    pre = rf_sym_vec_init(H, ctx);
    J = rf_sym_vec_init(D, ctx);
    rf_sym_realize(y, pre, pat, NULL, 0, ctx, NULL);
    rf_sym_jacobian(J, y, 0, ctx, NULL);
    fprintf(f, "net");
    for (l = 0; l <= net->L; l++)
        fprintf(f, " %ld", (long) net->dims[l]);
    fprintf(f, "\npat");
    for (k = 0; k < H; k++)
        fprintf(f, " %d", pat[k]);
    fprintf(f, "\n");
    for (k = 0; k < dL; k++) {
        fprintf(f, "out ");
        rf_sym_fprint(f, y + k, ctx);
        fprintf(f, "\n");
    }
    for (k = 0; k < H; k++) {
        fprintf(f, "pre ");
        rf_sym_fprint(f, pre + k, ctx);
        fprintf(f, "\n");
    }
    for (k = 0; k < D; k++) {
        fprintf(f, "jac ");
        rf_sym_fprint(f, J + k, ctx);
        fprintf(f, "\n");
    }
    rf_sym_vec_clear(y, dL, ctx);
    rf_sym_vec_clear(pre, H, ctx);
    rf_sym_vec_clear(J, D, ctx);
    rf_sym_ctx_clear(ctx);
}

Test(sym_sympy, realization_matches_sympy, .timeout = 300)
{
    char data[] = "/tmp/rf_sym_sympy_XXXXXX";
    char py[] = "/tmp/rf_sym_sympy_py_XXXXXX";
    char cmd[256], out[256] = {0};
    flint_rand_t st;
    slong it, expected = 0;
    FILE *f, *p;
    int fd;

    if (access(PY, X_OK) != 0 || system(PY " -c 'import sympy' 2>/dev/null") != 0)
        cr_skip_test("python3-sympy not installed: SymPy cross-check skipped");
    rf_test_randinit(st);
    fd = mkstemp(data);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    for (it = 0; rf_test_loop(it, 40); it++) {
        slong dims[6], L = 1 + n_randint(st, 3), l, k, H;
        rf_net_t net;
        int *pat;
        for (l = 0; l <= L; l++)
            dims[l] = 1 + n_randint(st, it < 5 ? 12 : 3);
        rf_net_init(net, L, dims);
        H = rf_net_num_hidden(net);
        pat = flint_malloc((H + 1) * sizeof(int));
        for (k = 0; k < H; k++)
            pat[k] = (int) n_randint(st, 3) - 1;   /* -1, 0 or 1 */
        write_net(f, net, pat, st);
        expected += dims[L] + H + rf_net_num_params(net);
        flint_free(pat);
        rf_net_clear(net);
    }
    fclose(f);
    fd = mkstemp(py);
    cr_assert(fd >= 0);
    f = fdopen(fd, "w");
    fputs(script, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, PY " %s %s 2>&1", py, data);
    p = popen(cmd, "r");
    cr_assert(p != NULL);
    if (fgets(out, sizeof out, p) == NULL)
        out[0] = '\0';
    pclose(p);
    unlink(data);
    unlink(py);
    {
        char want[64];
        snprintf(want, sizeof want, "OK %ld\n", (long) expected);
        cr_assert_str_eq(out, want);
    }
    flint_randclear(st);
}
