/* Certificates of the three-layer polynomial-time path and their exact
 * re-check (Lemma 5.2 hidden shifts in the weak form, any number of them;
 * Lemma 5.1 first-layer permutation and positive scaling; Theorem 4.1 upper
 * canonical forms). */
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "three_internal.h"

void rf_three_cert_init(rf_three_cert_t cert, slong n1)
{
    cert->n1 = n1;
    cert->sA = _fmpq_vec_init(n1 ? n1 : 1);
    cert->sB = _fmpq_vec_init(n1 ? n1 : 1);
    cert->perm = flint_calloc(n1 ? n1 : 1, sizeof(slong));
    cert->d = _fmpq_vec_init(n1 ? n1 : 1);
}

void rf_three_cert_clear(rf_three_cert_t cert)
{
    _fmpq_vec_clear(cert->sA, cert->n1 ? cert->n1 : 1);
    _fmpq_vec_clear(cert->sB, cert->n1 ? cert->n1 : 1);
    flint_free(cert->perm);
    _fmpq_vec_clear(cert->d, cert->n1 ? cert->n1 : 1);
}

/* Apply the certified shifts s[0..n1-1] in increasing index order, each one
 * checked against the weak Lemma 5.2 on the network shifted so far (this is
 * sound whatever the order; Lemma 5.3 says the order does not matter).
 * Returns 0 if some hypothesis fails. */
static int checked_shifts(rf_net_t out, const rf_net_t net, const fmpq *s)
{
    slong i, n1 = net->dims[1];
    fmpq_t smax;
    int ok = 1;
    fmpq_init(smax);
    rf_net_set(out, net);
    for (i = 0; i < n1 && ok; i++) {
        if (fmpq_is_zero(s + i))
            continue;
        if (!rf_three_hidden_is(out, i) ||
            (rf_three_hidden_smax(smax, out, i) && fmpq_cmp(s + i, smax) > 0))
            ok = 0;
        else
            rf_three_hidden_shift(out, out, i, s + i);
    }
    fmpq_clear(smax);
    return ok;
}

/* out: A with rows of (W1, b1) moved to perm and scaled by d, columns of W2
 * moved and divided by d (Lemma 5.1); same function as A when d > 0. */
void _rf_three_apply_perm_scale(rf_net_t out, const rf_net_t A,
                                const slong *perm, const fmpq *d)
{
    slong n0 = A->dims[0], n1 = A->dims[1], n2 = A->dims[2], i, k, j;
    rf_net_set(out, A);
    for (i = 0; i < n1; i++) {
        slong pi = perm[i];
        for (k = 0; k < n0; k++)
            fmpq_mul(rf_net_W(out, 0, pi, k), rf_net_W(A, 0, i, k), d + i);
        fmpq_mul(rf_net_b(out, 0, pi), rf_net_b(A, 0, i), d + i);
        for (j = 0; j < n2; j++)
            fmpq_div(rf_net_W(out, 1, j, pi), rf_net_W(A, 1, j, i), d + i);
    }
}

int rf_three_cert_verify(const rf_net_t A, const rf_net_t B,
                          const rf_three_cert_t cert)
{
    slong n1, i, k;
    rf_net_t As, Bs, A2;
    int ok = 1;
    char *used;
    if (A->L != 3 || B->L != 3 || A->dims[0] != B->dims[0] ||
        A->dims[1] != B->dims[1] || A->dims[3] != B->dims[3] ||
        cert->n1 != A->dims[1])
        return 0;
    n1 = cert->n1;
    used = flint_calloc(n1 ? n1 : 1, 1);
    for (i = 0; i < n1 && ok; i++) {
        if (cert->perm[i] < 0 || cert->perm[i] >= n1 || used[cert->perm[i]] ||
            fmpq_sgn(cert->d + i) <= 0)
            ok = 0;
        else
            used[cert->perm[i]] = 1;
    }
    flint_free(used);
    if (!ok)
        return 0;
    rf_net_init(As, 1, (slong[]) {1, 1});
    rf_net_init(Bs, 1, (slong[]) {1, 1});
    rf_net_init(A2, 1, (slong[]) {1, 1});
    ok = checked_shifts(As, A, cert->sA) && checked_shifts(Bs, B, cert->sB);
    if (ok) {
        _rf_three_apply_perm_scale(A2, As, cert->perm, cert->d);
        /* first layers must now be identical */
        for (i = 0; i < n1 && ok; i++) {
            for (k = 0; k < A->dims[0] && ok; k++)
                ok = fmpq_equal(rf_net_W(A2, 0, i, k), rf_net_W(Bs, 0, i, k));
            ok = ok && fmpq_equal(rf_net_b(A2, 0, i), rf_net_b(Bs, 0, i));
        }
    }
    if (ok) {
        rf_three_canon2_t CA, CB;
        rf_three_canon2_init(CA);
        rf_three_canon2_init(CB);
        rf_three_canon2_upper(CA, A2);
        rf_three_canon2_upper(CB, Bs);
        ok = rf_three_canon2_equal(CA, CB);
        rf_three_canon2_clear(CA);
        rf_three_canon2_clear(CB);
    }
    rf_net_clear(As);
    rf_net_clear(Bs);
    rf_net_clear(A2);
    return ok;
}
