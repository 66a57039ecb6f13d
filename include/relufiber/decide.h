/* relufiber decide/: functional equivalence and fibers, dispatched by
 * architecture, and the complete exact decision by region enumeration.
 *
 * Theorem (completeness of the dispatch). rf_decide_equiv answers YES only
 * with a symmetry certificate or a complete region list, NO only with a
 * rational input x where the exact outputs differ, both re-checked exactly:
 *   - one hidden layer: the canonical minimal form (docs/shallow.md);
 *   - three layers with a bottleneck first layer: the polynomial-time
 *     procedure (docs/three_layer.md), which declines (RF_ERR_UNSUPPORTED)
 *     whenever it cannot certify;
 *   - everything else, and every declined case: the enumeration of the
 *     full-dimensional regions of the joint activation arrangement (cells.h),
 *     on each of which both networks are affine maps compared exactly
 *     (docs/exhaustive.md). This is exponential in the worst case, which is
 *     unavoidable unless P = NP (docs/hardness.md).
 *
 * Reference manual: docs/api/decide.md.
 */
#ifndef RELUFIBER_DECIDE_H
#define RELUFIBER_DECIDE_H

#include <stdio.h>
#include <flint/fmpz.h>
#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/system.h"
#include "relufiber/equiv.h"
#include "relufiber/cells.h"
#include "relufiber/sym.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- dispatch ---------------------------------------------------------- */

/* Decide whether A and B realize the same function R^d0 -> R^dL; res must
 * be initialised (rf_equiv_init) and is overwritten. Returns RF_OK, or
 * RF_ERR_INPUT (different input/output dimensions) in err. */
int rf_decide_equiv(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err);
/* The same with a cap on the complete exact fallback: with max_regions > 0
 * the cell enumeration stops after that many joint activation regions and
 * the verdict is RF_EQUIV_UNKNOWN with a reason (0 = no cap, as
 * rf_decide_equiv). The shallow and three-layer procedures are not capped. */
int rf_decide_equiv_opts(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         slong max_regions, rf_err_t err);

/* The fiber of the function realized by net, in the parameter space of its
 * architecture, as a constraint system: dispatches to the shallow builder
 * (one hidden layer) or the three-layer bottleneck builder. Returns
 * RF_ERR_UNSUPPORTED with a reason for other architectures or non-generic
 * three-layer parameters. sys must be initialised by the caller (e.g.
 * rf_sys_init(sys, 0, NULL, NULL)); on RF_OK it is replaced, on an error
 * left unchanged; the caller clears it in both cases. */
int rf_decide_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err);

/* ---- complete fiber description (docs/complete_fiber.md) ---------------- *
 *
 * Theorem (complete fiber). Let f = f_theta with the open regions R_k
 * (affine maps (A_k, c_k), closures covering R^d0) of its exact region map.
 * For theta' of the same architecture and a ternary pattern s (each hidden
 * neuron +, - or 0), let z^s_j(theta'; x) be the pre-activation of neuron j
 * computed with the neurons of earlier layers active (+) or silent (-, 0):
 * affine in x, coefficients polynomial in theta'. Z_s(theta'): every
 * coefficient of z^s_j vanishes for the neurons j marked 0; C_s(theta') =
 * {x : s_j z^s_j(theta'; x) > 0 for j marked +-}; M_s(theta') the affine
 * map of the network with that pattern. Then f_theta' = f iff for every k
 * and s: Z_s(theta') and R_k meets C_s(theta') imply M_s(theta') =
 * (A_k, c_k). No genericity is assumed; any depth. */

/* Default cap on the number of clauses (regions x 3^H). */
#define RF_DECIDE_COMPLETE_CAP 200000

typedef struct {
    rf_net_t net;            /* theta (a copy) */
    rf_sym_ctx_t ctx;        /* parameters W<l>_<i>_<j>, b<l>_<i>, inputs x_<j> */
    slong d0, dL, H;         /* input, output, hidden widths */
    slong nregions;
    int *rpat;               /* nregions x H: the regions' patterns (+1, -1, 0) */
    fmpq *rpoint;            /* nregions x d0: interior points */
    fmpq_mat_struct *rcons;  /* nregions: strict rows (x, 1) > 0 of R_k */
    fmpq_mat_struct *rmap;   /* nregions: dL x (d0 + 1), (A_k | c_k) */
    slong *rgroup;           /* nregions: index of the first region with the
                                same affine map (regions grouped by map) */
    slong ngroups;           /* number of distinct affine maps */
    slong npatterns;         /* 3^H */
    int *spat;               /* npatterns x H: +1, -1, 0, layer-major */
    fmpq_mpoly_struct *pre;  /* npatterns x H x (d0 + 1): coefficients of
                                z^s_j (x_1 .. x_d0, constant), in theta' */
    fmpq_mpoly_struct *map;  /* npatterns x dL x (d0 + 1): M_s(theta') */
    slong nclauses;          /* nregions x npatterns */
    slong lps;               /* LPs of the region enumeration */
} rf_decide_complete_struct;
typedef rf_decide_complete_struct rf_decide_complete_t[1];

