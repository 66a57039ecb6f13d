/* relufiber identifiable: is a shallow network's parameter in the generic set
 * where H_n acts freely and transitively on its fiber? Every polynomial
 * condition is printed with its exact value; optionally the conditions for
 * identifiability from a box of inputs. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/shallow.h"

static const char help[] =
    "usage: relufiber identifiable [OPTIONS] NET\n"
    "For a shallow network NET (one hidden layer), test the polynomial\n"
    "conditions defining the generic set on which permutations and positive\n"
    "scalings (H_n) act freely and transitively on the fiber (docs/shallow.md,\n"
    "Theorem 4), each printed with its exact value at NET.\n"
    "Exit code: 0 generic-identifiable, 1 not (or not from the box), 2 error or\n"
    "undecided (more than 20 neurons and no sign certificate).\n"
    "Options:\n"
    "  --box SPEC         also test identifiability from the open input box:\n"
    "                     SPEC = lo:hi (every coordinate) or lo1:hi1,lo2:hi2,...\n"
    "                     (one per input); or repeat --box lo,hi per coordinate\n"
    "  --verbose          list every condition (default: all for small networks,\n"
    "                     only the failing ones for large)\n";

/* Parse "lo:hi" into a, b. */
static int parse_interval(fmpq_t a, fmpq_t b, const char *s, size_t len)
{
    const char *colon = memchr(s, ':', len), *why;
    if (colon == NULL)
        return 1;
    if (rf_q_parse(a, s, (size_t) (colon - s), &why) ||
        rf_q_parse(b, colon + 1, len - (size_t) (colon - s) - 1, &why))
        return 1;
    return 0;
}

/* Fill lo, hi (m entries) from the --box arguments. */
static int parse_box(fmpq *lo, fmpq *hi, slong m, char **specs, int nspecs)
{
    slong j;
    if (nspecs == 1 && strchr(specs[0], ':')) {
        const char *s = specs[0];
        if (strchr(s, ',') == NULL) {
            if (parse_interval(lo, hi, s, strlen(s)))
                return 1;
            for (j = 1; j < m; j++) {
                fmpq_set(lo + j, lo);
                fmpq_set(hi + j, hi);
            }
            return 0;
        }
        for (j = 0; j < m; j++) {
            const char *e = strchr(s, ',');
            size_t len = e ? (size_t) (e - s) : strlen(s);
            if (parse_interval(lo + j, hi + j, s, len))
                return 1;
            if ((e == NULL) != (j == m - 1))
                return 1;
            s = e ? e + 1 : s;
        }
        return 0;
    }
    if (nspecs != m)
        return 1;
    for (j = 0; j < m; j++) {
        const char *s = specs[j], *e = strchr(s, ','), *why;
        if (e == NULL || strchr(e + 1, ',') != NULL)
            return 1;
        if (rf_q_parse(lo + j, s, (size_t) (e - s), &why) || rf_q_parse(hi + j, e + 1, strlen(e + 1), &why))
            return 1;
    }
    return 0;
}

int rf_cmd_identifiable(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL;
    char **specs;
    int i, nspecs = 0, verbose = 0, ret;
    rf_net_t net;
    rf_err_t err;
    rf_shallow_ident_t I;
    fmpq *lo = NULL, *hi = NULL;
    slong m;
    rf_cli_common_init(&c);
    specs = flint_malloc((size_t) (argc + 1) * sizeof(char *));
    for (i = 1; i < argc; i++) {
        int r;
        if (rf_cli_is_help(argv[i])) {
            printf("%s%s", help, rf_cli_common_help);
            flint_free(specs);
            return RF_EXIT_OK;
        }
        r = rf_cli_common_option(&c, argc, argv, &i);
        if (r < 0) {
            flint_free(specs);
            return RF_EXIT_ERROR;
        }
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--box") == 0) {
            if (i + 1 >= argc) {
                flint_free(specs);
                return rf_cli_usage_error("identifiable", "--box needs a value");
            }
            specs[nspecs++] = argv[++i];
        } else if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != 0) {
            flint_free(specs);
            return rf_cli_usage_error("identifiable", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            flint_free(specs);
            return rf_cli_usage_error("identifiable", "only one network expected");
        }
    }
    if (path == NULL) {
        flint_free(specs);
        return rf_cli_usage_error("identifiable", "need a network file");
    }
    rf_net_init(net, 1, (slong[]) {1, 1});
    if (rf_cli_load(net, path, &c)) {
        rf_net_clear(net);
        flint_free(specs);
        return RF_EXIT_ERROR;
    }
    rf_err_init(err);
    rf_shallow_ident_init(I);
    m = rf_net_in_dim(net);
    if (nspecs > 0) {
        lo = _fmpq_vec_init(m);
        hi = _fmpq_vec_init(m);
        if (parse_box(lo, hi, m, specs, nspecs)) {
            ret = rf_cli_usage_error("identifiable",
                                     "bad --box: give lo:hi, or %ld intervals lo1:hi1,..., or --box lo,hi %ld times",
                                     (long) m, (long) m);
            goto done;
        }
    }
    if (rf_shallow_identifiable(I, net, lo, hi, err)) {
        rf_err_fprint(stderr, err);
        ret = RF_EXIT_ERROR;
        goto done;
    }
    if (c.json) {
        rf_shallow_ident_fprint_json(stdout, I);
    } else {
        printf("network %s: shallow, %ld -> %ld, %ld hidden neurons\n", path, (long) m,
               (long) rf_net_out_dim(net), (long) rf_net_num_hidden(net));
        rf_shallow_ident_fprint(stdout, I, verbose);
    }
    if (I->generic && !I->decided)
        ret = RF_EXIT_ERROR;
    else if (!I->generic || (I->box_given && !I->box_identifiable))
        ret = RF_EXIT_NO;
    else
        ret = RF_EXIT_OK;
done:
    if (lo) {
        _fmpq_vec_clear(lo, m);
        _fmpq_vec_clear(hi, m);
    }
    rf_shallow_ident_clear(I);
    rf_err_clear(err);
    rf_net_clear(net);
    flint_free(specs);
    return ret;
}
