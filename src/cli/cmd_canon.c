/* relufiber canon: canonical minimal form of a shallow network (one hidden
 * layer), the moves that lead to it, and a realisation as a network. */
#include <string.h>
#include "cli.h"
#include "relufiber/shallow.h"
#include "relufiber/canon.h"
#include <flint/fmpq_vec.h>

static const char help[] =
    "usage: relufiber canon [OPTIONS] NET\n"
    "Canonical form of the function of a shallow network NET (one hidden layer):\n"
    "  f(x) = sum_s u_s relu(h_s(x)) + A x + c,\n"
    "with pairwise distinct kinks h_s (first non-zero coefficient 1, sorted),\n"
    "non-zero jumps u_s, and an explicit affine part. Two shallow networks\n"
    "compute the same function iff their canonical forms are identical\n"
    "(docs/shallow.md). Dead neurons, zero outgoing columns, duplicated and\n"
    "opposite hyperplanes are folded away.\n"
    "Any depth (and with --general or --box for one hidden layer too): the\n"
    "canonical form under certified reductions (dead and constant neurons\n"
    "proved by exact interval bounds, zero outgoing columns, positive twins)\n"
    "and the permutation and positive-scaling symmetries (docs/canon.md),\n"
    "printed as a network (.rfn). Equal forms prove equivalence; different\n"
    "forms prove nothing (relufiber equiv decides).\n"
    "Options:\n"
    "  --general          the any-depth form also for one hidden layer\n"
    "  --box LO:HI        reductions proved on the box LO <= x <= HI only\n"
    "                     ('nnet': the input ranges of the NNet header)\n"
    "  -o FILE            any depth: write the canonical network to FILE\n"
    "                     (format from the extension: .rfn, .json)\n"
    "  --moves            list what happened to each neuron\n"
    "  --realize          print a network (.rfn) with the minimal number of\n"
    "                     neurons realising the form (exact search for <= 10\n"
    "                     kinks, otherwise a greedy local search)\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error.\n";

/* The any-depth form (docs/canon.md). */
static int run_general(const rf_net_t net, const char *path, const char *box,
                       const char *outp, int moves, const rf_cli_common_t *c)
{
    rf_net_t C;
    rf_canon_trace_t T;
    rf_err_t err;
    slong d0 = rf_net_in_dim(net), l;
    fmpq *lo = NULL, *hi = NULL;
    int ret = RF_EXIT_ERROR;
    rf_net_init(C, 1, (slong[]) {1, 1});
    rf_canon_trace_init(T);
    rf_err_init(err);
    if (box != NULL) {
        lo = _fmpq_vec_init(d0);
        hi = _fmpq_vec_init(d0);
        if (rf_cli_parse_box_net(lo, hi, d0, box, "canon", path, c))
            goto done;
    }
    if (rf_canon_net(C, T, net, lo, hi, err)) {
        fprintf(stderr, "relufiber canon: %s\n", err->msg);
        goto done;
    }
    if (!rf_canon_trace_verify(net, T, C)) {
        fprintf(stderr, "relufiber canon: internal error: the canonical form failed its exact re-check\n");
        goto done;
    }
    if (outp != NULL && rf_cli_write_net(outp, C, RF_IO_FMT_AUTO))
        goto done;
    if (c->json) {
        printf("{\"network\": ");
        rf_cli_json_str(stdout, path);
        printf(", \"hidden\": %ld, \"canonical_hidden\": %ld, \"arch\": [",
               (long) rf_net_num_hidden(net), (long) rf_net_num_hidden(C));
        for (l = 0; l <= C->L; l++)
            printf("%s%ld", l ? ", " : "", (long) C->dims[l]);
        printf("], \"dead\": %ld, \"constant\": %ld, \"unused\": %ld, \"twins\": %ld, "
               "\"verified\": true, \"trace\": ",
               (long) rf_canon_trace_count(T, RF_CANON_DEAD),
               (long) rf_canon_trace_count(T, RF_CANON_CONSTANT),
               (long) rf_canon_trace_count(T, RF_CANON_UNUSED),
               (long) rf_canon_trace_count(T, RF_CANON_TWIN));
        rf_canon_trace_fprint_json(stdout, T);
        if (outp == NULL) {
            printf(", \"canonical\": ");
            rf_io_write_json(stdout, C, 0);
        }
        printf("}\n");
    } else {
        printf("network %s: depth %ld, %ld hidden neurons\n", path, (long) net->L,
               (long) rf_net_num_hidden(net));
        printf("canonical form%s (docs/canon.md): arch", box ? " on the box" : "");
        for (l = 0; l <= C->L; l++)
            printf(" %ld", (long) C->dims[l]);
        printf(", %ld hidden neurons; reductions: %ld dead, %ld constant, %ld unused, "
               "%ld twins; trace re-checked exactly\n", (long) rf_net_num_hidden(C),
               (long) rf_canon_trace_count(T, RF_CANON_DEAD),
               (long) rf_canon_trace_count(T, RF_CANON_CONSTANT),
               (long) rf_canon_trace_count(T, RF_CANON_UNUSED),
               (long) rf_canon_trace_count(T, RF_CANON_TWIN));
        if (moves) {
            printf("moves:\n");
            rf_canon_trace_fprint(stdout, T, "  ");
        }
        if (outp != NULL)
            printf("canonical network written to %s\n", outp);
        else
            rf_io_write_rfn(stdout, C);
    }
    ret = RF_EXIT_OK;
done:
    if (lo != NULL) {
        _fmpq_vec_clear(lo, d0);
        _fmpq_vec_clear(hi, d0);
    }
    rf_err_clear(err);
    rf_canon_trace_clear(T);
    rf_net_clear(C);
    return ret;
}