void rf_decide_complete_init(rf_decide_complete_t C);
void rf_decide_complete_clear(rf_decide_complete_t C);

/* Build the complete description of the fiber of f_net (any depth, any
 * parameter). cap bounds the number of clauses regions x 3^H (0: the
 * default RF_DECIDE_COMPLETE_CAP): beyond it, RF_ERR_UNSUPPORTED with the
 * message "too large for --complete: N clauses, cap C" (N is a lower bound
 * when the region count was not reached). Returns RF_OK, or
 * RF_ERR_UNSUPPORTED (cap), RF_ERR_INTERNAL (an LP certificate failed). */
int rf_decide_complete(rf_decide_complete_t C, const rf_net_t net, slong cap,
                       rf_err_t err);

/* Exact membership of a rational point: *member = 1 iff theta' (net2, the
 * same architecture) satisfies every clause, each "exists x in R_k cap
 * C_s(theta')" decided by an exact certified LP (cells.h). On *member = 0,
 * *k, *s (may be NULL) name a violated clause and x (d0 entries, may be NULL)
 * a point of R_k cap C_s(theta') where the maps differ. Returns RF_OK,
 * RF_ERR_INPUT (architecture mismatch) or RF_ERR_INTERNAL. */
int rf_decide_complete_member(int *member, slong *k, slong *s, fmpq *x,
                              const rf_decide_complete_t C, const rf_net_t net2,
                              rf_err_t err);

/* Writers: text (the theorem in one line, the regions with exact maps, the
 * patterns with Z_s, C_s and M_s as polynomials, counts), JSON (the same),
 * SMT-LIB 2 (a script declaring every parameter as a constant and asserting
 * the membership predicate, "forall x" over the input; append assertions
 * of values and (check-sat): sat iff the point is in the fiber). Return
 * RF_OK or RF_ERR_IO. */
int rf_decide_complete_fprint(FILE *out, const rf_decide_complete_t C, rf_err_t err);
int rf_decide_complete_fprint_json(FILE *out, const rf_decide_complete_t C, rf_err_t err);
int rf_decide_complete_fprint_smt2(FILE *out, const rf_decide_complete_t C, rf_err_t err);

/* ---- orbit summaries (docs/orbits.md) ----------------------------------- */

/* One component type of the fiber: the builder's component name with the
 * bracketed detail removed ("kinks", "flip", ...), how many components
 * carry it and their largest stated dimension (-1: not stated). */
typedef struct {
    char *name;
    slong count;
    slong maxdim;
} rf_decide_orbits_type_struct;

/* Caps of the summary: the neuromanifold search tries at most
 * RF_DECIDE_ORBITS_NM_TRIES random rational parameters; the Lie-algebra
 * lower bound uses at most RF_DECIDE_ORBITS_LIE_GENS generating fields
 * (brackets of all their pairs); random checks of the orbit map. */
#define RF_DECIDE_ORBITS_NM_TRIES 8
#define RF_DECIDE_ORBITS_LIE_GENS 48
#define RF_DECIDE_ORBITS_CHECKS 3
/* Depth-two brackets [X, [Y, Z]] (Y, Z among the first
 * RF_DECIDE_ORBITS_LIE2_GENS generators) are tried when depth one did not
 * reach the upper bound and D <= RF_DECIDE_ORBITS_LIE2_D. */
#define RF_DECIDE_ORBITS_LIE2_GENS 10
#define RF_DECIDE_ORBITS_LIE2_D 40
/* Depth-one brackets only for D <= RF_DECIDE_ORBITS_LIE1_D; all brackets
 * stop after RF_DECIDE_ORBITS_LIE_SECONDS of CPU time (the lower bound is
 * then what was reached); the region search of each neuromanifold try
 * solves at most RF_DECIDE_ORBITS_NM_LPS LPs. */
#define RF_DECIDE_ORBITS_LIE1_D 120
#define RF_DECIDE_ORBITS_LIE_SECONDS 5.0
#define RF_DECIDE_ORBITS_NM_LPS 20000

