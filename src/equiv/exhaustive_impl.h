/* Internal: the joint activation-region enumeration shared by the exhaustive
 * decision (exhaustive_decide.c) and region counting (exhaustive.c). */
#ifndef RELUFIBER_EXHAUSTIVE_IMPL_H
#define RELUFIBER_EXHAUSTIVE_IMPL_H

#include "relufiber/exhaustive.h"

#define RF_ENUM_MAX_NETS 2

struct rf_regions_struct;
/* Called on every full-dimensional joint region; return non-zero to stop. */
typedef int (*rf_regions_leaf_fn)(struct rf_regions_struct *e, void *data);

typedef struct rf_regions_struct {
    slong nnets;
    const rf_net_struct *nets[RF_ENUM_MAX_NETS];
    slong d;                 /* input dimension */
    slong N;                 /* joint hidden neurons */
    slong *jq, *jt, *ji;     /* joint neuron k: net, hidden level, index */
    slong *patoff[RF_ENUM_MAX_NETS]; /* pattern offset of each level */
    fmpq_mat_struct *P[RF_ENUM_MAX_NETS]; /* pre-activation maps per level */
    fmpq_mat_struct *H[RF_ENUM_MAX_NETS]; /* post-activation maps per level */
    fmpq_mat_t rows;         /* active strict constraints (first ncons rows) */
    slong ncons;
    fmpq *xs;                /* (N + 1) interior points of d entries each */
    /* valid inside the leaf callback: */
    const fmpq *x;           /* interior point of the region */
    int *pat[RF_ENUM_MAX_NETS];          /* patterns as rf_net_pattern gives */
    fmpq_mat_struct out[RF_ENUM_MAX_NETS]; /* output maps dL x (d + 1) */
    rf_exhaustive_stats_t *stats;
    rf_regions_leaf_fn leaf;
    void *data;
    int stop;                /* set by the leaf or on error */
    int failed;              /* an LP failed: err is set */
    rf_err_struct *err;
} rf_regions_struct;

/* Enumerate; returns RF_OK or the error code (err set). */
int _rf_regions_enumerate(const rf_net_struct *const *nets, slong nnets,
                          rf_regions_leaf_fn leaf, void *data,
                          rf_exhaustive_stats_t *stats, rf_err_t err);

/* Evaluate an affine map row (coefficients of x, then constant) at x. */
void _rf_affine_eval(fmpq_t r, const fmpq *row, const fmpq *x, slong d);

#endif
