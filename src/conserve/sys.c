/* Conservation laws as a constraint system: the level set through a given
 * parameter, in the parameter names, for the exporters. */
#include <stdio.h>
#include <flint/fmpq_vec.h>
#include "relufiber/conserve.h"

slong rf_conserve_system(rf_sys_t dst, const rf_conserve_t c, const fmpq *theta0,
                         int include_local)
{
    rf_sys_t sys;
    slong i, k, n = 0, rank, comp;
    fmpq_mat_t J;
    fmpq *g = _fmpq_vec_init(c->nvars);
    fmpq_mpoly_t p;
    fmpq_t v;
    char note[160];
    for (i = 0; i < c->len; i++)
        n += c->kind[i] == RF_CONSERVE_GLOBAL ||
             (include_local && c->kind[i] == RF_CONSERVE_LOCAL);
    /* exact rank of the gradients of the selected laws at theta0 */
    fmpq_mat_init(J, FLINT_MAX(n, 1), c->nvars);
    for (i = 0, k = 0; i < c->len; i++) {
        slong j;
        if (!(c->kind[i] == RF_CONSERVE_GLOBAL ||
              (include_local && c->kind[i] == RF_CONSERVE_LOCAL)))
            continue;
        rf_conserve_grad(g, c, i, theta0);
        for (j = 0; j < c->nvars; j++)
            fmpq_set(fmpq_mat_entry(J, k, j), g + j);
        k++;
    }
    rank = n > 0 ? fmpq_mat_rref(J, J) : 0;
    fmpq_mat_clear(J);
    _fmpq_vec_clear(g, c->nvars);

    /* the ring's variables (the parameters), no auxiliaries */
    rf_sym_sys_init(sys, c->sym, 0, NULL);
    rf_sys_set_title(sys, "level set of the conservation laws of gradient flow through theta0");
    rf_sys_add_note(sys, "laws: Q(theta) = Q(theta0) for the balance laws of positive scaling"
                         " (global); data-local laws hold while their data condition holds");
    snprintf(note, sizeof(note), "%ld laws, exact rank of their gradients at theta0: %ld",
             (long) n, (long) rank);
    rf_sys_add_note(sys, note);
    comp = rf_sys_add_component(sys, "conservation-level-set",
                                "Q_i(theta) - Q_i(theta0) = 0 for each law",
                                c->nvars - rank);
    fmpq_mpoly_init(p, sys->ctx);
    fmpq_init(v);
    for (i = 0; i < c->len; i++) {
        if (!(c->kind[i] == RF_CONSERVE_GLOBAL ||
              (include_local && c->kind[i] == RF_CONSERVE_LOCAL)))
            continue;
        /* same variables, same order: the ring's polynomial maps over */
        if (rf_sym_to_sys(p, c->q + i, c->sym, sys, NULL) != RF_OK) {
            rank = -1;   /* cannot happen: sys is made from the same ring */
            break;
        }
        rf_conserve_eval(v, c, i, theta0);
        fmpq_mpoly_sub_fmpq(p, p, v, sys->ctx);
        rf_sys_add_constraint(sys, comp, p, RF_SYS_REL_EQ, c->name[i]);
    }
    fmpq_clear(v);
    fmpq_mpoly_clear(p, sys->ctx);
    if (rank >= 0)
        rf_sys_swap(dst, sys);   /* replace the caller's system */
    rf_sys_clear(sys);
    return rank;
}