/* Explicit parametrisation of one fiber component (item 3b): its
 * equations solved one variable at a time (x := -(rest)/(coefficient),
 * in terms of free variables and earlier definitions); equations left
 * unsolved are kept as remaining conditions. */
typedef struct {
    slong comp;       /* 0-based component index */
    int status;       /* RF_DECIDE_ORBITS_PAR_* */
    slong nfree, ndef, nresidual;
    char *text;       /* "free: ...", then one "x := ..." per line */
    slong npoint;     /* CHECKED: the system's nvars, else 0 */
    fmpq *point;      /* CHECKED: the checked point (parameters in layout
                         order, then the auxiliaries), else NULL */
} rf_decide_orbits_param_struct;

#define RF_DECIDE_ORBITS_PAR_CHECKED 1   /* a random rational choice of the free
                                            variables satisfied every constraint
                                            and was decided equivalent */
#define RF_DECIDE_ORBITS_PAR_NOPOINT 2   /* no random choice satisfied every
                                            constraint: not checked */
#define RF_DECIDE_ORBITS_PAR_MAX 24      /* components parametrised (count) */
#define RF_DECIDE_ORBITS_PAR_TRIES 64    /* random choices per component */

typedef struct {
    slong L, D, H;
    slong layer;     /* 0-based hidden layer permuted by the discrete group
                        (the last hidden layer: 0 shallow, 1 three-layer) */
    slong width;     /* its width */
    /* 1. fiber components by type */
    slong ncomp, ntypes;
    rf_decide_orbits_type_struct *types;
    int dims_stated;  /* the builder stated every component dimension */
    slong own_comp;   /* component containing theta (-1 not located) */
    slong own_dim;    /* its stated dimension (-1 not stated) */
    /* 2. the discrete group Gamma(theta) (signed permutations of the
       permuted layer fixing theta) */
    fmpz_t order;
    slong nclass;     /* classes of signed-equivalent neurons */
    slong *class_of;  /* width entries: class index per neuron */
    slong nzero;      /* neurons with zero incoming row and bias */
    slong ngens;
    slong *gen_perm;  /* ngens x width: neuron i goes to gen_perm[i] */
    fmpq *gen_lambda; /* ngens x width: its signed scale */
    int gens_checked; /* every generator applied and compared exactly */
    /* 3. the continuous family through theta: theta(t) = scalings o shifts */
    slong nshift;     /* hidden indices with a shift (three-layer) */
    slong *shift_index;
    fmpq *shift_smax; /* upper bound of each shift (if finite) */
    int *shift_finite;
    slong orbit_dim;  /* exact rank of the generators at theta */
    slong nchecks;    /* random rational choices checked */
    int checks_ok;    /* each realizes f_theta (decided, certified) */
    /* 3b. explicit parametrisation of (at most RF_DECIDE_ORBITS_PAR_MAX)
       components */
    slong npar;
    rf_decide_orbits_param_struct *par;
    /* 4. neuromanifold dimension of the architecture */
    slong nm_lower, nm_upper;
    int nm_exact;     /* nm_lower == nm_upper, certified */
    ulong nm_seed;    /* seed of the certificate parameter */
    fmpq *nm_theta;   /* the certificate parameter (D entries) */
    /* 5. conservation laws against D - dim Lie(W)(theta) */
    slong laws_listed;  /* laws of the conserve module that apply */
    slong laws;         /* exact rank of their gradients at theta */
    slong lie_lower, lie_upper; /* bounds on dim Lie(W)(theta); -1: n/a */
    slong lie_fields, lie_brackets;
    int lie_timed_out;  /* the bracket budget stopped the lower bound */
    slong formula;      /* three-layer: n1 + r + a(a+1)/2 + z(n1+1+n3); -1 */
    char note[512];
} rf_decide_orbits_struct;
typedef rf_decide_orbits_struct rf_decide_orbits_t[1];

void rf_decide_orbits_init(rf_decide_orbits_t O);
void rf_decide_orbits_clear(rf_decide_orbits_t O);

/* The orbit summary of net (shallow, or three-layer bottleneck with
 * rank W1 = n1): components by type, the discrete group with re-checked
 * generators, the continuous family through theta with random exact checks,
 * the neuromanifold dimension with its certificate, and the conservation
 * count against the Lie-algebra bounds (docs/orbits.md). seed drives every
 * random choice. Returns RF_OK, RF_ERR_UNSUPPORTED (other architectures,
 * or a fiber the builders refuse; reason in err), or RF_ERR_INTERNAL (a
 * re-check failed: a bug). */
int rf_decide_orbits(rf_decide_orbits_t O, const rf_net_t net, ulong seed,
                     rf_err_t err);

