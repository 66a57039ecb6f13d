/* relufiber embed: the rescaling-invariant path embedding Phi(theta), the
 * rank of its Jacobian, local identifiability from a finite sample, and the
 * shallow-network conditions on a bounded box (docs/embedding.md). */
#include <string.h>
#include <stdlib.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/fdim.h"
#include "relufiber/shallow.h"

static const char help[] =
    "usage: relufiber embed [OPTIONS] NET\n"
    "Path embedding Phi(theta) of NET: for every path from an input coordinate\n"
    "(or from the bias of a neuron, a constant input) to an output, the product\n"
    "of the weights along it. Phi is invariant under positive rescalings, and on\n"
    "each activation region the network output is linear in Phi.\n"
    "Options:\n"
    "  --phi              print every coordinate of Phi with its path\n"
    "  --points FILE      local identifiability test from the samples of FILE\n"
    "                     (one point per line, n0 rationals)\n"
    "  --random N         ... or from N random rational samples\n"
    "  --seed S           seed of --random (default 1)\n"
    "  --box LO:HI        one hidden layer: conditions C1-C3 for local\n"
    "                     identifiability from the function on the open box\n"
    "                     LO < x < HI (LO, HI comma-separated vectors)\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error.\n";

static void path_text(char *buf, size_t n, const rf_net_t net, slong p)
{
    slong sl, s0, t, L = net->L, len;
    slong *nodes = flint_malloc((L + 1) * sizeof(slong));
    rf_fdim_embed_path(&sl, &s0, nodes, net, p);
    if (sl == 0)
        len = snprintf(buf, n, "x%ld", (long) (s0 + 1));
    else
        len = snprintf(buf, n, "b%ld_%ld", (long) sl, (long) (s0 + 1));
    for (t = sl + 1; t <= L && len < (slong) n; t++)
        len += snprintf(buf + len, n - len, t == L ? " -> y%ld" : " -> (%ld,%ld)",
                        t == L ? (long) (nodes[t - sl - 1] + 1) : (long) t,
                        (long) (nodes[t - sl - 1] + 1));
    flint_free(nodes);
}

