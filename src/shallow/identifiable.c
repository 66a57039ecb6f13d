/* Generic identifiability of a shallow network (docs/shallow.md, Theorem 4):
 * the explicit polynomial conditions defining the Zariski-open set on which
 * H_n (permutations and positive scalings) acts freely and transitively on
 * the fiber, each evaluated exactly at the parameter; and the conditions for
 * identifiability from an open box of inputs (every hyperplane must cross it).
 *
 *   (C1) ||w_i||^2 != 0            (C2) ||v_i||^2 != 0
 *   (C3) sum of squared 2x2 minors of [w_i b_i; w_j b_j] != 0   (i < j)
 *   (C4) ||sum_{j in S} v_j w_j^T||^2 != 0 for every non-empty S
 * (C4) stops a set of neurons from being flipped at once (relu(z) =
 * relu(-z) + z): deciding it is a subset-sum problem, enumerated for
 * n <= RF_SHALLOW_SUBSET_MAX, else certified by a sign argument or left
 * undecided. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/shallow.h"
#include "relufiber/qvec.h"
#include "shallow_internal.h"

void rf_shallow_ident_init(rf_shallow_ident_t I)
{
    memset(I, 0, sizeof(*I));
}

void rf_shallow_ident_clear(rf_shallow_ident_t I)
{
    slong i;
    for (i = 0; i < I->len; i++) {
        flint_free(I->conds[i].name);
        flint_free(I->conds[i].poly);
        fmpq_clear(I->conds[i].value);
    }
    flint_free(I->conds);
    flint_free(I->note);
    memset(I, 0, sizeof(*I));
}

static char *str_dup(const char *s)
{
    char *d = flint_malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

/* Append a condition; rel_ne: 1 holds iff value != 0, 0 iff value < 0,
 * 2 iff value == 0. */
static void add_cond(rf_shallow_ident_t I, const char *name, const char *poly,
                     const fmpq_t value, int rel_ne)
{
    rf_shallow_cond_struct *c;
    if (I->len == I->alloc) {
        I->alloc = I->alloc ? 2 * I->alloc : 16;
        I->conds = flint_realloc(I->conds, I->alloc * sizeof(rf_shallow_cond_struct));
    }
    c = I->conds + I->len++;
    c->name = str_dup(name);
    c->poly = str_dup(poly);
    fmpq_init(c->value);
    fmpq_set(c->value, value);
    c->rel_ne = rel_ne;
    c->holds = rel_ne == 1 ? !fmpq_is_zero(value) : rel_ne == 2 ? fmpq_is_zero(value) : fmpq_sgn(value) < 0;
}

/* Growing string buffer via open_memstream. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} sbuf_t;

static void sb_open(sbuf_t *s)
{
    s->buf = NULL;
    s->f = open_memstream(&s->buf, &s->len);
}

static char *sb_close(sbuf_t *s)
{
    char *r;
    fclose(s->f);
    r = str_dup(s->buf);
    free(s->buf);
    return r;
}

/* Name of the entry of (w_i, b_i) at coordinate a (a == m: the bias). */
static void ename(FILE *f, slong i, slong a, slong m)
{
    if (a < m)
        fprintf(f, "W1_%ld_%ld", (long) (i + 1), (long) (a + 1));
    else
        fprintf(f, "b1_%ld", (long) (i + 1));
}

static const fmpq *eentry(const rf_net_t net, slong i, slong a)
{
    return a < net->dims[0] ? rf_net_W(net, 0, i, a) : rf_net_b(net, 0, i);
}

/* Meet in the middle: number of non-empty S with sum_{j in S} M_j = 0
 * (capped at 1000), M_j of length km. Subset sums of the first half are
 * sorted; each subset sum of the second half is negated and looked up. */
typedef struct {
    const fmpq *v;
    slong len;
} qrow_t;

static int qrow_cmp(const void *x, const void *y)
{
    const qrow_t *a = x, *b = y;
    return _rf_shallow_row_cmp(a->v, b->v, a->len);
}

