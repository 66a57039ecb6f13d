/* relufiber draw: pictures (TikZ or SVG) of the activation regions of a
 * 2-input network, the graph of a 1-input network, two networks side by
 * side, and a 2-D slice of a fiber component. Thin layer over draw.h. */
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "cli.h"

static const char help[] =
    "usage: relufiber draw [OPTIONS] NET [NET_B]\n"
    "Pictures with exact geometry (coordinates printed rounded), as a\n"
    "standalone LaTeX/TikZ document or an SVG file:\n"
    "  regions (2-input NET): the activation regions over the box, coloured by\n"
    "    activation pattern, with the kinks (bent hyperplanes) of each hidden\n"
    "    layer; regions from the certified enumeration, exact polygon vertices.\n"
    "    With NET_B: both networks' regions side by side, and whether they\n"
    "    compute the same function on the box (decided exactly on the joint\n"
    "    regions; otherwise an input where they differ).\n"
    "  graph (1-input NET): the graph of one output over the interval, with\n"
    "    its exact breakpoints (red) and the other region ends (grey).\n"
    "  slice: a 2-D slice of a fiber component of NET through NET's parameter:\n"
    "    two parameters vary (--params), the others are fixed; the set where\n"
    "    the component's equations and sign conditions hold is shaded (a curve\n"
    "    for a component with equations). Exact where the constraints are\n"
    "    affine in the two parameters, otherwise sampled on a grid with exact\n"
    "    evaluation at the samples (the picture says which).\n"
    "Options:\n"
    "  --kind K           regions, graph or slice (default: regions for 2\n"
    "                     inputs, graph for 1 input)\n"
    "  --format F         tikz (default: a LaTeX document for pdflatex),\n"
    "                     tikzpicture (the environment alone, to \\input into\n"
    "                     a document that loads tikz) or svg\n"
    "  -o FILE            write to FILE (atomically) instead of standard output\n"
    "  --box LO:HI        regions: the input box (one number for both\n"
    "                     coordinates or LO1,LO2:HI1,HI2; default -2:2);\n"
    "                     graph: the interval (default -2:2)\n"
    "  --output K         graph: the output drawn, 1-based (default 1)\n"
    "  --max-regions N    stop after N regions (default 20000; the picture\n"
    "                     then says the enumeration was capped)\n"
    "  --params P,Q       slice: the two parameters (names as in 'relufiber\n"
    "                     info', e.g. W1_1_1,b1_1)\n"
    "  --component K      slice: the fiber component, 1-based (default: the\n"
    "                     first that contains NET's own parameter)\n"
    "  --window LO:HI     slice: the window in (P, Q) (default: NET's values\n"
    "                     +- 2; same syntax as --box)\n"
    "  --grid N           slice: sample grid cells per axis (default 48)\n"
    "The counts (regions drawn, breakpoints) are printed on standard error,\n"
    "or on standard output with -o, and stated in the picture.\n";