int rf_cmd_embed(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *pfile = NULL, *box = NULL;
    slong nrand = -1, npts = 0, n0, np, D, H, p, dr = -1;
    ulong seed = 1;
    int show_phi = 0, i, ret = RF_EXIT_OK, dex = 0, li = -2;
    rf_net_t net;
    rf_err_t err;
    flint_rand_t st;
    fmpq *pts = NULL, *phi = NULL, *lo = NULL, *hi = NULL;
    rf_fdim_rank_t res;
    rf_shallow_box_struct sb;
    int have_box = 0;

    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        const char *a = argv[i];
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(a, "--phi")) {
            show_phi = 1;
        } else if (!strcmp(a, "--points") || !strcmp(a, "--box") || !strcmp(a, "--random") ||
                   !strcmp(a, "--seed")) {
            char *e;
            long v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("embed", "%s needs a value", a);
            i++;
            if (!strcmp(a, "--points")) {
                pfile = argv[i];
                continue;
            }
            if (!strcmp(a, "--box")) {
                box = argv[i];
                continue;
            }
            v = strtol(argv[i], &e, 10);
            if (*e || v < 0)
                return rf_cli_usage_error("embed", "%s needs a non-negative integer", a);
            if (!strcmp(a, "--random"))
                nrand = v;
            else
                seed = (ulong) v;
        } else if (a[0] == '-' && a[1] != 0) {
            return rf_cli_usage_error("embed", "unknown option '%s'", a);
        } else if (path == NULL) {
            path = a;
        } else {
            return rf_cli_usage_error("embed", "only one network file expected");
        }
    }
    if (path == NULL)
        return rf_cli_usage_error("embed", "need a network file");
    if (pfile && nrand >= 0)
        return rf_cli_usage_error("embed", "--points and --random exclude each other");
    if (rf_cli_load_new(net, path, &c))
        return RF_EXIT_ERROR;
    n0 = rf_net_in_dim(net);
    D = rf_net_num_params(net);
    H = rf_net_num_hidden(net);
    rf_err_init(err);
    flint_randinit(st);
    rf_cli_randseed(st, seed);
    rf_fdim_rank_init(res);
    np = rf_fdim_embed_num_paths(net, 10000000);
    if (np < 0) {
        fprintf(stderr, "relufiber embed: more than 10^7 paths; Phi is not materialized\n");
        ret = RF_EXIT_ERROR;
        goto done;
    }
    phi = _fmpq_vec_init(np);
    rf_fdim_embed_phi(phi, net);
    dr = rf_fdim_embed_dphi_rank(&dex, net, st);
    if (box) {
        lo = _fmpq_vec_init(n0);
        hi = _fmpq_vec_init(n0);
        if (rf_cli_parse_box(lo, hi, n0, box, "embed")) {
            ret = RF_EXIT_ERROR;
            goto done;
        }
        if (rf_shallow_box_identifiable(&sb, net, lo, hi, err)) {
            fprintf(stderr, "relufiber embed: %s\n", err->msg);
            ret = RF_EXIT_ERROR;
            goto done;
        }
        have_box = 1;
    }
    if (rf_cli_load_points(&pts, &npts, pfile, nrand, net, st, err)) {
        ret = RF_EXIT_ERROR;
        goto done;
    }
    if (pts) {
        li = rf_fdim_embed_local_ident(res, net, pts, npts, st, err);
        if (li < 0) {
            fprintf(stderr, "relufiber embed: %s\n", err->msg);
            ret = RF_EXIT_ERROR;
            goto done;
        }
    }
    if (c.json) {
        printf("{\"D\": %ld, \"H\": %ld, \"paths\": %ld, \"dphi_rank\": %ld, \"dphi_rank_exact\": %s",
               (long) D, (long) H, (long) np, (long) dr, dex ? "true" : "false");
        if (show_phi) {
            char buf[256];
            printf(", \"phi\": [");
            for (p = 0; p < np; p++) {
                path_text(buf, sizeof buf, net, p);
                printf("%s{\"path\": ", p ? ", " : "");
                rf_cli_json_str(stdout, buf);
                printf(", \"value\": ");
                rf_cli_json_q(stdout, phi + p);
                printf("}");
            }
            printf("]");
        }
        if (li >= 0)
            printf(", \"samples\": %ld, \"sample_rank\": %ld, \"sample_rank_exact\": %s, "
                   "\"locally_identifiable_from_samples\": %s", (long) npts, (long) res->rank,
                   res->exact ? "true" : "false", li ? "true" : "\"not certified\"");
        if (have_box) {
            printf(", \"box\": {\"verdict\": \"%s\", \"reason\": ",
                   sb.verdict == RF_SHALLOW_IDENTIFIABLE ? "identifiable" :
                   sb.verdict == RF_SHALLOW_NOT ? "not identifiable" : "unknown");
            rf_cli_json_str(stdout, sb.reason);
            printf("}");
        }
        printf("}\n");
    } else {
        printf("path embedding: %ld paths, D = %ld, H = %ld, D - H = %ld\n",
               (long) np, (long) D, (long) H, (long) (D - H));
        if (dr >= 0)
            printf("rank of dPhi/dtheta: %ld (%s)\n", (long) dr,
                   dex ? "exact" : "certified lower bound");
        else
            printf("rank of dPhi/dtheta: not computed (too many paths)\n");
        if (show_phi) {
            char buf[256];
            for (p = 0; p < np; p++) {
                path_text(buf, sizeof buf, net, p);
                printf("  Phi[%s] = ", buf);
                fmpq_print(phi + p);
                printf("\n");
            }
        }
        if (li >= 0) {
            printf("local identifiability from %ld samples: rank %ld of D - H = %ld (%s, %s)\n",
                   (long) npts, (long) res->rank, (long) (D - H),
                   res->exact ? "exact" : "lower bound", rf_fdim_cert_name(res->cert));
            printf("  %s\n", li ? "locally identifiable modulo rescalings from these samples "
                   "(rank = D - H; docs/embedding.md, Theorem 2)" :
                   "not certified: rank < D - H at these samples");
        }
        if (have_box)
            printf("shallow box conditions: %s: %s\n",
                   sb.verdict == RF_SHALLOW_IDENTIFIABLE ? "locally identifiable (proved)" :
                   sb.verdict == RF_SHALLOW_NOT ? "NOT locally identifiable (explicit deformation)" :
                   "unknown (case not covered by a proof)", sb.reason);
    }
done:
    if (phi)
        _fmpq_vec_clear(phi, np);
    if (pts)
        _fmpq_vec_clear(pts, FLINT_MAX(npts, 1) * n0);
    if (lo) {
        _fmpq_vec_clear(lo, n0);
        _fmpq_vec_clear(hi, n0);
    }
    rf_fdim_rank_clear(res);
    flint_randclear(st);
    rf_err_clear(err);
    rf_net_clear(net);
    return ret;
}
