/* Constraint systems: membership tests agree with direct evaluation. */
#include <criterion/criterion.h>
#include "../rftest.h"
#include "relufiber/system.h"

Test(system, membership)
{
    const char *names[] = {"a", "b", "t"};
    rf_sys_var_kind_t kinds[] = {RF_SYS_VAR_PARAM, RF_SYS_VAR_PARAM, RF_SYS_VAR_AUX};
    rf_sys_t sys;
    fmpq_mpoly_t p;
    fmpq pt[3];
    slong c, i;
    rf_sys_init(sys, 3, names, kinds);
    fmpq_mpoly_init(p, sys->ctx);
    c = rf_sys_add_component(sys, "scaling", "a = t^2 b, t > 0", 2);
    fmpq_mpoly_set_str_pretty(p, "a - t^2*b", names, sys->ctx);
    rf_sys_add_constraint(sys, c, p, RF_SYS_REL_EQ, NULL);
    fmpq_mpoly_set_str_pretty(p, "t", names, sys->ctx);
    rf_sys_add_constraint(sys, c, p, RF_SYS_REL_GT, "positive");
    for (i = 0; i < 3; i++)
        fmpq_init(pt + i);
    fmpq_set_si(pt + 0, 8, 1); fmpq_set_si(pt + 1, 2, 1); fmpq_set_si(pt + 2, 2, 1);
    cr_assert(rf_sys_component_contains(sys, c, pt));
    fmpq_set_si(pt + 2, -2, 1);
    cr_assert(!rf_sys_component_contains(sys, c, pt), "t > 0 violated");
    fmpq_set_si(pt + 2, 3, 1);
    cr_assert(!rf_sys_component_contains(sys, c, pt), "equation violated");
    cr_assert_eq(rf_sys_var_index(sys, "t"), 2);
    cr_assert_eq(rf_sys_var_index(sys, "z"), -1);
    for (i = 0; i < 3; i++)
        fmpq_clear(pt + i);
    fmpq_mpoly_clear(p, sys->ctx);
    rf_sys_clear(sys);
}
