/* relufiber: constraint systems (semi-algebraic sets) in named variables.
 *
 * The common currency between the fiber builders, the genericity reports and
 * the exporters. A system is a union of components; each component is a
 * conjunction of polynomial constraints p REL 0 over Q, and carries the name
 * of the symmetry that produces it and its dimension.
 *
 * Variables are either parameters (named as in net.h: W1_2_3, b1_2, possibly
 * with a prefix, e.g. the fiber's unknown point is written in the names of
 * the parameters themselves) or auxiliary variables that are existentially
 * quantified (scaling factors, free values); exporters say which is which.
 */
#ifndef RELUFIBER_SYSTEM_H
#define RELUFIBER_SYSTEM_H

#include <stdio.h>
#include <flint/fmpq_mpoly.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_SYS_REL_EQ = 0, /* p == 0 */
    RF_SYS_REL_GT,     /* p > 0  */
    RF_SYS_REL_GE,     /* p >= 0 */
    RF_SYS_REL_NE      /* p != 0 */
} rf_sys_rel_t;

typedef enum { RF_SYS_VAR_PARAM = 0, RF_SYS_VAR_AUX } rf_sys_var_kind_t;

typedef struct {
    fmpq_mpoly_struct poly;
    rf_sys_rel_t rel;
    char *label;            /* optional short reason, may be NULL */
} rf_sys_constraint_struct;

typedef struct {
    char *name;             /* symmetry / stratum name, e.g. "permutation+scaling" */
    char *description;      /* one line of explanation, may be NULL */
    slong dim;              /* dimension of the component, -1 if unknown */
    slong len, alloc;
    rf_sys_constraint_struct *cons;
} rf_sys_comp_struct;

typedef struct {
    fmpq_mpoly_ctx_t ctx;
    slong nvars;
    char **vars;            /* nvars names */
    rf_sys_var_kind_t *kinds;   /* nvars kinds */
    char *title;            /* what the system describes */
    slong ncomp, alloc;
    rf_sys_comp_struct *comps;
    slong nnotes;
    char **notes;           /* free-text notes (assumptions, genericity) */
} rf_sys_struct;

typedef rf_sys_struct rf_sys_t[1];

/* nvars variables with the given names (copied) and kinds (NULL = all PARAM). */
void rf_sys_init(rf_sys_t sys, slong nvars, const char *const *names,
                 const rf_sys_var_kind_t *kinds);
void rf_sys_clear(rf_sys_t sys);
/* Exchange the contents of two initialised systems (O(1)). Builders that
 * replace a caller-initialised system build into a fresh one and swap. */
void rf_sys_swap(rf_sys_t a, rf_sys_t b);
void rf_sys_set_title(rf_sys_t sys, const char *title);
void rf_sys_add_note(rf_sys_t sys, const char *note);

/* Append a component; returns its index. */
slong rf_sys_add_component(rf_sys_t sys, const char *name,
                           const char *description, slong dim);
/* Append p REL 0 to component c (p is copied; label may be NULL). */
void rf_sys_add_constraint(rf_sys_t sys, slong c, const fmpq_mpoly_t p,
                           rf_sys_rel_t rel, const char *label);

/* Index of a variable by name, -1 if absent. */
slong rf_sys_var_index(const rf_sys_t sys, const char *name);

/* Does the rational point pt (nvars values) satisfy every constraint of
 * component c? (Auxiliary variables must be given values too.) */
int rf_sys_component_contains(const rf_sys_t sys, slong c, const fmpq *pt);

/* "=", ">", ">=", "!=". */
const char *rf_sys_rel_symbol(rf_sys_rel_t rel);

/* Plain-text rendering (the default human-readable output). */
void rf_sys_fprint(FILE *out, const rf_sys_t sys);

#ifdef __cplusplus
}
#endif
#endif
