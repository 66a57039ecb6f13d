/* relufiber fdim: exact (batch and true) functional dimension with
 * certificates, and the hidden-symmetry mechanisms with exact witnesses. */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <flint/fmpq_vec.h>
#include "cli.h"
#include "relufiber/fdim.h"

#define RF_FDIM_CLI_MAX_TRUE_POINTS 10000000

static const char help[] =
    "usage: relufiber fdim [OPTIONS] NET\n"
    "Exact functional dimension of NET: the rank over Q of the Jacobian of the\n"
    "parameters -> outputs map. The upper bound is D - H (parameters minus\n"
    "hidden neurons: positive rescalings); rank < D - H means the Jacobian has\n"
    "D - H - rank first-order deformations that are not rescalings (hidden\n"
    "symmetries). Certificates: 'sandwich' = rank mod p reaches\n"
    "min(row bound, D - H) (row bound: nd * min(#points, n0 + 1) per region),\n"
    "so it is exact; 'structural-kernel' = D - rank independent kernel\n"
    "vectors known in closed form (zero columns, neuron-class deformations); 'kernel' = D - rank exact kernel vectors lifted from mod p and\n"
    "verified against every row; 'exact-rank' = integer rank over Z;\n"
    "'lower-bound-only' = too large to certify.\n"
    "Options:\n"
    "  --points FILE      batch FD at the points of FILE (one point per line,\n"
    "                     n0 rationals separated by commas or blanks; '#'\n"
    "                     comments)\n"
    "  --random N         batch FD at N random rational points (several scales\n"
    "                     and far-out directions)\n"
    "  --seed S           seed of --random (default 1)\n"
    "  --true             true FD: one pattern block per activation region,\n"
    "                     regions found by exact search (1-D sweep / exact LP);\n"
    "                     default when no points are given. With points: also\n"
    "                     compares the regions the points hit with all regions\n"
    "  --box LO:HI        the open box LO < x < HI (LO, HI comma-separated\n"
    "                     vectors, or 'nnet': the input ranges of an NNet\n"
    "                     file): --random draws its points there, --true\n"
    "                     restricts the regions to it\n"
    "  --cap N            at most N exact LPs in the region search\n"
    "                     (default 50000)\n"
    "  --all-regions      no early stop: neither the random batches nor the\n"
    "                     region search stop when the rank reaches D - H\n"
    "  --true-points N    true FD: first try random batches of doubling size,\n"
    "                     up to N points (default 8 (D - H) / outputs + 64); a\n"
    "                     batch whose rank reaches D - H settles FD = D - H\n"
    "                     exactly (batch FD <= FD <= D - H) without any region\n"
    "                     search; 0 skips this step\n"
    "  --no-mechanisms    do not list hidden-symmetry mechanisms\n"
    "  --kernel           print the verified kernel vectors (when the\n"
    "                     certificate provides them): first-order deformations,\n"
    "                     named by parameter\n"
    "  --prime-bits B     size of every random prime (default 60)\n"
    "  --threads T        threads generating the Jacobian rows (POSIX threads\n"
    "                     over point ranges; same result for every T) and FLINT\n"
    "                     threads for the modular rank (default 1)\n";

static const char help_exit[] =
    "Exit status: 0 done, 2 usage or input error (e.g. a point on a bent\n"
    "hyperplane).\n";

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* complete = 0: the rows come from an incomplete region search (cap hit),
 * so an exact rank of those rows is only a lower bound for the true FD and
 * must not be labelled "(exact)". */
