/* relufiber convert: exact conversion between network formats. */
#include <string.h>
#include "cli.h"

static const char help[] =
    "usage: relufiber convert [OPTIONS] IN OUT\n"
    "Convert a network between formats; the conversion is exact. OUT may be\n"
    "'-' for standard output. The output format comes from OUT's extension\n"
    "(.rfn, .json) or --to; for OUT = '-' it is rfn (json with --json).\n"
    "NNet files can be read, not written.\n"
    "Options:\n"
    "  --to F             rfn | json\n"
    "  --floats           JSON output as nearest doubles (lossy; for PyTorch)\n";

static const char help_exit[] =
    "With --json and a file OUT, a one-line JSON summary (input, output,\n"
    "format, exact, arch, params) is printed on standard output.\n"
    "Exit status: 0 converted, 2 usage, input or write error.\n";

int rf_cmd_convert(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *in = NULL, *out = NULL;
    rf_io_fmt_t to = RF_IO_FMT_AUTO;
    int i, floats = 0, ret = RF_EXIT_OK;
    rf_net_t net;
    rf_err_t err;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(argv[i], "--to")) {
            if (i + 1 >= argc)
                return rf_cli_usage_error("convert", "--to needs a format");
            to = rf_io_format_from_string(argv[++i]);
            if (to != RF_IO_FMT_RFN && to != RF_IO_FMT_JSON)
                return rf_cli_usage_error("convert", "cannot write format '%s' (rfn, json)", argv[i]);
        } else if (!strcmp(argv[i], "--floats")) {
            floats = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {   /* '-' alone is stdout */
            return rf_cli_usage_error("convert", "unknown option '%s'", argv[i]);
        } else if (in == NULL) {
            in = argv[i];
        } else if (out == NULL) {
            out = argv[i];
        } else {
            return rf_cli_usage_error("convert", "unexpected argument '%s'", argv[i]);
        }
    }
    if (in == NULL || out == NULL)
        return rf_cli_usage_error("convert", "need IN and OUT");
    if (to == RF_IO_FMT_AUTO)
        to = strcmp(out, "-") ? rf_io_format_from_name(out) : c.json ? RF_IO_FMT_JSON : RF_IO_FMT_RFN;
    if (to == RF_IO_FMT_NNET)
        return rf_cli_usage_error("convert", "NNet is read-only");
    if (to == RF_IO_FMT_AUTO)
        return rf_cli_usage_error("convert", "cannot tell the output format of '%s': use --to", out);
    rf_net_init(net, 1, (slong[]) {1, 1});
    rf_err_init(err);
    if (rf_cli_load(net, in, &c)) {
        ret = RF_EXIT_ERROR;
    } else if (to == RF_IO_FMT_JSON && floats && strcmp(out, "-") == 0) {
        rf_io_write_json(stdout, net, 1);
    } else if (to == RF_IO_FMT_JSON && floats) {
        rf_cli_out_t o;
        if (rf_cli_out_open(&o, out)) {
            ret = RF_EXIT_ERROR;
        } else {
            rf_io_write_json(o.f, net, 1);
            if (rf_cli_out_close(&o, 1))
                ret = RF_EXIT_ERROR;
        }
    } else if (rf_cli_write_net(out, net, to)) {
        ret = RF_EXIT_ERROR;
    }
    if (ret == RF_EXIT_OK && c.json && strcmp(out, "-") != 0) {
        slong l;
        printf("{\"input\": ");
        rf_cli_json_str(stdout, in);
        printf(", \"output\": ");
        rf_cli_json_str(stdout, out);
        printf(", \"format\": \"%s\", \"exact\": %s, \"arch\": [", to == RF_IO_FMT_JSON ? "json" : "rfn",
               to == RF_IO_FMT_JSON && floats ? "false" : "true");
        for (l = 0; l <= net->L; l++)
            printf("%s%ld", l ? ", " : "", (long) net->dims[l]);
        printf("], \"params\": %ld}\n", (long) rf_net_num_params(net));
    }
    rf_err_clear(err);
    rf_net_clear(net);
    return ret;
}