int rf_cmd_draw(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *paths[2] = {NULL, NULL}, *kind = NULL, *fmts = NULL, *outp = NULL;
    const char *box = NULL, *params = NULL, *window = NULL;
    long output = 1, maxreg = 0, comp = 0, grid = 0;
    slong npaths = 0, k;
    int i, ret = RF_EXIT_ERROR, r = RF_OK;
    rf_draw_fmt_t fmt = RF_DRAW_FMT_TIKZ;
    rf_net_t net[2];
    rf_err_t err;
    rf_cli_out_t o;
    FILE *info;
    fmpq lo[2], hi[2];
    clock_t t0;
    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int s = rf_cli_std_option(&c, argc, argv, &i, help,
                                  "Exit status: 0 done, 2 usage or input error (3-input network, "
                                  "unknown parameter name, ...).\n");
        if (s == RF_CLI_OPT_TAKEN)
            continue;
        if (s != RF_CLI_OPT_OWN)
            return s;
        if (!strcmp(argv[i], "--kind") || !strcmp(argv[i], "--format") || !strcmp(argv[i], "-o")
            || !strcmp(argv[i], "--box") || !strcmp(argv[i], "--output")
            || !strcmp(argv[i], "--max-regions") || !strcmp(argv[i], "--params")
            || !strcmp(argv[i], "--component") || !strcmp(argv[i], "--window")
            || !strcmp(argv[i], "--grid")) {
            const char *opt = argv[i], *v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("draw", "%s needs a value", opt);
            v = argv[++i];
            if (!strcmp(opt, "--kind")) kind = v;
            else if (!strcmp(opt, "--format")) fmts = v;
            else if (!strcmp(opt, "-o")) outp = v;
            else if (!strcmp(opt, "--box")) box = v;
            else if (!strcmp(opt, "--params")) params = v;
            else if (!strcmp(opt, "--window")) window = v;
            else {
                char *end;
                long n = strtol(v, &end, 10);
                if (*v == '\0' || *end != '\0' || n < 1 || n > 100000000)
                    return rf_cli_usage_error("draw", "%s takes a positive integer, not '%s'",
                                              opt, v);
                if (!strcmp(opt, "--output")) output = n;
                else if (!strcmp(opt, "--max-regions")) maxreg = n;
                else if (!strcmp(opt, "--component")) comp = n;
                else grid = n;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return rf_cli_usage_error("draw", "unknown option '%s'", argv[i]);
        } else if (npaths < 2) {
            paths[npaths++] = argv[i];
        } else {
            return rf_cli_usage_error("draw", "unexpected argument '%s'", argv[i]);
        }
    }
    if (npaths == 0)
        return rf_cli_usage_error("draw", "need a network file");
    if (fmts != NULL && rf_draw_fmt_from_string(&fmt, fmts))
        return rf_cli_usage_error("draw", "unknown format '%s' (tikz, tikzpicture or svg)", fmts);
    if (kind != NULL && strcmp(kind, "regions") && strcmp(kind, "graph") && strcmp(kind, "slice"))
        return rf_cli_usage_error("draw", "unknown kind '%s' (regions, graph or slice)", kind);
    if (npaths == 2 && kind != NULL && strcmp(kind, "regions"))
        return rf_cli_usage_error("draw", "two networks are drawn side by side with --kind "
                                  "regions only");
    if (kind != NULL && !strcmp(kind, "slice") && params == NULL)
        return rf_cli_usage_error("draw", "--kind slice needs --params P,Q");
    if (params != NULL && kind == NULL)
        kind = "slice";
    for (k = 0; k < npaths; k++)
        if (rf_cli_load_new(net[k], paths[k], &c)) {
            if (k == 1)
                rf_net_clear(net[0]);
            return RF_EXIT_ERROR;
        }
    if (kind == NULL)
        kind = net[0]->dims[0] == 1 && npaths == 1 ? "graph" : "regions";
    rf_err_init(err);
    for (k = 0; k < 2; k++) {
        fmpq_init(lo + k);
        fmpq_init(hi + k);
        fmpq_set_si(lo + k, -2, 1);
        fmpq_set_si(hi + k, 2, 1);
    }
    info = outp != NULL && strcmp(outp, "-") ? stdout : stderr;
    if (!strcmp(kind, "regions")) {
        rf_draw_regions_t R[2];
        const rf_draw_regions_struct *Rp[2];
        const char *titles[2];
        char note[256];
        for (k = 0; k < npaths; k++)
            if (net[k]->dims[0] != 2) {
                fprintf(stderr, "%s: error: --kind regions needs a network with 2 inputs; "
                        "this one has %ld%s\n", paths[k], (long) net[k]->dims[0],
                        net[k]->dims[0] == 1 ? " (draw its graph with --kind graph)" : "");
                goto out;
            }
        if (box != NULL && rf_cli_parse_box(lo, hi, 2, box, "draw"))
            goto out;
        if (fmpq_cmp(lo, hi) >= 0 || fmpq_cmp(lo + 1, hi + 1) >= 0) {
            rf_cli_usage_error("draw", "--box: LO must be below HI in each coordinate");
            goto out;
        }
        for (k = 0; k < npaths; k++)
            rf_draw_regions_init(R[k]);
        for (k = 0; k < npaths && r == RF_OK; k++) {
            t0 = clock();
            r = rf_draw_regions(R[k], net[k], lo, hi, maxreg, err);
            if (r) {
                fprintf(stderr, "%s: error: %s\n", paths[k], err->msg);
            } else if (!rf_draw_regions_verify(R[k], net[k])) {
                fprintf(stderr, "%s: internal error: the drawn regions failed their exact "
                        "re-check\n", paths[k]);
                r = RF_ERR_INTERNAL;
            } else if (c.json) {
                fprintf(info, "{\"file\": ");
                rf_cli_json_str(info, paths[k]);
                fprintf(info, ", \"kind\": \"regions\", \"regions\": %ld, \"complete\": %s, "
                        "\"kink_segments\": %ld, \"areas_sum_to_box\": %s}\n",
                        (long) R[k]->npoly, R[k]->stats.complete ? "true" : "false",
                        (long) R[k]->nseg, R[k]->stats.complete ? "true" : "null");
            } else {
                fprintf(info, "%s: %ld activation region(s) drawn, %s; %ld kink segment(s); "
                        "areas sum to the box area: %s (%.2f s)\n", paths[k],
                        (long) R[k]->npoly,
                        R[k]->stats.complete ? "all regions of the certified enumeration"
                                             : "enumeration capped (more regions exist)",
                        (long) R[k]->nseg, R[k]->stats.complete ? "yes (exact)" : "not checked",
                        (double) (clock() - t0) / CLOCKS_PER_SEC);
            }
            Rp[k] = R[k];
            titles[k] = paths[k];
        }
        if (r == RF_OK && npaths == 2) {
            /* the side-by-side picture says whether the functions agree */
            int agree = -1;
            fmpq sep[2];
            fmpq_init(sep + 0);
            fmpq_init(sep + 1);
            if (net[0]->dims[net[0]->L] != net[1]->dims[net[1]->L]) {
                snprintf(note, sizeof(note), "the networks have different output dimensions");
            } else if ((r = rf_draw_regions_agree(&agree, sep, net[0], net[1], lo, hi, err))) {
                rf_err_fprint(stderr, err);
            } else if (agree == 1) {
                snprintf(note, sizeof(note), "same function on the box: yes (exact, on every "
                         "joint activation region)");
            } else {
                char *a = fmpq_get_str(NULL, 10, sep + 0), *b = fmpq_get_str(NULL, 10, sep + 1);
                snprintf(note, sizeof(note), "same function on the box: no (outputs differ at "
                         "x = (%.60s, %.60s))", a, b);
                flint_free(a);
                flint_free(b);
            }
            if (r == RF_OK && c.json) {
                fprintf(info, "{\"same_function_on_box\": %s",
                        net[0]->dims[net[0]->L] != net[1]->dims[net[1]->L] ? "false"
                        : agree == 1 ? "true" : "false");
                if (net[0]->dims[net[0]->L] == net[1]->dims[net[1]->L] && agree == 0) {
                    fprintf(info, ", \"separating_input\": ");
                    rf_cli_json_vec(info, sep, 2);
                }
                fprintf(info, "}\n");
            } else if (r == RF_OK) {
                fprintf(info, "%s\n", note);
            }
            fmpq_clear(sep + 0);
            fmpq_clear(sep + 1);
        }
        if (r == RF_OK && rf_cli_out_open(&o, outp) == 0) {
            r = rf_draw_regions_write(o.f, Rp, npaths, titles, npaths == 2 ? note : NULL, fmt,
                                      err);
            if (r)
                rf_err_fprint(stderr, err);
            if (rf_cli_out_close(&o, r == RF_OK) == 0 && r == RF_OK)
                ret = RF_EXIT_OK;
        }
        for (k = 0; k < npaths; k++)
            rf_draw_regions_clear(R[k]);
    } else if (!strcmp(kind, "graph")) {
        rf_draw_graph_t G;
        if (net[0]->dims[0] != 1) {
            fprintf(stderr, "%s: error: --kind graph needs a network with 1 input; this one has "
                    "%ld%s\n", paths[0], (long) net[0]->dims[0],
                    net[0]->dims[0] == 2 ? " (draw its regions with --kind regions)" : "");
            goto out;
        }
        if (box != NULL && rf_cli_parse_box(lo, hi, 1, box, "draw"))
            goto out;
        rf_draw_graph_init(G);
        t0 = clock();
        r = rf_draw_graph(G, net[0], lo, hi, output - 1, err);
        if (r) {
            fprintf(stderr, "%s: error: %s\n", paths[0], err->msg);
        } else if (c.json) {
            fprintf(info, "{\"file\": ");
            rf_cli_json_str(info, paths[0]);
            fprintf(info, ", \"kind\": \"graph\", \"output\": %ld, \"lo\": ", output);
            rf_cli_json_q(info, lo);
            fprintf(info, ", \"hi\": ");
            rf_cli_json_q(info, hi);
            fprintf(info, ", \"regions\": %ld, \"breakpoints\": [", (long) G->stats.regions);
            for (k = 0, i = 0; k < G->npts; k++)
                if (G->bend[k]) {
                    fprintf(info, i++ ? ", " : "");
                    rf_cli_json_q(info, G->t + k);
                }
            fprintf(info, "]}\n");
        }
        if (r == RF_OK && !c.json) {
            fprintf(info, "%s: output %ld over [", paths[0], output);
            fmpq_fprint(info, lo);
            fprintf(info, ", ");
            fmpq_fprint(info, hi);
            fprintf(info, "]: %ld breakpoint(s), %ld activation region(s) (%.2f s); breakpoints:",
                    (long) G->nbends, (long) G->stats.regions,
                    (double) (clock() - t0) / CLOCKS_PER_SEC);
            for (k = 0; k < G->npts; k++)
                if (G->bend[k]) {
                    fputc(' ', info);
                    fmpq_fprint(info, G->t + k);
                }
            fputc('\n', info);
        }
        if (r == RF_OK && rf_cli_out_open(&o, outp) == 0) {
            r = rf_draw_graph_write(o.f, G, paths[0], fmt, err);
            if (r)
                rf_err_fprint(stderr, err);
            if (rf_cli_out_close(&o, r == RF_OK) == 0 && r == RF_OK)
                ret = RF_EXIT_OK;
        }
        rf_draw_graph_clear(G);
    } else {
        rf_sys_t sys;
        rf_draw_slice_t S;
        fmpq *at;
        const char *cm = params ? strchr(params, ',') : NULL;
        char *pn = NULL;
        slong np = rf_net_num_params(net[0]), v, ci;
        if (cm == NULL) {
            rf_cli_usage_error("draw", "--params takes two names P,Q (e.g. W1_1_1,b1_1)");
            goto out;
        }
        pn = flint_malloc(cm - params + 1);
        memcpy(pn, params, cm - params);
        pn[cm - params] = 0;
        rf_sys_init(sys, 0, NULL, NULL);
        rf_draw_slice_init(S);
        if (rf_decide_fiber(sys, net[0], err)) {
            fprintf(stderr, "%s: error: %s\n", paths[0], err->msg);
            goto out_slice;
        }
        /* the network's parameter, in the system's variable order */
        at = _fmpq_vec_init(FLINT_MAX(sys->nvars, 1));
        {
            fmpq *theta = _fmpq_vec_init(np);
            char name[64];
            rf_net_get_params(theta, net[0]);
            for (k = 0; k < np; k++) {
                rf_net_param_name(name, sizeof(name), net[0], k);
                v = rf_sys_var_index(sys, name);
                if (v >= 0)
                    fmpq_set(at + v, theta + k);
            }
            _fmpq_vec_clear(theta, np);
        }
        for (k = 0; k < 2; k++) {
            const char *nm = k ? cm + 1 : pn;
            v = rf_sys_var_index(sys, nm);
            if (v < 0 || sys->kinds[v] != RF_SYS_VAR_PARAM) {
                fprintf(stderr, "%s: error: unknown parameter name '%s' in --params (the "
                        "parameters are W<l>_<i>_<j> and b<l>_<i>; see 'relufiber info %s')\n",
                        paths[0], nm, paths[0]);
                goto out_at;
            }
            fmpq_set_si(lo + k, -2, 1);
            fmpq_set_si(hi + k, 2, 1);
            fmpq_add(lo + k, lo + k, at + v);
            fmpq_add(hi + k, hi + k, at + v);
        }
        if (window != NULL && rf_cli_parse_box(lo, hi, 2, window, "draw"))
            goto out_at;
        ci = comp - 1;
        if (comp == 0) {
            /* the first component whose slice contains theta */
            for (ci = 0; ci < sys->ncomp; ci++) {
                r = rf_draw_slice(S, sys, ci, at, pn, cm + 1, lo, hi, 2, err);
                if (r == RF_OK && S->theta_in)
                    break;
                r = RF_OK;
            }
            if (ci == sys->ncomp)
                ci = 0;
        }
        t0 = clock();
        r = rf_draw_slice(S, sys, ci, at, pn, cm + 1, lo, hi, grid, err);
        if (r) {
            fprintf(stderr, "%s: error: %s\n", paths[0], err->msg);
            goto out_at;
        }
        if (c.json) {
            static const char *shapes[4] = {"empty", "region", "curve", "point"};
            fprintf(info, "{\"file\": ");
            rf_cli_json_str(info, paths[0]);
            fprintf(info, ", \"kind\": \"slice\", \"component\": %ld, \"components\": %ld, "
                    "\"name\": ", (long) (ci + 1), (long) sys->ncomp);
            rf_cli_json_str(info, S->comp_name);
            fprintf(info, ", \"dimension\": %ld, \"params\": [", (long) S->comp_dim);
            rf_cli_json_str(info, pn);
            fprintf(info, ", ");
            rf_cli_json_str(info, cm + 1);
            fprintf(info, "], \"shape\": \"%s\", \"exact\": %s, \"theta_in\": %s}\n",
                    shapes[S->kind], S->exact ? "true" : "false", S->theta_in ? "true" : "false");
        } else
        fprintf(info, "%s: slice of fiber component %ld of %ld (%s, dimension %ld) in (%s, %s): "
                "%s, %s (%.2f s)\n", paths[0], (long) (ci + 1), (long) sys->ncomp, S->comp_name,
                (long) S->comp_dim, pn, cm + 1,
                S->kind == RF_DRAW_SLICE_EMPTY ? "empty" : S->kind == RF_DRAW_SLICE_REGION
                ? "a region" : S->kind == RF_DRAW_SLICE_CURVE ? "a curve" : "a point",
                S->exact ? "exact" : "sampled with exact evaluation",
                (double) (clock() - t0) / CLOCKS_PER_SEC);
        if (S->undecided > 0 && !c.json)
            fprintf(info, "%s: %ld sample(s) undecided (an auxiliary variable not determined "
                    "there), drawn as outside\n", paths[0], (long) S->undecided);
        if (rf_cli_out_open(&o, outp) == 0) {
            r = rf_draw_slice_write(o.f, S, paths[0], fmt, err);
            if (r)
                rf_err_fprint(stderr, err);
            if (rf_cli_out_close(&o, r == RF_OK) == 0 && r == RF_OK)
                ret = RF_EXIT_OK;
        }
out_at:
        _fmpq_vec_clear(at, FLINT_MAX(sys->nvars, 1));
out_slice:
        rf_draw_slice_clear(S);
        rf_sys_clear(sys);
        flint_free(pn);
    }
out:
    for (k = 0; k < 2; k++) {
        fmpq_clear(lo + k);
        fmpq_clear(hi + k);
    }
    for (k = 0; k < npaths; k++)
        rf_net_clear(net[k]);
    rf_err_clear(err);
    return ret;
}
