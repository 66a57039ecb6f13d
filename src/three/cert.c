/* Certificates of the three-layer polynomial-time path and their exact
 * re-check (Lemma 5.2 hidden shift, Lemma 5.1 first-layer permutation and
 * positive scaling, Theorem 4.1 upper canonical forms). */
#include <flint/fmpq_vec.h>
#include "relufiber/three.h"
#include "relufiber/qvec.h"
#include "three_internal.h"

void rf_three_cert_init(rf_three_cert_t cert, slong n1)
{
    cert->n1 = n1;
    cert->hiddenA = cert->hiddenB = -1;
    fmpq_init(cert->sA);
    fmpq_init(cert->sB);
    cert->perm = flint_calloc(n1 ? n1 : 1, sizeof(slong));
    cert->d = _fmpq_vec_init(n1 ? n1 : 1);
}

void rf_three_cert_clear(rf_three_cert_t cert)
{
    fmpq_clear(cert->sA);
    fmpq_clear(cert->sB);
    flint_free(cert->perm);
    _fmpq_vec_clear(cert->d, cert->n1 ? cert->n1 : 1);
}

/* Is index i hidden in net, i.e. (W2_{j,-i}, b2_j) <= 0 for all j? */
static int is_hidden_at(const rf_net_t net, slong i)
{
    slong j, k, n1 = net->dims[1], n2 = net->dims[2];
    for (j = 0; j < n2; j++) {
        if (fmpq_sgn(rf_net_b(net, 1, j)) > 0)
            return 0;
        for (k = 0; k < n1; k++)
            if (k != i && fmpq_sgn(rf_net_W(net, 1, j, k)) > 0)
                return 0;
    }
    return 1;
}

/* Apply a certified shift: returns 0 if the hypotheses of Lemma 5.2 fail. */
static int checked_shift(rf_net_t out, const rf_net_t net, slong i,
                         const fmpq_t s)
{
    fmpq_t smax;
    int ok = 1;
    if (i < 0) {
        rf_net_set(out, net);
        return fmpq_is_zero(s);
    }
    if (i >= net->dims[1] || !is_hidden_at(net, i))
        return 0;
    fmpq_init(smax);
    if (rf_three_hidden_smax(smax, net, i) && fmpq_cmp(s, smax) > 0)
        ok = 0;
    fmpq_clear(smax);
    if (ok)
        rf_three_hidden_shift(out, net, i, s);
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
    ok = checked_shift(As, A, cert->hiddenA, cert->sA) &&
         checked_shift(Bs, B, cert->hiddenB, cert->sB);
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
