/* relufiber align: bring a float copy B of a network A (an extraction, a
 * permuted or rescaled checkpoint) to A's neuron order and scale by the
 * hidden symmetries, apply the transformation exactly, and report what is
 * left. The job is the CLI's; the guarantees are rf_align_net's
 * (docs/align.md). */
#include <math.h>
#include <string.h>
#include "cli.h"
#include <flint/fmpq_vec.h>

static const char help[] =
    "usage: relufiber align [OPTIONS] A B\n"
    "Align network B to network A (same architecture) by the hidden-neuron\n"
    "symmetries: per hidden layer, from the input upward, match B's neurons\n"
    "to A's (linear assignment on normalised incoming signatures: row and\n"
    "bias divided by a positive norm), then scale each matched neuron by a\n"
    "positive rational (exact ratio when B's row is an exact multiple of A's,\n"
    "otherwise least squares rounded to the simplest rational within a\n"
    "relative 1e-9). The transformation is applied to B in exact arithmetic,\n"
    "so the aligned B computes exactly B's function. Prints per hidden layer\n"
    "the permutation and the scalings, per layer the residual (max absolute\n"
    "and max relative parameter deviation from A, computed exactly). When the\n"
    "residual is 0 the aligned B equals A: A and B are equivalent, certified\n"
    "(docs/align.md).\n"
    "Options:\n"
    "  -o FILE       write the aligned B to FILE (.rfn, or .json by extension)\n"
    "  --norm l2|max normalise signatures by the Euclidean norm (default) or\n"
    "                the largest absolute entry\n"
    "  --full        print every permutation and scaling (the text output\n"
    "                abbreviates layers wider than 32)\n";

static const char help_exit[] =
    "Exit status: 0 aligned (equivalent or not), 2 usage or input error\n"
    "(different architectures: the message names the difference).\n";

#define ALIGN_SHOW_MAX 32

static const char *kind_name(rf_align_scale_kind_t k)
{
    switch (k) {
    case RF_ALIGN_SCALE_EXACT: return "exact";
    case RF_ALIGN_SCALE_LSQ: return "lsq";
    case RF_ALIGN_SCALE_NORM: return "norm";
    default: return "one";
    }
}

static void json_double(FILE *out, double d)
{
    if (isfinite(d))
        fprintf(out, "%.17g", d);
    else
        fprintf(out, "null");
}

static void print_q_dec(FILE *out, const fmpq_t q)
{
    if (fmpq_is_zero(q))
        fprintf(out, "0");
    else
        fprintf(out, "%.6e", rf_q_get_d(q));
}