/* All 2^h subset sums of M_0..M_{h-1} into out (2^h * km), index = mask. */
static void all_subset_sums(fmpq *out, const fmpq *M, slong h, slong km)
{
    ulong mask, total = UWORD(1) << h;
    slong j, o;
    for (o = 0; o < km; o++)
        fmpq_zero(out + o);
    for (mask = 1; mask < total; mask++) {
        /* sum(mask) = sum(mask without its lowest bit) + M_lowbit */
        ulong low = mask & (~mask + 1), rest = mask ^ low;
        j = 0;
        while (!(low & (UWORD(1) << j)))
            j++;
        for (o = 0; o < km; o++)
            fmpq_add(out + mask * km + o, out + rest * km + o, M + j * km + o);
    }
}

static slong mitm_zero_subsets(const fmpq *M, slong n, slong km)
{
    slong h = n / 2, h2 = n - h, o, found = 0;
    ulong i, nl = UWORD(1) << h, nr = UWORD(1) << h2;
    fmpq *L = _fmpq_vec_init(nl * km), *R = _fmpq_vec_init(nr * km);
    qrow_t *rows = flint_malloc(nl * sizeof(qrow_t)), key;
    all_subset_sums(L, M, h, km);
    all_subset_sums(R, M + h * km, h2, km);
    for (i = 0; i < nl; i++) {
        rows[i].v = L + i * km;
        rows[i].len = km;
    }
    if (nl > 1)
        qsort(rows, nl, sizeof(qrow_t), qrow_cmp);
    key.len = km;
    for (i = 0; i < nr && found < 1000; i++) {
        qrow_t *hit;
        for (o = 0; o < km; o++)
            fmpq_neg(R + i * km + o, R + i * km + o);
        key.v = R + i * km;
        hit = bsearch(&key, rows, nl, sizeof(qrow_t), qrow_cmp);
        if (hit != NULL) {
            /* count all equal entries, minus the pair (empty, empty) */
            qrow_t *lo = hit, *hi = hit;
            while (lo > rows && qrow_cmp(lo - 1, &key) == 0)
                lo--;
            while (hi + 1 < rows + nl && qrow_cmp(hi + 1, &key) == 0)
                hi++;
            found += (hi - lo) + 1 - (i == 0 ? 1 : 0);
        }
    }
    flint_free(rows);
    _fmpq_vec_clear(L, nl * km);
    _fmpq_vec_clear(R, nr * km);
    return found;
}

