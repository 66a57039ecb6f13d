/* Structural reduction of the Jacobian rows of a witness set: exactly zero
 * columns, the neuron-class deformations, and the row bound per region.
 *
 * Theorem (class deformations). Let Z be the items of a witness set and
 * S_i(z) in {0, 1} the activation of hidden neuron i (layer l) on item z
 * (pattern entry > 0; entries <= 0 read as 0). If S_i(z) = S_j(z) for every
 * z in Z, the direction E_ij with dW^l[j,:] = W^l[i,:], db^l_j = b^l_i,
 * dW^(l+1)[:,i] = -W^(l+1)[:,j] (all else 0) is in the kernel of every row
 * of Z: to first order it changes the pre-activations of layer l + 1 by
 * W^(l+1)[:,j] (S_j - S_i) z^l_i = 0 and nothing else (i = j: the scaling
 * vector). An exactly zero column c (zero in every row by the structure: no
 * active path from the neuron to an output, or a factor h_c that vanishes)
 * gives the kernel vector e_c.
 *
 * Theorem (lower bound of the structural kernel). Order the class directions
 * by layer. Those of layer l touch the parameter block (W^l, b^l) and the
 * columns of W^(l+1) only, so the matrix [e_c (zero columns); E (all
 * layers)] is block upper triangular with diagonal blocks: the identity on
 * the zero columns and, for each layer l and target neuron j, the |C| x m
 * matrix M_j of the rows (W^l[i, c], b^l_i) (i in the class C of j, c over
 * the m non-zero columns of row j). Choosing in each M_j a nonsingular
 * rho_j x rho_j minor modulo p (p divides no denominator, so a minor
 * nonzero mod p is nonzero over Q) gives K = #zero + sum rho_j vectors whose
 * restriction to the chosen pivot columns P is nonsingular over Q. Hence
 * dim ker J >= K, i.e. rank J <= D - K, and the columns in P are combinations
 * of the others (J[:,P] = -J[:,T] V[T] V[P]^-1), so rank J = rank J[:,T]
 * with T the D - K remaining columns. rank_p(J[:,T]) = |T| = D - K
 * therefore certifies rank J = D - K exactly.
 *
 * Theorem (row bound). A value row is affine in the input on a region
 * (docs/functional_dimension.md), so the value rows of k points of one
 * pattern span at most nd * min(k, n0 + 1) dimensions, and all blocks of one
 * pattern span the space of one block. Bottleneck form: with A the active
 * neurons of the last hidden layer, the part of a row below the output
 * layer is W^L[:, A] times the neuron rows of A, so a pattern adds at most
 * min(nd, |A|) (n0 + 1) there, and the output-layer block has rank at most
 * nd (1 + #last-layer neurons ever active); a point where the last hidden
 * layer is off adds nothing below the output layer. */
#include <string.h>
#include <stdlib.h>
#include <pthread.h>
#include <flint/fmpq_vec.h>
#include "internal.h"

static int cmp_pat(const void *a, const void *b, slong nh)
{
    return memcmp(a, b, nh * sizeof(int));
}

typedef struct {
    const int *pat;
    slong nh;
} pat_ref_t;

static int cmp_ref(const void *a, const void *b)
{
    const pat_ref_t *x = a, *y = b;
    return cmp_pat(x->pat, y->pat, x->nh);
}

/* Collapse key of an item: the topmost hidden layer m whose neurons are all
 * inactive (0: none) followed by the pattern, with the entries of layers
 * <= m replaced by 0. Items with the same key and m > 0 have identical rows:
 * h^m = 0, so the rows involve only the layers above m, whose values are
 * then constant in x (derivative rows are 0). */
