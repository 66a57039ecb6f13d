/* Private interface between the sequential search (enumerate.c) and the
 * split search (split.c) of the cells module: the search state, one search
 * node, and the replay of a sign path without LPs. */
#ifndef RF_CELLS_INTERNAL_H
#define RF_CELLS_INTERNAL_H

#include "relufiber/cells.h"

typedef void (*_rf_cells_child_fn)(rf_cells_struct *e, slong k, void *arg);

int _rf_cells_state_setup(rf_cells_struct *e, const rf_net_struct *const *nets,
                          slong nnets, const rf_cells_opts_struct *opts,
                          rf_cells_stats_struct *stats, rf_err_t err);
void _rf_cells_state_clear(rf_cells_struct *e);
void _rf_cells_dfs(rf_cells_struct *e, slong k);
void _rf_cells_node(rf_cells_struct *e, slong k, _rf_cells_child_fn child, void *arg);
void _rf_cells_leaf(rf_cells_struct *e);
int _rf_cells_replay(rf_cells_struct *e, const int *signs, slong from, slong to);
/* The split search of e (set up, with its leaf callback): e->failed and
 * err are set on an error. */
void _rf_cells_split_enumerate(rf_cells_struct *e);

#endif