/* Subset-sum conditions (C4). Returns 1 if decided. */
static int subset_conditions(rf_shallow_ident_t I, const rf_net_t net)
{
    slong m = net->dims[0], n = net->dims[1], k = net->dims[2], o, p, j;
    slong km = k * m;
    fmpq *M = _fmpq_vec_init(n * km), *S = _fmpq_vec_init(km);
    fmpq_t val, best, t;
    char name[160];
    int decided = 1;
    fmpq_init(val);
    fmpq_init(best);
    fmpq_init(t);
    for (j = 0; j < n; j++)
        for (o = 0; o < k; o++)
            for (p = 0; p < m; p++)
                fmpq_mul(M + j * km + o * m + p, rf_net_W(net, 1, o, j), rf_net_W(net, 0, j, p));
    if (n <= RF_SHALLOW_SUBSET_MAX) {
        /* Gray code over all non-empty subsets; running sum S. */
        ulong code = 0, g, total = (n > 0) ? ((UWORD(1) << n) - 1) : 0, cnt;
        int list_all = n <= 8, first = 1;
        slong nzero = 0;
        for (cnt = 1; cnt <= total; cnt++) {
            ulong newcode = cnt ^ (cnt >> 1);
            slong bit = 0;
            g = newcode ^ code;
            while (!(g & (UWORD(1) << bit)))
                bit++;
            for (o = 0; o < km; o++) {
                if (newcode & (UWORD(1) << bit))
                    fmpq_add(S + o, S + o, M + bit * km + o);
                else
                    fmpq_sub(S + o, S + o, M + bit * km + o);
            }
            code = newcode;
            fmpq_zero(val);
            for (o = 0; o < km; o++)
                fmpq_addmul(val, S + o, S + o);
            if (list_all || fmpq_is_zero(val)) {
                sbuf_t sb;
                char *poly;
                int firstj = 1;
                if (fmpq_is_zero(val))
                    nzero++;
                if (!list_all && nzero > 20)
                    continue;
                sb_open(&sb);
                fprintf(sb.f, "sum_{o,p} (");
                for (j = 0; j < n; j++)
                    if (code & (UWORD(1) << j)) {
                        fprintf(sb.f, "%sW2_o_%ld*W1_%ld_p", firstj ? "" : " + ", (long) (j + 1), (long) (j + 1));
                        firstj = 0;
                    }
                fprintf(sb.f, ")^2");
                poly = sb_close(&sb);
                sb_open(&sb);
                fprintf(sb.f, "flip set S = {");
                firstj = 1;
                for (j = 0; j < n; j++)
                    if (code & (UWORD(1) << j)) {
                        fprintf(sb.f, "%s%ld", firstj ? "" : ",", (long) (j + 1));
                        firstj = 0;
                    }
                fprintf(sb.f, "}: sum_{j in S} v_j w_j^T != 0");
                {
                    char *nm = sb_close(&sb);
                    add_cond(I, nm, poly, val, 1);
                    flint_free(nm);
                }
                flint_free(poly);
            }
            if (first || fmpq_cmp(val, best) < 0)
                fmpq_set(best, val);
            first = 0;
        }
        if (!list_all && n > 0) {
            snprintf(name, sizeof(name),
                     "all %lu flip sets S: sum_{j in S} v_j w_j^T != 0 (value: the minimum)",
                     (unsigned long) total);
            add_cond(I, name, "min over non-empty S of sum_{o,p} (sum_{j in S} W2_o_j*W1_j_p)^2", best, 1);
        }
    } else {
        /* Sufficient: an entry (o, p) where all M_j are non-zero with one
         * sign makes every non-empty subset sum non-zero there. */
        slong fo = -1, fp = -1;
        for (o = 0; o < k && fo < 0; o++)
            for (p = 0; p < m && fo < 0; p++) {
                int sg = fmpq_sgn(M + o * m + p), ok = sg != 0;
                for (j = 1; j < n && ok; j++)
                    ok = fmpq_sgn(M + j * km + o * m + p) == sg;
                if (ok) {
                    fo = o;
                    fp = p;
                }
            }
        if (fo < 0 && n <= RF_SHALLOW_MITM_MAX && (km << (n - n / 2)) <= (WORD(1) << 22)) {
            slong z = mitm_zero_subsets(M, n, km);
            fmpq_set_si(best, z, 1);
            snprintf(name, sizeof(name),
                     "all %lu flip sets S: sum_{j in S} v_j w_j^T != 0 (meet in the middle)",
                     (unsigned long) ((UWORD(1) << n) - 1));
            add_cond(I, name, "number of non-empty S with sum_{j in S} W2_o_j*W1_j_p = 0 for all o, p (capped at 1000)",
                     best, 2);
        } else if (fo >= 0) {
            /* value: the smallest |entry| (all entries share one sign) */
            fmpq_abs(best, M + fo * m + fp);
            for (j = 1; j < n; j++) {
                fmpq_abs(t, M + j * km + fo * m + fp);
                if (fmpq_cmp(t, best) < 0)
                    fmpq_set(best, t);
            }
            snprintf(name, sizeof(name),
                     "all flip sets: entry (%ld,%ld) of every v_j w_j^T is non-zero with one sign",
                     (long) (fo + 1), (long) (fp + 1));
            add_cond(I, name, "min_j |W2_o_j*W1_j_p| (one sign for all j)", best, 1);
        } else {
            decided = 0;
        }
    }
    _fmpq_vec_clear(M, n * km);
    _fmpq_vec_clear(S, km);
    fmpq_clear(val);
    fmpq_clear(best);
    fmpq_clear(t);
    return decided;
}