static void collapse_key(int *key, const rf_net_t net, const int *pat, slong nh)
{
    slong l, j, off = 0, m = 0, moff = 0;
    for (l = 1; l < net->L; l++) {
        int off_all = 1;
        for (j = 0; j < net->dims[l] && off_all; j++)
            off_all = pat[off + j] <= 0;
        off += net->dims[l];
        if (off_all) {
            m = l;
            moff = off;
        }
    }
    key[0] = (int) m;
    for (j = 0; j < nh; j++)
        key[1 + j] = (m == 0) ? pat[j]             /* no collapse: the pattern */
                   : (j < moff) ? 0 : (pat[j] > 0); /* entries <= 0: inactive */
}

slong _rf_fdim_row_bound(char *use, const rf_net_t net, const rf_fdim_set_t s,
                         const rf_fdim_modnet_struct *mn, const mp_limb_t *xm)
{
    slong nd = rf_net_out_dim(net), n0 = s->n0, nh = s->nh, i, k, j;
    slong rpi = rf_fdim_set_rows_per_item(s, net), L = net->L;
    slong bound = 0, low = 0, nlast = (L >= 2) ? net->dims[L - 1] : 0, alive = 0;
    slong last0 = nh - nlast;   /* first pattern entry of layer L - 1 */
    char *ever = flint_calloc(nlast + 1, 1);
    int *keys;
    const int **gacts;
    slong *gmult, ngroups = 0;
    pat_ref_t *r;
    if (use != NULL)
        for (i = 0; i < s->n; i++)
            use[i] = 1;
    if (s->n == 0) {
        flint_free(ever);
        return 0;
    }
    keys = flint_malloc(s->n * (nh + 1) * sizeof(int));
    r = flint_malloc(s->n * sizeof(pat_ref_t));
    for (i = 0; i < s->n; i++) {
        collapse_key(keys + i * (nh + 1), net, s->pat + i * nh, nh);
        r[i].pat = keys + i * (nh + 1);
        r[i].nh = nh + 1;
    }
    if (s->n > 1)
        qsort(r, s->n, sizeof(pat_ref_t), cmp_ref);
    gacts = flint_malloc(s->n * sizeof(int *));
    gmult = flint_malloc(s->n * sizeof(slong));
    for (i = 0; i < s->n; i = k) {
        slong act = 0, m;
        int collapsed = r[i].pat[0] > 0;
        for (k = i + 1; k < s->n && cmp_pat(r[i].pat, r[k].pat, nh + 1) == 0; k++)
            if (collapsed && use != NULL)
                use[(r[k].pat - keys) / (nh + 1)] = 0;   /* identical rows */
        if (collapsed)
            m = 1;
        else
            m = s->blocks ? n0 + 1 : FLINT_MIN(k - i, n0 + 1);
        bound += (s->blocks && !collapsed) ? rpi : nd * m;
        gacts[ngroups] = r[i].pat + 1 + last0;
        gmult[ngroups++] = m;
        for (j = 0; j < nlast; j++)
            if (r[i].pat[1 + last0 + j] > 0) {
                act++;
                ever[j] = 1;
            }
        low += FLINT_MIN(nd, act) * m;
    }
    /* bottleneck bound (L >= 2): J = [J_low | J_L]. The rows of a point
     * restricted to the blocks below the output layer are W^L[:, A] U(x)
     * (A: active neurons of layer L - 1, U(x) affine in x on a region), so
     * they add at most min(nd, |A|) (n0 + 1) per pattern; the output block
     * has rank <= nd (#neurons of layer L - 1 ever active + 1). */
    if (L >= 2) {
        for (j = 0; j < nlast; j++)
            alive += ever[j];
        bound = FLINT_MIN(bound, low + nd * (alive + 1));
        /* output-null split (outspace.c): the exact left null spaces of
         * the active output columns */
        bound = FLINT_MIN(bound, _rf_fdim_output_split_bound(net, s, mn, xm,
                              (const int *const *) gacts, gmult, ngroups));
    }
    flint_free(gacts);
    flint_free(gmult);
    flint_free(ever);
    flint_free(keys);
    flint_free(r);
    return bound;
}

