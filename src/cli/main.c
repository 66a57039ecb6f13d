/* relufiber: command-line entry point, dispatching to subcommands. */
#include <errno.h>
#include <string.h>
#include "cli.h"
#include "guard.h"

typedef struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} command_t;

static const command_t commands[] = {
    {"eval", rf_cmd_eval, "exact output (and activation pattern) at rational inputs"},
    {"info", rf_cmd_info, "architecture, parameter count and names"},
    {"convert", rf_cmd_convert, "convert between .rfn, JSON and NNet (read only)"},
    {"canon", rf_cmd_canon, "canonical minimal form of a shallow network"},
    {"equiv", rf_cmd_equiv, "decide functional equivalence, with a certificate"},
    {"align", rf_cmd_align, "align a copy of a network to it (permutation + positive scalings)"},
    {"fiber", rf_cmd_fiber, "the fiber as polynomial equations and sign conditions"},
    {"identifiable", rf_cmd_identifiable, "generic identifiability test, with witnesses"},
    {"fdim", rf_cmd_fdim, "exact functional dimension"},
    {"embed", rf_cmd_embed, "rescaling-invariant path embedding Phi(theta)"},
    {"export", rf_cmd_export, "export a constraint system to CAS formats, LaTeX, JSON"},
    {"conserve", rf_cmd_conserve, "conserved quantities of gradient flow (exact polynomials)"},
    {"draw", rf_cmd_draw, "pictures (TikZ, SVG): regions, graphs, fiber slices"},
    {"batch", rf_cmd_batch, "run a JSONL file of jobs (fork-isolated, sharded, resumable)"},
    {"batch-merge", rf_cmd_batch_merge, "merge batch outputs (shards) and print the summary table"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
    size_t k;
    fprintf(out,
            "usage: relufiber COMMAND [OPTIONS] ...\n"
            "Exact, symbolic engine for the parameter symmetries of ReLU networks.\n\n"
            "Commands:\n");
    for (k = 0; k < NCOMMANDS; k++)
        fprintf(out, "  %-13s %s\n", commands[k].name, commands[k].summary);
    fprintf(out,
            "\n'relufiber COMMAND --help' describes each command.\n"
            "Exit codes: 0 success (equiv: equivalent), 1 a negative decision\n"
            "(equiv: not equivalent; identifiable: not identifiable),\n"
            "2 usage or input error, or no answer within a budget.\n"
            "Every command accepts --time-limit S (wall clock; on expiry it\n"
            "answers 'unknown' with exit 2) and --memory-limit MB (memory of the\n"
            "exact arithmetic; on excess: error, exit 2).\n");
}

int rf_cli_dispatch(int argc, char **argv)
{
    size_t k;
    for (k = 0; k < NCOMMANDS; k++)
        if (strcmp(argv[0], commands[k].name) == 0)
            return commands[k].run(argc, argv);
    fprintf(stderr, "relufiber: unknown command '%s'\n", argv[0]);
    return RF_EXIT_ERROR;
}

int main(int argc, char **argv)
{
    size_t k;
    rf_cli_guard_init();
    if (rf_cli_guard_options(&argc, argv))
        return RF_EXIT_ERROR;
    if (argc < 2) {
        usage(stderr);
        return RF_EXIT_ERROR;
    }
    if (rf_cli_is_help(argv[1])) {
        usage(stdout);
        return RF_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("relufiber %s\n", RELUFIBER_VERSION);
        return RF_EXIT_OK;
    }
    for (k = 0; k < NCOMMANDS; k++)
        if (strcmp(argv[1], commands[k].name) == 0)
        {
            int r = commands[k].run(argc - 1, argv + 1);
            /* a result that did not reach its reader is an error */
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "relufiber: error: writing standard output: %s\n",
                        strerror(errno));
                return RF_EXIT_ERROR;
            }
            return r;
        }
    fprintf(stderr, "relufiber: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return RF_EXIT_ERROR;
}