/* Pair conditions (C3) for large n: e_i, e_j are proportional iff their
 * normalisations (divide by the first non-zero entry, with its sign) agree;
 * sort them, list the coinciding pairs with their (zero) minor sums and a
 * summary: the number of coinciding pairs, which must be 0. */
static void pair_conditions_sorted(rf_shallow_ident_t I, const rf_net_t net)
{
    slong m = net->dims[0], n = net->dims[1], i, j, a, bad = 0, nk = 0, nz = 0;
    _rf_shallow_key_t *K = flint_malloc((n + 1) * sizeof(_rf_shallow_key_t));
    fmpq_t piv, val;
    char name[200];
    fmpq_init(piv);
    fmpq_init(val);
    fmpq_zero(val);
    for (i = 0; i < n; i++) {
        fmpq_zero(piv);
        for (a = 0; a <= m && fmpq_is_zero(piv); a++)
            fmpq_set(piv, eentry(net, i, a));
        if (fmpq_is_zero(piv)) {
            /* e_i = 0 is proportional to every e_j */
            nz++;
            if (nz <= 10) {
                snprintf(name, sizeof(name), "neuron %ld: (w, b) = 0 is proportional to every other neuron",
                         (long) (i + 1));
                add_cond(I, name, "sum_{a<b} minor_ab([W1_i_*, b1_i; W1_j_*, b1_j])^2 for every j", val, 1);
            }
            continue;
        }
        K[nk].len = m + 1;
        K[nk].idx = i;
        K[nk].key = _fmpq_vec_init(m + 1);
        for (a = 0; a <= m; a++)
            fmpq_div(K[nk].key + a, eentry(net, i, a), piv);
        nk++;
    }
    bad = nz * (n - nz) + nz * (nz - 1) / 2;
    if (nk > 1)
        qsort(K, (size_t) nk, sizeof(_rf_shallow_key_t), _rf_shallow_key_cmp);
    for (i = 0; i < nk; i++)
        for (j = i + 1; j < nk && _rf_shallow_row_cmp(K[i].key, K[j].key, K[i].len) == 0; j++) {
            slong p = K[i].idx < K[j].idx ? K[i].idx : K[j].idx, q = K[i].idx < K[j].idx ? K[j].idx : K[i].idx;
            bad++;
            if (bad <= 50) {
                snprintf(name, sizeof(name), "neurons %ld, %ld on different lines (no twins, no antiparallel pair)",
                         (long) (p + 1), (long) (q + 1));
                add_cond(I, name, "sum_{a<b} minor_ab([W1_p_*, b1_p; W1_q_*, b1_q])^2", val, 1);
            }
        }
    fmpq_set_si(val, bad, 1);
    snprintf(name, sizeof(name), "all %ld pairs of neurons on different lines (sorted normalised lines)",
             (long) (n * (n - 1) / 2));
    add_cond(I, name, "number of pairs i < j with proportional (w_i, b_i), (w_j, b_j)", val, 2);
    for (i = 0; i < nk; i++)
        _fmpq_vec_clear(K[i].key, m + 1);
    flint_free(K);
    fmpq_clear(piv);
    fmpq_clear(val);
}

