/* relufiber embed: placeholder until its module lands. */
#include "cli.h"

int rf_cmd_embed(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    fprintf(stderr, "relufiber embed: not implemented yet\n");
    return RF_EXIT_ERROR;
}
