/* Shared CLI helpers: common options, loading, vectors, JSON output. */
#include <string.h>
#include <stdarg.h>
#include <stdlib.h>
#include "cli.h"
#include "relufiber/text.h"
#include "guard.h"

const char rf_cli_common_help[] =
    "  --input-format F   rfn | json | nnet (default: from the file name; .onnx,\n"
    "                     .pt and .pth files are converted by the Python\n"
    "                     package's relufiber-convert, or $RELUFIBER_CONVERT)\n"
    "  --json-floats M    binary (default): a JSON number is the exact value of\n"
    "                     the double it denotes (what PyTorch computed with);\n"
    "                     decimal: the exact decimal written in the file.\n"
    "                     Strings (\"0.1\", \"1/10\") are always exact\n"
    "  --nnet-normalize   NNet files: fold the input normalisation (means,\n"
    "                     ranges) and the output scaling into the network, so\n"
    "                     that it acts on raw inputs and outputs (exact)\n"
    "  --digits N         decimal views of exact rationals (equiv, eval) to N\n"
    "                     significant digits (default 10; 0: none)\n"
    "  --json             machine-readable JSON output\n"
    "  -h, --help         this help\n";

rf_cells_driver_struct *rf_cli_cells_driver = NULL;

void rf_cli_common_init(rf_cli_common_t *c)
{
    c->fmt = RF_IO_FMT_AUTO;
    c->json_mode = RF_IO_JSON_BINARY;
    c->json = 0;
    c->nnet_normalize = 0;
    c->digits = 10;
}

int rf_cli_common_option(rf_cli_common_t *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--json") == 0) {
        c->json = 1;
        return 1;
    }
    if (strcmp(a, "--nnet-normalize") == 0) {
        c->nnet_normalize = 1;
        return 1;
    }
    if (strcmp(a, "--digits") == 0) {
        char *end;
        long v;
        if (*i + 1 >= argc) {
            fprintf(stderr, "relufiber: --digits needs a value\n");
            return -1;
        }
        v = strtol(argv[++*i], &end, 10);
        if (*argv[*i] == '\0' || *end != '\0' || v < 0 || v > 1000) {
            fprintf(stderr, "relufiber: --digits takes 0 to 1000 significant digits, not '%s'\n",
                    argv[*i]);
            return -1;
        }
        c->digits = (int) v;
        return 1;
    }
    if (strcmp(a, "--input-format") == 0 || strcmp(a, "--json-floats") == 0) {
        const char *v;
        if (*i + 1 >= argc) {
            fprintf(stderr, "relufiber: %s needs a value\n", a);
            return -1;
        }
        v = argv[++*i];
        if (a[2] == 'i') {
            c->fmt = rf_io_format_from_string(v);
            if (c->fmt == RF_IO_FMT_AUTO) {
                fprintf(stderr, "relufiber: unknown input format '%s' (rfn, json, nnet)\n", v);
                return -1;
            }
        } else if (strcmp(v, "decimal") == 0) {
            c->json_mode = RF_IO_JSON_DECIMAL;
        } else if (strcmp(v, "binary") == 0) {
            c->json_mode = RF_IO_JSON_BINARY;
        } else {
            fprintf(stderr, "relufiber: --json-floats takes decimal or binary, not '%s'\n", v);
            return -1;
        }
        return 1;
    }
    return 0;
}

int rf_cli_load(rf_net_t net, const char *path, const rf_cli_common_t *c)
{
    rf_err_t err;
    int r;
    rf_err_init(err);
    if (c->nnet_normalize) {
        rf_io_fmt_t f = c->fmt != RF_IO_FMT_AUTO ? c->fmt : rf_io_format_from_name(path);
        rf_io_nnet_info_t info;
        if (f != RF_IO_FMT_NNET) {
            fprintf(stderr, "%s: error: --nnet-normalize needs an NNet file (.nnet or "
                    "--input-format nnet)\n", path);
            rf_err_clear(err);
            return 1;
        }
        rf_io_nnet_info_init(info);
        r = rf_io_read_nnet_info_file(net, info, path, err);
        if (r == 0)
            rf_io_nnet_normalize(net, net, info);
        rf_io_nnet_info_clear(info);
    } else if (c->fmt == RF_IO_FMT_AUTO && rf_cli_is_ml_file(path)) {
        r = rf_cli_load_ml(net, path, err);
    } else {
        r = rf_io_read_file(net, path, c->fmt, c->json_mode, err);
    }
    if (r)
        rf_err_fprint(stderr, err);
    rf_err_clear(err);
    return r;
}