/* ---------------------------------------------------- structural kernel */

typedef struct {
    slong l, i, j;   /* class direction E_ij of layer l; l = 0: unit e_j */
} kvec_t;

static void kvec_fill(fmpq *v, const rf_net_t net, const kvec_t *k)
{
    slong D = rf_net_num_params(net), c;
    slong l = k->l, i = k->i, j = k->j;
    for (c = 0; c < D; c++)
        fmpq_zero(v + c);
    if (l == 0) {
        fmpq_one(v + j);
        return;
    }
    {
        slong off = rf_net_param_offset(net, l - 1), offn = rf_net_param_offset(net, l);
        slong np = net->dims[l - 1], nl = net->dims[l], nn = net->dims[l + 1];
        for (c = 0; c < np; c++)
            fmpq_set(v + off + j * np + c, rf_net_W(net, l - 1, i, c));
        fmpq_set(v + off + nl * np + j, rf_net_b(net, l - 1, i));
        for (c = 0; c < nn; c++)
            fmpq_neg(v + offn + c * nl + i, rf_net_W(net, l, c, j));
    }
}

slong _rf_fdim_struct_reduce(int *keep, slong *nzero, fmpq_mat_t kernel,
                             const rf_net_t net, const rf_fdim_set_t s,
                             const rf_fdim_modnet_t mn)
{
    slong L = net->L, D = rf_net_num_params(net), nh = s->nh, n0 = s->n0;
    slong nw = (s->n + FLINT_BITS - 1) / FLINT_BITS + 1, l, i, j, c, it, K = 0;
    slong *hoff = flint_malloc((L + 1) * sizeof(slong));
    char **wnz = flint_malloc((L + 1) * sizeof(char *));
    char *colnz = flint_calloc(D + 1, 1);
    int *reach = flint_malloc((nh + 1) * sizeof(int));
    ulong *sig = flint_calloc(nh * nw + 1, sizeof(ulong));
    kvec_t *kv = NULL;
    slong nkv = 0, akv = 0;
    hoff[1] = 0;
    for (l = 2; l < L; l++)
        hoff[l] = hoff[l - 1] + net->dims[l - 1];
    for (l = 1; l <= L; l++) {
        slong nl = net->dims[l], np = net->dims[l - 1];
        wnz[l] = flint_malloc(nl * np + 1);
        for (i = 0; i < nl; i++)
            for (c = 0; c < np; c++)
                wnz[l][i * np + c] = !fmpq_is_zero(rf_net_W(net, l - 1, i, c));
    }
    for (it = 0; it < s->n; it++) {
        const int *pat = s->pat + it * nh;
        const fmpq *x = s->x + it * n0;
        for (l = L - 1; l >= 1; l--) {
            slong nl = net->dims[l], nn = net->dims[l + 1];
            for (j = 0; j < nl; j++) {
                int r = 0;
                if (pat[hoff[l] + j] > 0) {
                    sig[(hoff[l] + j) * nw + it / FLINT_BITS] |= UWORD(1) << (it % FLINT_BITS);
                    for (i = 0; i < nn && !r; i++)
                        r = wnz[l + 1][i * nl + j] && (l + 1 == L || reach[hoff[l + 1] + i]);
                }
                reach[hoff[l] + j] = r;
            }
        }
        for (l = 1; l <= L; l++) {
            slong nl = net->dims[l], np = net->dims[l - 1];
            slong off = rf_net_param_offset(net, l - 1);
            for (j = 0; j < nl; j++) {
                if (l < L && !reach[hoff[l] + j])
                    continue;
                colnz[off + nl * np + j] = 1;
                for (c = 0; c < np; c++) {
                    int h = (l == 1) ? (s->blocks || !fmpq_is_zero(x + c))
                                     : pat[hoff[l - 1] + c] > 0;
                    if (h)
                        colnz[off + j * np + c] = 1;
                }
            }
        }
    }
    for (c = 0; c < D; c++) {
        keep[c] = colnz[c];
        if (!colnz[c]) {
            K++;
            if (kernel != NULL) {
                if (nkv == akv) {
                    akv = FLINT_MAX(16, 2 * akv);
                    kv = flint_realloc(kv, akv * sizeof(kvec_t));
                }
                kv[nkv].l = 0;
                kv[nkv].i = 0;
                kv[nkv++].j = c;
            }
        }
    }
    *nzero = K;
    /* class directions, layer by layer */
    for (l = 1; l < L; l++) {
        slong nl = net->dims[l], np = net->dims[l - 1];
        slong off = rf_net_param_offset(net, l - 1);
        char *done = flint_calloc(nl + 1, 1);
        slong *cls = flint_malloc((nl + 1) * sizeof(slong));
        slong *cols = flint_malloc((np + 2) * sizeof(slong));
        for (j = 0; j < nl; j++) {
            slong nc = 0, a, t, w;
            const ulong *sj = sig + (hoff[l] + j) * nw;
            int dead = 1;
            if (done[j])
                continue;
            for (w = 0; w < nw && dead; w++)
                dead = sj[w] == 0;
            for (i = j; i < nl; i++)
                if (!done[i] && memcmp(sj, sig + (hoff[l] + i) * nw, nw * sizeof(ulong)) == 0) {
                    done[i] = 1;
                    cls[nc++] = i;
                }
            if (dead)
                continue;
            for (t = 0; t < nc; t++) {
                slong tj = cls[t], m = 0, rho, u, v;
                nmod_mat_t M;
                slong *pc;
                for (c = 0; c < np; c++)
                    if (colnz[off + tj * np + c])
                        cols[m++] = c;
                if (colnz[off + nl * np + tj])
                    cols[m++] = np;  /* the bias */
                if (m == 0)
                    continue;
                nmod_mat_init(M, nc, m, mn->mod.n);
                for (a = 0; a < nc; a++)
                    for (u = 0; u < m; u++)
                        nmod_mat_entry(M, a, u) = (cols[u] == np) ? mn->b[l - 1][cls[a]]
                            : mn->W[l - 1][cls[a] * np + cols[u]];
                {
                    nmod_mat_t R;
                    nmod_mat_init_set(R, M);
                    rho = nmod_mat_rref(R);
                    pc = flint_malloc((rho + 1) * sizeof(slong));
                    for (a = 0; a < rho; a++) {
                        for (u = 0; u < m && nmod_mat_entry(R, a, u) == 0; u++)
                            ;
                        pc[a] = u;
                        keep[cols[u] == np ? off + nl * np + tj : off + tj * np + cols[u]] = 0;
                    }
                    nmod_mat_clear(R);
                }
                K += rho;
                if (kernel != NULL && rho > 0) {
                    /* rows of the class whose restriction to the pivot
                     * columns is nonsingular: pivots of the transpose */
                    nmod_mat_t T;
                    nmod_mat_init(T, rho, nc, mn->mod.n);
                    for (a = 0; a < nc; a++)
                        for (v = 0; v < rho; v++)
                            nmod_mat_entry(T, v, a) = nmod_mat_entry(M, a, pc[v]);
                    nmod_mat_rref(T);
                    for (v = 0; v < rho; v++) {
                        for (a = 0; a < nc && nmod_mat_entry(T, v, a) == 0; a++)
                            ;
                        if (nkv == akv) {
                            akv = FLINT_MAX(16, 2 * akv);
                            kv = flint_realloc(kv, akv * sizeof(kvec_t));
                        }
                        kv[nkv].l = l;
                        kv[nkv].i = cls[a];
                        kv[nkv++].j = tj;
                    }
                    nmod_mat_clear(T);
                }
                flint_free(pc);
                nmod_mat_clear(M);
            }
        }
        flint_free(done);
        flint_free(cls);
        flint_free(cols);
    }
    if (kernel != NULL) {
        fmpq *v = _fmpq_vec_init(D);
        fmpq_mat_clear(kernel);
        fmpq_mat_init(kernel, D, nkv);
        for (i = 0; i < nkv; i++) {
            kvec_fill(v, net, kv + i);
            for (c = 0; c < D; c++)
                fmpq_swap(fmpq_mat_entry(kernel, c, i), v + c);
        }
        _fmpq_vec_clear(v, D);
    }
    for (l = 1; l <= L; l++)
        flint_free(wnz[l]);
    flint_free(wnz);
    flint_free(kv);
    flint_free(colnz);
    flint_free(reach);
    flint_free(sig);
    flint_free(hoff);
    return K;
}