/* Only the discrete group (item 2; O's group fields, L, D, H, layer and
 * width are set): same architecture conditions and errors as
 * rf_decide_orbits. */
int rf_decide_orbits_group(rf_decide_orbits_t O, const rf_net_t net, rf_err_t err);

/* Apply generator g of O to net (out may not alias net). */
void rf_decide_orbits_apply_gen(rf_net_t out, const rf_decide_orbits_t O,
                                slong g, const rf_net_t net);

/* The member theta(t) of the continuous family: lambda (H positive scales,
 * hidden neurons layer-major) and s (O->nshift shifts, s[k] <= smax[k])
 * applied to net: first the shifts (Lemma 5.2), then the scalings. s may
 * be NULL when nshift == 0. */
void rf_decide_orbits_family(rf_net_t out, const rf_decide_orbits_t O,
                             const rf_net_t net, const fmpq *lambda,
                             const fmpq *s);

void rf_decide_orbits_fprint(FILE *out, const rf_decide_orbits_t O,
                             const rf_net_t net);
void rf_decide_orbits_fprint_json(FILE *out, const rf_decide_orbits_t O,
                                  const rf_net_t net);

/* ---- the ladder ------------------------------------------------------- */

/* Default number of random candidate points of the separating-input search,
 * and the cap on the points placed next to first-layer bent hyperplanes. */
#define RF_DECIDE_SEARCH_POINTS 256
#define RF_DECIDE_SEARCH_KINKS 512
/* Separating inputs of at most this height (bits of any numerator or
 * denominator) are returned as found; higher ones are shrunk
 * (rf_equiv_shrink). */
#define RF_DECIDE_SHORT_HEIGHT 16
/* Random points of the quick pre-test (rf_decide_search_quick). */
#define RF_DECIDE_SEARCH_QUICK 16
/* The groups of neurons touched by the difference of the canonical forms
 * that the search tries to activate (at most), the starting points per
 * group and the Newton steps per start. */
#define RF_DECIDE_SEARCH_TARGETS 32
#define RF_DECIDE_SEARCH_STARTS 3
#define RF_DECIDE_SEARCH_ITERS 40
/* The longest chain of neurons activated together (the group and its
 * downstream path to the output). */
#define RF_DECIDE_SEARCH_CHAIN 16

typedef struct {
    slong max_regions;     /* cap of the exhaustive rung (0 = none) */
    const fmpq *lo, *hi;   /* the input box lo <= x <= hi (d0 entries each,
                              borrowed), or both NULL for R^d0 */
    double time_limit;     /* seconds for the exhaustive rung; 0 = none.
                              When reached the verdict is UNKNOWN */
    int canonical;         /* 1 (default): try equal canonical forms first */
    int search;            /* 1 (default): separating-input search */
    int special;           /* 1 (default): the shallow and three-layer
                              procedures; 0: straight to the enumeration
                              (with canonical = search = 0) */
    slong search_points;   /* random points of the search (0 = default) */
    ulong seed;            /* seed of the search and the prefilter */
    /* progress of the exhaustive rung: called about once a second with a
       one-line summary (no newline); NULL = silent */
    void (*progress)(void *data, const char *line);
    void *progress_data;
    slong threads;         /* workers of the enumeration (<= 1: sequential,
                              the default); the verdict, certificate and
                              statistics do not depend on it (cells.h) */
    rf_cells_driver_struct *driver; /* optional distribution of the
                              enumeration (relufiber-mpi); NULL: local */
} rf_decide_opts_struct;
typedef rf_decide_opts_struct rf_decide_opts_t[1];

void rf_decide_opts_init(rf_decide_opts_t opts);

/* Decide f_A == f_B on R^d0 or on the box, by the ladder (docs/exhaustive.md):
 *   1. equal canonical forms (rf_canon_net of both, traces re-checked):
 *      YES, method "canonical-form";
 *   2. the separating-input search (rf_decide_search): NO, method
 *      "separating-search";
 *   3. one hidden layer: the shallow canonical form; three layers with a
 *      bottleneck: the three-layer procedure (with a box, only their YES
 *      answers and separating inputs inside the box are used);
 *   4. the exhaustive region enumeration restricted to the box, with the
 *      region cap, the time limit and progress.
 * Every verdict is certified as in rf_decide_equiv; the reason of the
 * result names the rungs that were tried. */
int rf_decide_equiv_ladder(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                           const rf_decide_opts_t opts, rf_err_t err);

typedef struct {
    slong points;       /* candidate inputs evaluated in doubles */
    slong candidates;   /* of which showed floating-point evidence */
    slong exact_evals;  /* exact evaluations of both networks */
} rf_decide_search_stats_struct;
typedef rf_decide_search_stats_struct rf_decide_search_stats_t[1];