static void print_rank_text(const rf_fdim_rank_t r, const char *what, int complete)
{
    if (complete && r->nitems == 0 && strstr(what, "true")) {
        /* no region with an admissible point: the Jacobian is defined
         * nowhere, so there is no rank to report (not "0 (exact)") */
        printf("%s: undefined (no full-dimensional region has an admissible input)\n", what);
        return;
    }
    printf("%s: %ld%s (%ld rows from %ld %s)\n", what, (long) r->rank,
           !complete ? " (certified lower bound: exact rank of the regions found, search incomplete)" :
           r->exact ? " (exact)" : " (certified lower bound)", (long) r->nrows,
           (long) r->nitems, strstr(what, "true") ? "regions" : "points");
    printf("  certificate: %s", rf_fdim_cert_name(r->cert));
    switch (r->cert) {
    case RF_FDIM_CERT_SANDWICH:
        printf(": rank mod p = %ld = min(row bound, D - H) (p = %lu)\n", (long) r->rank,
               (unsigned long) r->prime);
        break;
    case RF_FDIM_CERT_KERNEL:
        printf(": rank mod p = %ld (p = %lu) and %ld exact kernel vectors verified "
               "(lifted with %ld primes)\n", (long) r->rank, (unsigned long) r->prime,
               (long) r->kernel_dim, (long) r->nprimes);
        break;
    case RF_FDIM_CERT_EXACT:
        printf(": integer rank over Z\n");
        break;
    case RF_FDIM_CERT_STRUCTURAL:
        printf(": rank mod p = %ld (p = %lu) on the reduced columns and %ld independent kernel "
               "vectors in closed form (exactly zero columns, neuron-class deformations)\n", (long) r->rank,
               (unsigned long) r->prime, (long) r->kernel_dim);
        break;
    default:
        printf(": rank mod p (p = %lu); %s\n", (unsigned long) r->prime, r->note);
    }
    if (!r->exact)
        printf("  certified interval: %ld <= rank <= %ld (upper: min of D - H, row bound %ld, "
               "D - structural kernel %ld)\n", (long) r->rank, (long) r->upper,
               (long) r->row_bound, (long) (r->D - r->struct_dim));
    printf("  deficit D - H - rank %s %ld%s\n", complete && r->exact ? "=" : "<=", (long) (r->bound - r->rank),
           r->rank == r->bound ? " (full: no first-order hidden symmetries here)" : "");
    printf("  time: patterns %.3f s, rank %.3f s, certificate %.3f s\n",
           r->t_patterns, r->t_rank, r->t_cert);
}

/* Kernel vectors with their nonzero entries named (text mode). */
static void print_kernel(const rf_net_t net, const rf_fdim_rank_t r)
{
    slong k, j, shown;
    char name[64];
    if (r->kernel->c == 0 || (r->cert != RF_FDIM_CERT_KERNEL && r->cert != RF_FDIM_CERT_STRUCTURAL))
        return;
    printf("  kernel basis (%ld vectors, verified exactly; their span contains the %ld rescaling directions):\n",
           (long) r->kernel->c, (long) r->H);
    for (k = 0; k < r->kernel->c && k < 40; k++) {
        printf("    v%ld:", (long) (k + 1));
        for (j = 0, shown = 0; j < r->kernel->r; j++) {
            const fmpq *e = fmpq_mat_entry(r->kernel, j, k);
            if (fmpq_is_zero(e))
                continue;
            if (shown++ == 12) {
                printf(" ...");
                break;
            }
            rf_net_param_name(name, sizeof name, net, j);
            printf(" %s:", name);
            fmpq_print(e);
        }
        printf("\n");
    }
    if (r->kernel->c > 40)
        printf("    ... (%ld more)\n", (long) (r->kernel->c - 40));
}

static void print_rank_json(const rf_fdim_rank_t r)
{
    printf("{\"rank\": %ld, \"exact\": %s, \"certificate\": \"%s\", \"prime\": \"%lu\", "
           "\"rows\": %ld, \"items\": %ld, \"deficit\": %ld, \"kernel_dim\": %ld, \"upper\": %ld, "
           "\"row_bound\": %ld, \"structural_kernel\": %ld, "
           "\"time_rank\": %.6f, \"time_certificate\": %.6f, \"time_patterns\": %.6f}",
           (long) r->rank, r->exact ? "true" : "false", rf_fdim_cert_name(r->cert),
           (unsigned long) r->prime, (long) r->nrows, (long) r->nitems,
           (long) (r->bound - r->rank), (long) r->kernel_dim, (long) r->upper,
           (long) r->row_bound, (long) r->struct_dim, r->t_rank, r->t_cert,
           r->t_patterns);
}