/* ------------------------------------------------- rows mod p, threaded */

typedef struct {
    const rf_fdim_modnet_struct *mn;
    const rf_fdim_set_struct *s;
    const mp_limb_t *xm;
    const slong *cols;
    const slong *items;
    slong nT, D, rpi, it0, it1;
    nmod_mat_struct *A;
} job_t;

static void *rows_job(void *arg)
{
    job_t *jb = arg;
    const rf_fdim_set_struct *s = jb->s;
    slong nd = jb->mn->dims[jb->mn->L], D = jb->D, it, q, i, u;
    mp_limb_t *buf = flint_malloc((jb->rpi * D + 1) * sizeof(mp_limb_t));
    for (it = jb->it0; it < jb->it1; it++) {
        slong item = jb->items[it];
        const int *pat = s->pat + item * s->nh;
        rf_fdim_rows_modp(buf, jb->mn, pat, jb->xm + item * s->n0, -1);
        if (s->blocks)
            for (q = 0; q < s->n0; q++)
                rf_fdim_rows_modp(buf + (q + 1) * nd * D, jb->mn, pat, NULL, q);
        for (i = 0; i < jb->rpi; i++) {
            mp_limb_t *row = jb->A->rows[it * jb->rpi + i];
            const mp_limb_t *src = buf + i * D;
            for (u = 0; u < jb->nT; u++)
                row[u] = src[jb->cols[u]];
        }
    }
    flint_free(buf);
    return NULL;
}

