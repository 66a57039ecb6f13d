/* relufiber: small helpers on fmpq vectors missing from FLINT 2.9. */
#ifndef RELUFIBER_QVEC_H
#define RELUFIBER_QVEC_H

#include <flint/fmpq.h>
#include <flint/fmpq_vec.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline void rf_qvec_set(fmpq *r, const fmpq *a, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_set(r + i, a + i);
}

static inline void rf_qvec_zero(fmpq *r, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        fmpq_zero(r + i);
}

static inline int rf_qvec_equal(const fmpq *a, const fmpq *b, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        if (!fmpq_equal(a + i, b + i))
            return 0;
    return 1;
}

static inline int rf_qvec_is_zero(const fmpq *a, slong n)
{
    slong i;
    for (i = 0; i < n; i++)
        if (!fmpq_is_zero(a + i))
            return 0;
    return 1;
}

#ifdef __cplusplus
}
#endif
#endif