int rf_shallow_identifiable(rf_shallow_ident_t I, const rf_net_t net,
                            const fmpq *lo, const fmpq *hi, rf_err_t err)
{
    slong m, n, k, i, j, a, b, o;
    fmpq_t val, t;
    char name[200];
    int rc = rf_shallow_check(net, NULL, err);
    if (rc)
        return rc;
    m = net->dims[0];
    n = net->dims[1];
    k = net->dims[2];
    if (lo && hi)
        for (j = 0; j < m; j++)
            if (fmpq_cmp(lo + j, hi + j) >= 0)
                return rf_err_set(err, RF_ERR_INPUT, "--box", 0,
                                  "box coordinate %ld: need lo < hi", (long) (j + 1));
    rf_shallow_ident_clear(I);
    fmpq_init(val);
    fmpq_init(t);
    for (i = 0; i < n; i++) {
        sbuf_t sb;
        char *poly;
        fmpq_zero(val);
        sb_open(&sb);
        for (j = 0; j < m; j++) {
            fmpq_addmul(val, rf_net_W(net, 0, i, j), rf_net_W(net, 0, i, j));
            fprintf(sb.f, "%sW1_%ld_%ld^2", j ? " + " : "", (long) (i + 1), (long) (j + 1));
        }
        poly = sb_close(&sb);
        snprintf(name, sizeof(name), "w_%ld != 0 (neuron %ld is not dead)", (long) (i + 1), (long) (i + 1));
        add_cond(I, name, poly, val, 1);
        flint_free(poly);
        fmpq_zero(val);
        sb_open(&sb);
        for (o = 0; o < k; o++) {
            fmpq_addmul(val, rf_net_W(net, 1, o, i), rf_net_W(net, 1, o, i));
            fprintf(sb.f, "%sW2_%ld_%ld^2", o ? " + " : "", (long) (o + 1), (long) (i + 1));
        }
        poly = sb_close(&sb);
        snprintf(name, sizeof(name), "v_%ld != 0 (outgoing column of neuron %ld)", (long) (i + 1), (long) (i + 1));
        add_cond(I, name, poly, val, 1);
        flint_free(poly);
    }
    if (n <= RF_SHALLOW_PAIRS_MAX) {
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++) {
                sbuf_t sb;
                char *poly;
                int first = 1;
                fmpq_zero(val);
                sb_open(&sb);
                for (a = 0; a <= m; a++)
                    for (b = a + 1; b <= m; b++) {
                        fmpq_mul(t, eentry(net, i, a), eentry(net, j, b));
                        fmpq_submul(t, eentry(net, i, b), eentry(net, j, a));
                        fmpq_addmul(val, t, t);
                        if (m <= 3) {
                            fprintf(sb.f, "%s(", first ? "" : " + ");
                            ename(sb.f, i, a, m);
                            fputc('*', sb.f);
                            ename(sb.f, j, b, m);
                            fputs(" - ", sb.f);
                            ename(sb.f, i, b, m);
                            fputc('*', sb.f);
                            ename(sb.f, j, a, m);
                            fputs(")^2", sb.f);
                            first = 0;
                        }
                    }
                if (m > 3)
                    fprintf(sb.f, "sum_{a<b} minor_ab([W1_%ld_*, b1_%ld; W1_%ld_*, b1_%ld])^2",
                            (long) (i + 1), (long) (i + 1), (long) (j + 1), (long) (j + 1));
                poly = sb_close(&sb);
                snprintf(name, sizeof(name), "neurons %ld, %ld on different lines (no twins, no antiparallel pair)",
                         (long) (i + 1), (long) (j + 1));
                add_cond(I, name, poly, val, 1);
                flint_free(poly);
            }
    } else {
        pair_conditions_sorted(I, net);
    }
    I->decided = subset_conditions(I, net);
    I->generic = 1;
    for (i = 0; i < I->len; i++)
        if (!I->conds[i].holds)
            I->generic = 0;
    if (!I->decided && I->generic) {
        I->note = str_dup("the flip-set (subset-sum) conditions were not enumerated (n > 20) and no "
                          "sign certificate exists: membership in the generic set is undecided");
    }
    I->nbox_first = I->len;
    if (lo && hi) {
        I->box_given = 1;
        for (i = 0; i < n; i++) {
            sbuf_t sb;
            char *poly;
            rf_shallow_box_range(val, t, net, i, lo, hi);   /* min, max */
            sb_open(&sb);
            fprintf(sb.f, "min over the box of W1_%ld_* . x + b1_%ld", (long) (i + 1), (long) (i + 1));
            poly = sb_close(&sb);
            snprintf(name, sizeof(name), "hyperplane %ld meets the open box: min < 0", (long) (i + 1));
            add_cond(I, name, poly, val, 0);
            flint_free(poly);
            fmpq_neg(t, t);
            sb_open(&sb);
            fprintf(sb.f, "-(max over the box of W1_%ld_* . x + b1_%ld)", (long) (i + 1), (long) (i + 1));
            poly = sb_close(&sb);
            snprintf(name, sizeof(name), "hyperplane %ld meets the open box: max > 0", (long) (i + 1));
            add_cond(I, name, poly, t, 0);
            flint_free(poly);
        }
        I->box_identifiable = I->generic && I->decided;
        for (i = I->nbox_first; i < I->len; i++)
            if (!I->conds[i].holds)
                I->box_identifiable = 0;
    }
    fmpq_clear(val);
    fmpq_clear(t);
    return RF_OK;
}

