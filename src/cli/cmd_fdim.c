/* relufiber fdim: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_fdim(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber fdim: not implemented yet\n");
    return RF_EXIT_ERROR;
}