int rf_cli_parse_box_net(fmpq *lo, fmpq *hi, slong n0, const char *spec,
                         const char *cmd, const char *netpath, const rf_cli_common_t *c)
{
    rf_io_nnet_info_t info;
    rf_net_t tmp;
    rf_err_t err;
    int r;
    if (strcmp(spec, "nnet") != 0)
        return rf_cli_parse_box(lo, hi, n0, spec, cmd);
    rf_io_nnet_info_init(info);
    rf_net_init(tmp, 1, (slong[]) {1, 1});
    rf_err_init(err);
    r = rf_io_read_nnet_info_file(tmp, info, netpath, err);
    if (r)
        rf_err_fprint(stderr, err);
    else if (info->d0 != n0) {
        fprintf(stderr, "relufiber %s: --box nnet: %s has %ld inputs, expected %ld\n", cmd,
                netpath, (long) info->d0, (long) n0);
        r = 1;
    } else {
        rf_io_nnet_box(lo, hi, info, !c->nnet_normalize);
    }
    rf_err_clear(err);
    rf_net_clear(tmp);
    rf_io_nnet_info_clear(info);
    return r;
}

int rf_cli_parse_vec(fmpq *v, slong n, const char *s, const char *what)
{
    slong k = 0;
    const char *p = s;
    while (1) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t) (e - p) : strlen(p);
        const char *why;
        if (k >= n) {
            fprintf(stderr, "relufiber: %s has more than %ld entries\n", what, (long) n);
            return 1;
        }
        if (rf_q_parse(v + k, p, len, &why)) {
            fprintf(stderr, "relufiber: %s: entry %ld: %s\n", what, (long) (k + 1), why);
            return 1;
        }
        k++;
        if (!e)
            break;
        p = e + 1;
    }
    if (k != n) {
        fprintf(stderr, "relufiber: %s has %ld entries, expected %ld\n", what, (long) k, (long) n);
        return 1;
    }
    return 0;
}

void rf_cli_json_q(FILE *out, const fmpq_t q)
{
    fputc('"', out);
    fmpq_fprint(out, q);
    fputc('"', out);
}

void rf_cli_json_vec(FILE *out, const fmpq *v, slong n)
{
    rf_text_qvec(out, v, n, 1);
}

void rf_cli_json_str(FILE *out, const char *s)
{
    rf_text_json_str(out, s);
}

void rf_cli_print_vec(FILE *out, const fmpq *v, slong n)
{
    rf_text_qvec(out, v, n, 0);
}

int rf_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "relufiber %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'relufiber %s --help'.\n", cmd);
    return RF_EXIT_ERROR;
}

int rf_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int rf_cli_out_open(rf_cli_out_t *o, const char *path)
{
    rf_err_t err;
    sigset_t mask;
    o->atomic = path != NULL && strcmp(path, "-") != 0;
    o->f = stdout;
    if (!o->atomic)
        return 0;
    rf_err_init(err);
    rf_cli_guard_block(&mask);
    if (rf_io_atomic_open(o->a, path, err) != RF_OK) {
        rf_cli_guard_unblock(&mask);
        rf_err_fprint(stderr, err);
        rf_err_clear(err);
        o->atomic = 0;
        o->f = NULL;
        return 1;
    }
    rf_err_clear(err);
    o->f = o->a->f;
    if (o->a->tmp != NULL)
        rf_cli_guard_tmp_add(o->a->tmp);
    rf_cli_guard_unblock(&mask);
    return 0;
}

int rf_cli_out_close(rf_cli_out_t *o, int commit)
{
    rf_err_t err;
    sigset_t mask;
    int bad = 0;
    if (o->f == NULL)
        return 1;
    if (!o->atomic) {
        o->f = NULL;
        return fflush(stdout) != 0;
    }
    rf_err_init(err);
    /* flush first (may take long: signals stay deliverable), then
       unregister and rename with the signals held */
    fflush(o->f);
    rf_cli_guard_block(&mask);
    if (o->a->tmp != NULL)
        rf_cli_guard_tmp_remove(o->a->tmp);
    if (rf_io_atomic_close(o->a, commit, err) != RF_OK)
        bad = 1;
    rf_cli_guard_unblock(&mask);
    if (bad && commit)
        rf_err_fprint(stderr, err);
    rf_err_clear(err);
    o->f = NULL;
    return bad;
}

int rf_cli_write_net(const char *path, const rf_net_t net, rf_io_fmt_t fmt)
{
    rf_cli_out_t o;
    if (fmt == RF_IO_FMT_AUTO)
        fmt = rf_io_format_from_name(path);
    if (fmt == RF_IO_FMT_NNET) {
        fprintf(stderr, "%s: error: NNet output is not supported\n", path);
        return 1;
    }
    if (rf_cli_out_open(&o, path))
        return 1;
    if (fmt == RF_IO_FMT_JSON)
        rf_io_write_json(o.f, net, 0);
    else
        rf_io_write_rfn(o.f, net);
    return rf_cli_out_close(&o, 1);
}