void rf_shallow_ident_fprint(FILE *out, const rf_shallow_ident_t I, int verbose)
{
    slong i, nfail = 0;
    for (i = 0; i < I->len; i++) {
        const rf_shallow_cond_struct *c = I->conds + i;
        if (i == I->nbox_first && I->box_given)
            fprintf(out, "identifiability from the box (each hyperplane must cross its interior):\n");
        if (!c->holds)
            nfail++;
        if (!verbose && c->holds && I->len > 60)
            continue;
        fprintf(out, "  [%s] %s\n        %s = ", c->holds ? "ok  " : "FAIL", c->name, c->poly);
        fmpq_fprint(out, c->value);
        fprintf(out, "  (%s)\n", c->rel_ne == 1 ? "holds iff != 0" : c->rel_ne == 2 ? "holds iff == 0" : "holds iff < 0");
    }
    if (!verbose && I->len > 60)
        fprintf(out, "  (%ld conditions, %ld failing shown; --verbose lists all)\n", (long) I->len, (long) nfail);
    if (I->note)
        fprintf(out, "note: %s\n", I->note);
    fprintf(out, "generic-identifiable: %s\n",
            !I->generic ? "no: the parameter is not in the generic set U (a "
                          "condition fails); this is not a claim that the "
                          "fiber exceeds the H_n orbit (e.g. |x| is "
                          "identifiable, docs/shallow.md Theorem 4(d))"
            : !I->decided ? "undecided"
            : "yes (H_n acts freely and transitively on the fiber)");
    if (I->box_given)
        fprintf(out, "identifiable from the box: %s\n", I->box_identifiable ? "yes" : "no");
}

void rf_shallow_ident_fprint_json(FILE *out, const rf_shallow_ident_t I)
{
    slong i;
    const char *s;
    fprintf(out, "{\"generic_identifiable\": %s, \"decided\": %s",
            I->generic && I->decided ? "true" : "false", I->decided || !I->generic ? "true" : "false");
    if (I->box_given)
        fprintf(out, ", \"box_identifiable\": %s", I->box_identifiable ? "true" : "false");
    fprintf(out, ", \"conditions\": [");
    for (i = 0; i < I->len; i++) {
        const rf_shallow_cond_struct *c = I->conds + i;
        fprintf(out, "%s{\"name\": \"", i ? ",\n  " : "\n  ");
        for (s = c->name; *s; s++)
            fputc(*s == '"' ? '\'' : *s, out);
        fprintf(out, "\", \"polynomial\": \"");
        for (s = c->poly; *s; s++)
            fputc(*s == '"' ? '\'' : *s, out);
        fprintf(out, "\", \"value\": \"");
        fmpq_fprint(out, c->value);
        fprintf(out, "\", \"relation\": \"%s\", \"holds\": %s, \"box\": %s}", c->rel_ne == 1 ? "!= 0" : c->rel_ne == 2 ? "== 0" : "< 0",
                c->holds ? "true" : "false", i >= I->nbox_first ? "true" : "false");
    }
    fprintf(out, "]");
    if (I->note) {
        fprintf(out, ", \"note\": \"%s\"", I->note);
    }
    fprintf(out, "}\n");
}