int rf_cmd_align(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *pa = NULL, *pb = NULL, *outp = NULL;
    int i, full = 0, ret = RF_EXIT_ERROR, equivalent;
    rf_align_opts_t opts;
    rf_align_map_t M;
    rf_net_t A, B, C;
    rf_err_t err;
    fmpq_t ab, rl;
    fmpq *la = NULL, *lr = NULL;
    slong h, l, H;
    rf_cli_common_init(&c);
    rf_align_opts_init(opts);
    for (i = 1; i < argc; i++) {
        int r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (strcmp(argv[i], "--full") == 0)
            full = 1;
        else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--norm") == 0) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("align", "%s needs a value", argv[i]);
            if (argv[i][1] == 'o')
                outp = argv[++i];
            else {
                const char *v = argv[++i];
                if (strcmp(v, "l2") == 0)
                    opts->norm = RF_ALIGN_NORM_L2;
                else if (strcmp(v, "max") == 0)
                    opts->norm = RF_ALIGN_NORM_MAX;
                else
                    return rf_cli_usage_error("align", "--norm must be l2 or max, not '%s'", v);
            }
        }
        else if (argv[i][0] == '-' && argv[i][1] != 0)
            return rf_cli_usage_error("align", "unknown option '%s'", argv[i]);
        else if (pa == NULL)
            pa = argv[i];
        else if (pb == NULL)
            pb = argv[i];
        else
            return rf_cli_usage_error("align", "exactly two networks expected (A B)");
    }
    if (pb == NULL)
        return rf_cli_usage_error("align", "need two network files (A B)");
    if (rf_cli_load_new(A, pa, &c))
        return RF_EXIT_ERROR;
    if (rf_cli_load_new(B, pb, &c)) {
        rf_net_clear(A);
        return RF_EXIT_ERROR;
    }
    rf_err_init(err);
    rf_align_map_init(M);
    rf_net_init(C, 1, (slong[]) {1, 1});
    fmpq_init(ab);
    fmpq_init(rl);
    if (rf_align_check_arch(A, B, err)) {
        fprintf(stderr, "relufiber align: error: %s (A = %s, B = %s)\n", err->msg, pa, pb);
        goto done;
    }
    if (rf_align_net(C, M, A, B, opts, err)) {
        fprintf(stderr, "relufiber align: error: %s\n", err->msg);
        goto done;
    }
    if (!rf_align_map_verify(B, M, C)) {
        fprintf(stderr, "relufiber align: internal error: the transformation failed its exact re-check\n");
        goto done;
    }
    la = _fmpq_vec_init(A->L);
    lr = _fmpq_vec_init(A->L);
    for (l = 0; l < A->L; l++) {      /* per layer once; the total is their max */
        rf_align_residual(la + l, lr + l, A, C, l);
        if (fmpq_cmp(la + l, ab) > 0)
            fmpq_set(ab, la + l);
        if (fmpq_cmp(lr + l, rl) > 0)
            fmpq_set(rl, lr + l);
    }
    equivalent = fmpq_is_zero(ab);
    if (equivalent && !rf_net_equal(A, C)) {
        fprintf(stderr, "relufiber align: internal error: zero residual but the networks differ\n");
        goto done;
    }
    if (outp != NULL && rf_cli_write_net(outp, C, RF_IO_FMT_AUTO))
        goto done;
    H = A->L - 1;
    if (c.json) {
        printf("{\"A\": ");
        rf_cli_json_str(stdout, pa);
        printf(", \"B\": ");
        rf_cli_json_str(stdout, pb);
        printf(", \"arch\": [");
        for (l = 0; l <= A->L; l++)
            printf("%s%ld", l ? ", " : "", (long) A->dims[l]);
        printf("], \"norm\": \"%s\", \"hidden_layers\": [",
               opts->norm == RF_ALIGN_NORM_MAX ? "max" : "l2");
        for (h = 0; h < H; h++) {
            slong n = A->dims[h + 1];
            printf("%s{\"layer\": %ld, \"width\": %ld, \"perm\": [", h ? ", " : "",
                   (long) (h + 1), (long) n);
            for (i = 0; i < n; i++)
                printf("%s%ld", i ? ", " : "", (long) (M->perm[h][i] + 1));
            printf("], \"scale\": [");
            for (i = 0; i < n; i++) {
                printf("%s", i ? ", " : "");
                rf_cli_json_q(stdout, M->scale[h] + i);
            }
            printf("], \"scale_kind\": [");
            for (i = 0; i < n; i++)
                printf("%s\"%s\"", i ? ", " : "", kind_name(M->kind[h][i]));
            printf("], \"cost\": ");
            json_double(stdout, M->cost[h]);
            printf(", \"d1\": ");
            json_double(stdout, M->d1[h]);
            printf(", \"d2\": ");
            json_double(stdout, M->d2[h]);
            printf(", \"sep\": ");
            json_double(stdout, M->sep[h]);
            printf(", \"unique\": %s}", M->unique[h] ? "true" : "false");
        }
        printf("], \"residual\": [");
        for (l = 0; l < A->L; l++) {
            const fmpq *a1 = la + l, *r1 = lr + l;
            printf("%s{\"layer\": %ld, \"max_abs\": ", l ? ", " : "", (long) (l + 1));
            rf_cli_json_q(stdout, a1);
            printf(", \"max_rel\": ");
            rf_cli_json_q(stdout, r1);
            printf(", \"max_abs_decimal\": ");
            json_double(stdout, rf_q_get_d(a1));
            printf(", \"max_rel_decimal\": ");
            json_double(stdout, rf_q_get_d(r1));
            printf("}");
        }
        printf("], \"max_abs\": ");
        rf_cli_json_q(stdout, ab);
        printf(", \"max_rel\": ");
        rf_cli_json_q(stdout, rl);
        printf(", \"max_abs_decimal\": ");
        json_double(stdout, rf_q_get_d(ab));
        printf(", \"max_rel_decimal\": ");
        json_double(stdout, rf_q_get_d(rl));
        printf(", \"equivalent\": %s, \"verified\": true, \"output\": ",
               equivalent ? "true" : "false");
        if (outp != NULL)
            rf_cli_json_str(stdout, outp);
        else
            printf("null");
        printf("}\n");
    } else {
        printf("A %s, B %s: arch", pa, pb);
        for (l = 0; l <= A->L; l++)
            printf(" %ld", (long) A->dims[l]);
        printf(", %ld hidden layer%s, signatures normalised by the %s norm\n", (long) H,
               H == 1 ? "" : "s", opts->norm == RF_ALIGN_NORM_MAX ? "max" : "L2");
        for (h = 0; h < H; h++) {
            slong n = A->dims[h + 1], cnt[4] = {0, 0, 0, 0};
            int show = full || n <= ALIGN_SHOW_MAX;
            for (i = 0; i < n; i++)
                cnt[M->kind[h][i]]++;
            printf("hidden layer %ld (%ld neurons): matching cost %.3e, largest matched "
                   "distances %.3e + %.3e, separation of A ", (long) (h + 1), (long) n,
                   M->cost[h], M->d1[h], M->d2[h]);
            if (isfinite(M->sep[h]))
                printf("%.3e", M->sep[h]);
            else
                printf("inf");
            printf(", unique optimum: %s\n", M->unique[h] ? "yes (double-precision check, margin 1e-9)"
                                                           : "not shown");
            printf("  scalings: %ld exact, %ld least squares, %ld norm ratio, %ld set to 1\n",
                   (long) cnt[0], (long) cnt[1], (long) cnt[2], (long) cnt[3]);
            if (show) {
                printf("  B neuron -> position (1-based), scaling:");
                for (i = 0; i < n; i++) {
                    printf(" %ld->%ld,", (long) (i + 1), (long) (M->perm[h][i] + 1));
                    fmpq_fprint(stdout, M->scale[h] + i);
                }
                printf("\n");
            } else
                printf("  (permutation and scalings of %ld neurons: use --full or --json)\n", (long) n);
        }
        for (l = 0; l < A->L; l++) {
            const fmpq *a1 = la + l, *r1 = lr + l;
            printf("layer %ld residual: max abs ", (long) (l + 1));
            print_q_dec(stdout, a1);
            printf(", max rel ");
            print_q_dec(stdout, r1);
            printf("\n");
        }
        printf("residual: max abs ");
        print_q_dec(stdout, ab);
        printf(", max rel ");
        print_q_dec(stdout, rl);
        printf(" (computed exactly, printed as decimals)\n");
        if (equivalent)
            printf("equivalent (certified: aligned B equals A exactly; permutation + "
                   "positive scalings re-checked)\n");
        else
            printf("not identical after alignment (the aligned B computes B's function: "
                   "permutation + positive scalings re-checked)\n");
        if (outp != NULL)
            printf("aligned B written to %s\n", outp);
    }
    ret = RF_EXIT_OK;
done:
    if (la != NULL) {
        _fmpq_vec_clear(la, A->L);
        _fmpq_vec_clear(lr, A->L);
    }
    fmpq_clear(ab);
    fmpq_clear(rl);
    rf_net_clear(C);
    rf_align_map_clear(M);
    rf_err_clear(err);
    rf_net_clear(A);
    rf_net_clear(B);
    return ret;
}