void _rf_fdim_rows_matrix_modp(nmod_mat_t A, const rf_fdim_modnet_t mn,
                               const rf_fdim_set_t s, const slong *items,
                               slong nitems, const mp_limb_t *xm,
                               const int *keep, slong D, int threads)
{
    slong nT = 0, c, t, nd = mn->dims[mn->L];
    slong rpi = nd * (s->blocks ? s->n0 + 1 : 1);
    slong *cols = flint_malloc((D + 1) * sizeof(slong));
    job_t *jobs;
    pthread_t *th;
    int *started;
    for (c = 0; c < D; c++)
        if (keep == NULL || keep[c])
            cols[nT++] = c;
    threads = (int) FLINT_MAX(1, FLINT_MIN(threads, nitems));
    jobs = flint_malloc(threads * sizeof(job_t));
    th = flint_malloc(threads * sizeof(pthread_t));
    for (t = 0; t < threads; t++) {
        jobs[t].mn = mn;
        jobs[t].s = s;
        jobs[t].xm = xm;
        jobs[t].cols = cols;
        jobs[t].nT = nT;
        jobs[t].D = D;
        jobs[t].rpi = rpi;
        jobs[t].items = items;
        jobs[t].it0 = nitems * t / threads;
        jobs[t].it1 = nitems * (t + 1) / threads;
        jobs[t].A = A;
    }
    started = flint_calloc(threads, sizeof(int));
    for (t = 1; t < threads; t++)
        started[t] = pthread_create(th + t, NULL, rows_job, jobs + t) == 0;
    rows_job(jobs);
    for (t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            rows_job(jobs + t);   /* no thread: do it here (same result) */
    }
    flint_free(started);
    flint_free(th);
    flint_free(jobs);
    flint_free(cols);
}