/* Number of distinct regions (patterns) hit by a point set. */
static slong distinct_patterns(const rf_fdim_set_t s)
{
    slong i, j, n = 0;
    for (i = 0; i < s->n; i++) {
        for (j = 0; j < i; j++)
            if (memcmp(s->pat + i * s->nh, s->pat + j * s->nh, s->nh * sizeof(int)) == 0)
                break;
        n += (j == i);
    }
    return n;
}

int rf_cmd_fdim(int argc, char **argv)
{
    rf_cli_common_t c;
    const char *path = NULL, *pfile = NULL, *box = NULL;
    slong nrand = -1, cap = 0, true_pts = -1;
    int settled = 0;
    ulong seed = 1;
    int want_true = 0, mechs = 1, show_kernel = 0, all_regions = 0, bits = 60, threads = 1, i, ret = RF_EXIT_OK;
    rf_net_t net;
    rf_err_t err;
    flint_rand_t st;
    fmpq *pts = NULL, *lo = NULL, *hi = NULL;
    slong npts = 0, n0, D, H;
    rf_fdim_opts_t o;
    rf_fdim_rank_t rb, rt, rs;
    rf_fdim_regions_t R;
    rf_fdim_set_t ps;
    int have_batch = 0, have_true = 0;
    rf_fdim_mech_list_t ml;

    rf_cli_common_init(&c);
    for (i = 1; i < argc; i++) {
        int r;
        const char *a = argv[i];
        r = rf_cli_std_option(&c, argc, argv, &i, help, help_exit);
        if (r == RF_CLI_OPT_TAKEN)
            continue;
        if (r != RF_CLI_OPT_OWN)
            return r;
        if (!strcmp(a, "--true")) {
            want_true = 1;
        } else if (!strcmp(a, "--all-regions")) {
            all_regions = 1;
        } else if (!strcmp(a, "--kernel")) {
            show_kernel = 1;
        } else if (!strcmp(a, "--no-mechanisms")) {
            mechs = 0;
        } else if (!strcmp(a, "--points") || !strcmp(a, "--random") || !strcmp(a, "--seed") ||
                   !strcmp(a, "--box") || !strcmp(a, "--cap") || !strcmp(a, "--prime-bits") ||
                   !strcmp(a, "--threads") || !strcmp(a, "--true-points")) {
            char *e;
            long v;
            if (i + 1 >= argc)
                return rf_cli_usage_error("fdim", "%s needs a value", a);
            i++;
            if (!strcmp(a, "--points")) {
                pfile = argv[i];
                continue;
            }
            if (!strcmp(a, "--box")) {
                box = argv[i];
                continue;
            }
            errno = 0;
            v = strtol(argv[i], &e, 10);
            if (*e || e == argv[i] || errno == ERANGE || v < 0 || (v == 0 && strcmp(a, "--seed") && strcmp(a, "--true-points")))
                return rf_cli_usage_error("fdim", "%s needs a positive integer, not '%s'", a, argv[i]);
            if (!strcmp(a, "--random"))
                nrand = v;
            else if (!strcmp(a, "--seed"))
                seed = (ulong) v;
            else if (!strcmp(a, "--cap"))
                cap = v;
            else if (!strcmp(a, "--true-points"))
                true_pts = FLINT_MIN(v, RF_FDIM_CLI_MAX_TRUE_POINTS);
            else if (!strcmp(a, "--prime-bits")) {
                if (v < 20 || v > FLINT_BITS - 1)
                    return rf_cli_usage_error("fdim", "--prime-bits must be in [20, %d]", FLINT_BITS - 1);
                bits = (int) v;
            } else
                threads = (int) FLINT_MIN(v, 64);
        } else if (a[0] == '-' && a[1] != 0) {
            return rf_cli_usage_error("fdim", "unknown option '%s'", a);
        } else if (path == NULL) {
            path = a;
        } else {
            return rf_cli_usage_error("fdim", "only one network file expected");
        }
    }
    if (path == NULL)
        return rf_cli_usage_error("fdim", "need a network file");
    if (pfile && nrand >= 0)
        return rf_cli_usage_error("fdim", "--points and --random exclude each other");
    if (!pfile && nrand < 0)
        want_true = 1;
    if (rf_cli_load_new(net, path, &c))
        return RF_EXIT_ERROR;
    flint_set_num_threads(threads);
    n0 = rf_net_in_dim(net);
    D = rf_net_num_params(net);
    H = rf_net_num_hidden(net);
    rf_err_init(err);
    flint_randinit(st);
    rf_cli_randseed(st, seed);
    rf_fdim_opts_init(o);
    o->prime_bits = bits;
    o->want_kernel = show_kernel;
    o->threads = threads;
    if (bits != 60)
        o->rank_bits = bits;
    rf_fdim_rank_init(rb);
    rf_fdim_rank_init(rt);
    rf_fdim_rank_init(rs);
    rf_fdim_regions_init(R, net);
    rf_fdim_set_init(ps, net, 0);
    rf_fdim_mech_list_init(ml);
    if (box) {
        lo = _fmpq_vec_init(n0);
        hi = _fmpq_vec_init(n0);
        if (rf_cli_parse_box_net(lo, hi, n0, box, "fdim", path, &c)) {
            ret = RF_EXIT_ERROR;
            goto done;
        }
    }
    if (rf_cli_load_points(&pts, &npts, pfile, nrand, net, st, err)) {
        ret = RF_EXIT_ERROR;
        goto done;
    }
    if (pts && nrand >= 0 && lo != NULL)
        rf_fdim_random_points_box(pts, npts, net, lo, hi, st);
    if (pts) {
        double t0 = wall();
        if (rf_fdim_set_add_points(ps, net, pts, npts, err)) {
            long fl = pfile ? rf_cli_points_file_line(pfile, err->line) : 0;
            if (fl > 0)
                fprintf(stderr, "relufiber fdim: %s:%ld: %s\n", pfile, fl, err->msg);
            else
                fprintf(stderr, "relufiber fdim: %s\n", err->msg);
            ret = RF_EXIT_ERROR;
            goto done;
        }
        t0 = wall() - t0;
        rf_fdim_rank(rb, net, ps, o, st);
        rb->t_patterns = t0;
        have_batch = 1;
    }
    if (want_true && !all_regions && pts == NULL) {
        slong nd = rf_net_out_dim(net);
        if (true_pts < 0)
            true_pts = FLINT_MIN(RF_FDIM_CLI_MAX_TRUE_POINTS, 8 * (D - H) / FLINT_MAX(nd, 1) + 64);
        if (true_pts > 0 && D - H > 0)
            settled = rf_fdim_true_random(rt, net, lo, hi, true_pts, o, st);
        if (settled)
            have_true = 1;
    }
    if (want_true && !settled) {
        int r = all_regions ? rf_fdim_regions(R, net, lo, hi, cap, err)
                            : rf_fdim_true_search(rt, R, net, lo, hi, cap, o, st, err);
        if (r) {
            fprintf(stderr, "relufiber fdim: %s\n", err->msg);
            ret = RF_EXIT_ERROR;
            goto done;
        }
        if (all_regions)
            rf_fdim_true(rt, net, R, o, st);
        if (R->nzero > 0)
            rf_fdim_true_strict(rs, net, R, o, st);
        have_true = 1;
    }
    if (mechs)
        rf_fdim_mechanisms(ml, net, (have_true && !settled && lo == NULL) ? R : NULL);

    if (c.json) {
        slong k;
        printf("{\"D\": %ld, \"H\": %ld, \"bound\": %ld", (long) D, (long) H, (long) (D - H));
        if (have_batch) {
            printf(", \"batch\": ");
            print_rank_json(rb);
            printf(", \"points\": %ld, \"regions_hit\": %ld", (long) npts,
                   (long) distinct_patterns(ps));
        }
        if (settled) {
            printf(", \"true\": ");
            print_rank_json(rt);
            printf(", \"true_fd_exact\": true, \"true_method\": \"random batch reached D - H\"");
        } else if (have_true) {
            printf(", \"true\": ");
            print_rank_json(rt);
            printf(", \"regions\": %ld, \"regions_complete\": %s, \"lps\": %ld",
                   (long) R->set->n, R->complete ? "true" : "false", (long) R->nlp);
            printf(", \"regions_stopped_early\": %s", R->stopped ? "true" : "false");
            printf(", \"true_fd_exact\": %s",
                   (rt->exact && (R->complete || rt->rank == rt->bound)) ? "true" : "false");
            printf(", \"regions_zero\": %ld, \"convention\": \"relu'(0) = 0\"", (long) R->nzero);
            if (R->nzero > 0 && rs->nitems > 0) {
                printf(", \"true_strict\": ");
                print_rank_json(rs);
                printf(", \"true_strict_exact\": %s",
                       (rs->exact && (R->complete || rs->rank == rs->bound)) ? "true" : "false");
            } else if (R->nzero > 0) {
                printf(", \"true_strict\": null, \"true_strict_exact\": %s",
                       R->complete ? "true" : "false");
            }
        }
        if (mechs) {
            printf(", \"mechanisms\": [");
            for (k = 0; k < ml->n; k++) {
                printf("%s{\"kind\": \"%s\", \"layer\": %ld", k ? ", " : "",
                       rf_fdim_mech_name(ml->m[k].kind), (long) ml->m[k].layer);
                if (ml->m[k].i >= 0)
                    printf(", \"neuron\": %ld", (long) (ml->m[k].i + 1));
                if (ml->m[k].region >= 0)
                    printf(", \"region\": %ld", (long) (ml->m[k].region + 1));
                if (ml->m[k].j >= 0)
                    printf(", \"partner\": %ld", (long) (ml->m[k].j + 1));
                printf(", \"witness\": ");
                rf_cli_json_str(stdout, ml->m[k].witness);
                printf("}");
            }
            printf("]");
        }
        printf("}\n");
    } else {
        slong k;
        printf("network: arch");
        for (k = 0; k <= net->L; k++)
            printf(" %ld", (long) net->dims[k]);
        printf(", D = %ld parameters, H = %ld hidden neurons, bound D - H = %ld\n",
               (long) D, (long) H, (long) (D - H));
        if (have_batch) {
            print_rank_text(rb, "batch functional dimension", 1);
            printf("  the %ld points hit %ld activation regions\n", (long) npts,
                   (long) distinct_patterns(ps));
            if (show_kernel)
                print_kernel(net, rb);
            if (rb->rank == rb->bound)
                printf("  hidden symmetries at these points: none (rank = D - H)\n");
            else
                printf("  hidden symmetries at these points: rank < D - H%s\n",
                       rb->exact ? "" : " (not certified)");
        }
        if (settled) {
            printf("true functional dimension: %ld (exact) = D - H\n", (long) rt->rank);
            printf("  certificate: a batch of %ld random points%s has rank mod p = %ld = D - H "
                   "(p = %lu), and batch FD <= true FD <= D - H; no region search needed\n",
                   (long) rt->nitems, lo ? " in the box" : "", (long) rt->rank,
                   (unsigned long) rt->prime);
            printf("  time: points %.3f s, rank %.3f s\n", rt->t_patterns, rt->t_rank);
            printf("  full functional dimension: no continuous hidden symmetries near theta\n");
        } else if (have_true) {
            print_rank_text(rt, "true functional dimension",
                            R->complete || (rt->exact && rt->rank == rt->bound));
            if (show_kernel)
                print_kernel(net, rt);
            printf("  regions: %ld found by exact search%s (%ld LPs)%s\n", (long) R->set->n,
                   R->complete ? ", complete" : R->stopped ?
                   ", search stopped early: the rank reached D - H, so FD = D - H exactly "
                   "(--all-regions to list them all)" :
                   ", INCOMPLETE (cap reached): lower bound only",
                   (long) R->nlp, lo ? " inside the box" : "");
            if (R->nzero > 0) {
                printf("  convention: %ld of the %ld regions have a hidden pre-activation identically "
                       "zero; there theta -> F_theta(x) is not differentiable and the Jacobian is "
                       "taken with relu'(0) = 0 (the neuron counts as inactive)\n",
                       (long) R->nzero, (long) R->set->n);
                if (rs->nitems == 0 && R->complete)
                    printf("  strict definition (parametrically smooth inputs only): undefined "
                           "(every region has an identically-zero pre-activation)\n");
                else if (rs->nitems == 0)
                    printf("  strict definition (parametrically smooth inputs only): not determined "
                           "(search incomplete)\n");
                else
                    printf("  strict definition (parametrically smooth inputs only): %ld%s\n",
                           (long) rs->rank, (rs->exact && (R->complete || rs->rank == rs->bound)) ?
                           " (exact)" : " (certified lower bound)");
            }
            if (have_batch)
                printf("  sampling: the points hit %ld of %s%ld regions\n",
                       (long) distinct_patterns(ps), R->complete ? "" : "at least ",
                       (long) R->set->n);
            if (R->set->n == 0)
                printf("  no admissible input exists: some hidden pre-activation vanishes "
                       "identically%s, so no Jacobian row is defined\n", lo ? " on the box" : "");
            else if (rt->exact && (R->complete || rt->rank == rt->bound))
                printf("  %s\n", rt->rank == rt->bound ?
                       "full functional dimension: no continuous hidden symmetries near theta" :
                       "functional dimension below D - H: the Jacobian kernel exceeds the rescalings");
        }
        if (mechs) {
            printf("mechanisms of hidden symmetries%s:%s\n", have_true && !settled && lo == NULL ? "" : " (parameter-sign tests only; "
                   "use --true without --box for region-based ones)", ml->n ? "" : " none found");
            for (k = 0; k < ml->n; k++) {
                printf("  %s%s", rf_fdim_mech_name(ml->m[k].kind),
                       (ml->m[k].kind == RF_FDIM_MECH_COLLAPSE || ml->m[k].kind == RF_FDIM_MECH_RESTRICTED ||
                        ml->m[k].kind == RF_FDIM_MECH_HIDDEN_BEND) ?
                       " (condition)" : "");
                if (ml->m[k].i >= 0)
                    printf(" neuron %ld of layer %ld", (long) (ml->m[k].i + 1), (long) ml->m[k].layer);
                else
                    printf(" layer %ld", (long) ml->m[k].layer);
                if (ml->m[k].j >= 0)
                    printf(ml->m[k].kind == RF_FDIM_MECH_UNUSED_WEIGHT ? " (from neuron %ld of layer %ld)"
                           : " (with neuron %ld of layer %ld)", (long) (ml->m[k].j + 1),
                           (long) (ml->m[k].layer - (ml->m[k].kind == RF_FDIM_MECH_UNUSED_WEIGHT)));
                printf(": %s\n", ml->m[k].witness);
            }
        }
    }
done:
    rf_fdim_mech_list_clear(ml);
    rf_fdim_set_clear(ps);
    rf_fdim_regions_clear(R);
    rf_fdim_rank_clear(rb);
    rf_fdim_rank_clear(rt);
    rf_fdim_rank_clear(rs);
    if (pts)
        _fmpq_vec_clear(pts, FLINT_MAX(npts, 1) * n0);
    if (lo) {
        _fmpq_vec_clear(lo, n0);
        _fmpq_vec_clear(hi, n0);
    }
    flint_randclear(st);
    rf_err_clear(err);
    rf_net_clear(net);
    return ret;
}
