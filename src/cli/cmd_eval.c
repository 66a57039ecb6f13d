/* relufiber eval: exact outputs and activation patterns at given inputs. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/text.h"

static const char help[] =
    "usage: relufiber eval [OPTIONS] NET X [X ...]\n"
    "Evaluate NET exactly at each input X, a comma-separated list of d0\n"
    "rationals (\"1,-2/3,0.5\", decimals and 1e-3 are read exactly). Prints the\n"
    "output, the activation pattern of the hidden neurons (+ active,\n"
    "- inactive, 0 exactly on a bent hyperplane) and flags inputs that lie\n"
    "exactly on a breakpoint.\n"
    "Options:\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error (bad network, wrong number\n"
    "of entries in X).\n";

int rf_cmd_eval(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL;
    char **xs;
    int nx = 0, i, ret = RF_EXIT_OK;
    rf_net_t net;
    slong d0, dL, nh, k;
    fmpq *x, *y;
    int *pat;
    rf_cli_common_init(&c);
    xs = flint_malloc((size_t) argc * sizeof(char *));
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN) {
            flint_free(xs);
            return r;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-') {   /* X never starts "--" */
            flint_free(xs);
            return rf_cli_usage_error("eval", "unknown option '%s'", argv[i]);
        }
        if (path == NULL)
            path = argv[i];
        else
            xs[nx++] = argv[i];
    }
    if (path == NULL || nx == 0) {
        flint_free(xs);
        return rf_cli_usage_error("eval", "need a network file and at least one input");
    }
    if (rf_cli_load_new(net, path, &c)) {
        flint_free(xs);
        return RF_EXIT_ERROR;
    }
    d0 = rf_net_in_dim(net);
    dL = rf_net_out_dim(net);
    nh = rf_net_num_hidden(net);
    x = _fmpq_vec_init(d0);
    y = _fmpq_vec_init(dL);
    pat = flint_malloc((size_t) (nh + 1) * sizeof(int));
    if (c.json)
        printf("{\"results\": [");
    for (i = 0; i < nx; i++) {
        slong zeros;
        char what[96];   /* name the offending X (truncated) */
        snprintf(what, sizeof(what), "input %ld '%.60s%s'", (long) (i + 1), xs[i],
                 strlen(xs[i]) > 60 ? "..." : "");
        if (rf_cli_parse_vec(x, d0, xs[i], what)) {
            ret = RF_EXIT_ERROR;
            break;
        }
        rf_net_eval(y, net, x);
        zeros = rf_net_pattern(pat, net, x);
        if (c.json) {
            printf("%s\n  {\"x\": ", i ? "," : "");
            rf_cli_json_vec(stdout, x, d0);
            printf(", \"y\": ");
            rf_cli_json_vec(stdout, y, dL);
            printf(", \"pattern\": \"");
            for (k = 0; k < nh; k++)
                putchar(pat[k] > 0 ? '+' : pat[k] < 0 ? '-' : '0');
            printf("\", \"on_breakpoint\": %s}", zeros ? "true" : "false");
        } else {
            printf("f");
            rf_cli_print_vec(stdout, x, d0);
            printf(" = ");
            rf_cli_print_vec(stdout, y, dL);
            if (c.digits > 0 && !rf_text_qvec_is_short(y, dL, 10)) {
                printf("  ~ ");
                rf_text_qvec_decimal(stdout, y, dL, c.digits);
            }
            if (nh > 0) {
                printf("  pattern ");
                for (k = 0; k < nh; k++)
                    putchar(pat[k] > 0 ? '+' : pat[k] < 0 ? '-' : '0');
            }
            if (zeros)
                printf("  [on a breakpoint: %ld pre-activation(s) are exactly 0]", (long) zeros);
            printf("\n");
        }
    }
    if (c.json && ret == RF_EXIT_OK)
        printf("\n]}\n");
    flint_free(pat);
    _fmpq_vec_clear(x, d0);
    _fmpq_vec_clear(y, dL);
    rf_net_clear(net);
    flint_free(xs);
    return ret;
}