/* Separating-input search: returns 1 and sets res to NO (a dyadic rational
 * x with f_A(x) != f_B(x), re-checked exactly) or returns 0 (nothing found:
 * proves nothing, res untouched). P, Q (may be NULL) are networks with the
 * functions of A and B, of one shape (the canonical forms), used for the
 * directional evidence; lo, hi the box or NULL; npoints random points (0:
 * RF_DECIDE_SEARCH_POINTS) plus points next to first-layer bent
 * hyperplanes; stats may be NULL and must be zeroed by the caller. */
int rf_decide_search(rf_equiv_t res, rf_decide_search_stats_t stats,
                     const rf_net_t A, const rf_net_t B,
                     const rf_net_t P, const rf_net_t Q,
                     const fmpq *lo, const fmpq *hi, slong npoints,
                     ulong seed, rf_err_t err);

/* The quick pre-test of the ladder, run before the canonical forms: npoints
 * random points of the domain (0: RF_DECIDE_SEARCH_QUICK) evaluated in
 * doubles, a float-visible difference confirmed by exact evaluation. Same
 * contract as rf_decide_search (method "separating-search"); it settles
 * unrelated networks (two training runs) without the cost of the
 * canonical forms. */
int rf_decide_search_quick(rf_equiv_t res, rf_decide_search_stats_t stats,
                           const rf_net_t A, const rf_net_t B,
                           const fmpq *lo, const fmpq *hi, slong npoints, ulong seed);

/* ---- the complete exact decision --------------------------------------- */

typedef struct {
    slong max_regions;   /* stop with UNKNOWN after this many regions; 0 = no cap */
    slong list_max;      /* list at most this many regions in the JSON
                            certificate (-1 = all, the default) */
    int prefilter;       /* 1 (default): first compare at a few random rational
                            inputs, a cheap exact way to find NO quickly */
    ulong seed;          /* seed for the prefilter points */
    const fmpq *lo, *hi; /* optional box lo < x < hi (d0 entries each,
                            borrowed; both NULL: R^d0) */
    double time_limit;   /* seconds; 0 = none. When reached: UNKNOWN */
    void (*progress)(void *data, const char *line); /* about once a second */
    void *progress_data;
    int reduce;          /* 1 (default): search in U = rowspace(W1_A) +
                            rowspace(W1_B) when dim U < d0 (both functions
                            depend on x only through its projection on U);
                            certificates are reported in the original x */
    slong threads;       /* workers of the enumeration (<= 1: sequential,
                            the default); the result does not depend on it */
    rf_cells_driver_struct *driver; /* optional distribution (MPI); NULL */
} rf_decide_exhaustive_opts_struct;
typedef rf_decide_exhaustive_opts_struct rf_decide_exhaustive_opts_t[1];

void rf_decide_exhaustive_opts_init(rf_decide_exhaustive_opts_t opts);

typedef struct {
    slong regions;       /* full-dimensional joint regions visited */
    slong lps;           /* exact LPs solved */
    slong lps_empty;     /* of which proved a side empty */
    slong pruned;        /* sides proved empty without an LP */
    slong nodes;         /* search nodes (sign choices tried) */
    slong zero_const;    /* search nodes where a neuron's pre-activation is
                            identically 0 on the cell (pattern entry 0) */
    int prefilter_hit;   /* 1 if the prefilter found the separating input */
    slong input_dim;     /* dimension of the space searched (< d0 after the
                            input reduction) */
} rf_decide_exhaustive_stats_struct;
typedef rf_decide_exhaustive_stats_struct rf_decide_exhaustive_stats_t[1];

/* All counters 0. */
void rf_decide_exhaustive_stats_init(rf_decide_exhaustive_stats_t stats);

/* Complete exact decision of f_A == f_B on R^d0, default options.
 * Returns RF_OK with res set (YES / NO; never UNKNOWN without a cap), or an
 * error: RF_ERR_INPUT (dimension mismatch), RF_ERR_INTERNAL (a certificate
 * failed its exact re-check or cddlib failed: a bug). res must have been
 * initialised with rf_equiv_init. */
int rf_decide_exhaustive(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err);

/* The same with options and statistics (stats may be NULL). With a cap
 * exceeded the verdict is UNKNOWN with a reason. */
int rf_decide_exhaustive_opts(rf_equiv_t res, rf_decide_exhaustive_stats_t stats,
                              const rf_net_t A, const rf_net_t B,
                              const rf_decide_exhaustive_opts_t opts, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