int rf_cmd_canon(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *box = NULL, *outp = NULL;
    int i, moves = 0, realize = 0, general = 0, ret = RF_EXIT_OK;
    rf_net_t net, R;
    rf_shallow_canon_t C;
    rf_shallow_trace_t T;
    rf_err_t err;
    slong nmin;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (strcmp(argv[i], "--moves") == 0)
            moves = 1;
        else if (strcmp(argv[i], "--realize") == 0)
            realize = 1;
        else if (strcmp(argv[i], "--general") == 0)
            general = 1;
        else if (strcmp(argv[i], "--box") == 0 || strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("canon", "%s needs a value", argv[i]);
            if (argv[i][1] == 'o')
                outp = argv[++i];
            else
                box = argv[++i];
        }
        else if (argv[i][0] == '-' && argv[i][1] != 0)
            return rf_cli_usage_error("canon", "unknown option '%s'", argv[i]);
        else if (path == NULL)
            path = argv[i];
        else
            return rf_cli_usage_error("canon", "only one network expected");
    }
    if (path == NULL)
        return rf_cli_usage_error("canon", "need a network file");
    if (rf_cli_load_new(net, path, &c))
        return RF_EXIT_ERROR;
    if (net->L != 2 || general || box != NULL) {
        if (realize) {
            rf_net_clear(net);
            return rf_cli_usage_error("canon", "--realize is for the shallow form (one hidden layer)");
        }
        ret = run_general(net, path, box, outp, moves, &c);
        rf_net_clear(net);
        return ret;
    }
    if (outp != NULL) {
        rf_net_clear(net);
        return rf_cli_usage_error("canon", "-o is for the any-depth form (use --general)");
    }
    rf_err_init(err);
    if (rf_shallow_check(net, path, err)) {
        rf_err_fprint(stderr, err);
        rf_err_clear(err);
        rf_net_clear(net);
        return RF_EXIT_ERROR;
    }
    rf_shallow_canon_init(C, rf_net_in_dim(net), rf_net_out_dim(net));
    rf_shallow_trace_init(T);
    rf_net_init(R, 1, (slong[]) {1, 1});
    rf_shallow_canon(C, net, T, err);
    if (!rf_shallow_trace_verify(net, T, C)) {
        fprintf(stderr, "relufiber canon: internal error: the canonical form failed its exact re-check\n");
        ret = RF_EXIT_ERROR;
        goto done;
    }
    nmin = rf_shallow_canon_min_neurons(C);
    if (realize)
        rf_shallow_canon_realize(R, C, 1);
    if (c.json) {
        printf("{\"network\": ");
        rf_cli_json_str(stdout, path);
        printf(", \"hidden\": %ld, \"canonical\": ", (long) rf_net_num_hidden(net));
        rf_shallow_canon_fprint_json(stdout, C);
        printf(", \"kinks\": %ld, \"min_neurons\": ", (long) C->r);
        if (nmin >= 0)
            printf("%ld", (long) nmin);
        else
            printf("null");
        if (moves) {
            static const char *names[] = {"zero_outgoing", "dead", "kink", "cancelled"};
            printf(", \"moves\": [");
            for (i = 0; i < T->n; i++) {
                printf("%s{\"neuron\": %d, \"role\": \"%s\"", i ? ", " : "", i + 1, names[T->role[i]]);
                if (T->role[i] == RF_SHALLOW_KINK || T->role[i] == RF_SHALLOW_CANCELLED) {
                    printf(", \"line\": %ld, \"kappa\": ", (long) (T->line[i] + 1));
                    rf_cli_json_q(stdout, T->kappa + i);
                }
                printf("}");
            }
            printf("]");
        }
        if (realize) {
            printf(", \"realization\": ");
            rf_io_write_json(stdout, R, 0);
        }
        printf("}\n");
    } else {
        printf("network %s: %ld hidden neurons\n", path, (long) rf_net_num_hidden(net));
        rf_shallow_canon_fprint(stdout, C);
        if (nmin >= 0)
            printf("minimal number of neurons realising this function: %ld\n", (long) nmin);
        else {
            slong g = rf_shallow_canon_greedy_neurons(C), up = rf_net_num_hidden(net);
            printf("minimal number of neurons: between %ld and %ld (exact search only for <= %d kinks;"
                   " the greedy realisation has %ld)\n",
                   (long) C->r, (long) (g < up ? g : up), RF_SHALLOW_MIN_SEARCH_MAX, (long) g);
        }
        if (moves) {
            printf("moves:\n");
            rf_shallow_trace_fprint(stdout, net, T, "  ");
        }
        if (realize) {
            printf("# realisation with %ld neurons\n", (long) R->dims[1]);
            rf_io_write_rfn(stdout, R);
        }
    }
done:
    rf_net_clear(R);
    rf_shallow_trace_clear(T);
    rf_shallow_canon_clear(C);
    rf_net_clear(net);
    rf_err_clear(err);
    return ret;
}
