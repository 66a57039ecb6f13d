/* Printing canonical-form traces and the neuron map between two networks
 * with the same canonical form: if A_i and B_j both go to position p with
 * scalings s_A, s_B, then (row, bias) of B_j = (s_A / s_B) (row, bias) of
 * A_i in the coordinates of the previous layer's map. */
#include "relufiber/canon.h"

static const char *kind_name[] = {"dead", "constant", "unused", "twin"};

void rf_canon_trace_fprint(FILE *out, const rf_canon_trace_t T, const char *prefix)
{
    slong k;
    for (k = 0; k < T->nmoves; k++) {
        const rf_canon_move_struct *m = T->moves + k;
        fprintf(out, "%shidden layer %ld, neuron %ld: ", prefix, (long) m->layer + 1,
                (long) m->neuron + 1);
        switch (m->kind) {
        case RF_CANON_DEAD:
            fprintf(out, "dead (pre-activation <= ");
            fmpq_fprint(out, m->c);
            fprintf(out, " on the %s), removed\n", T->boxed ? "box" : "input space");
            break;
        case RF_CANON_CONSTANT:
            fprintf(out, "constant pre-activation ");
            fmpq_fprint(out, m->c);
            fprintf(out, " on the %s, folded into the next bias\n", T->boxed ? "box" : "input space");
            break;
        case RF_CANON_UNUSED:
            fprintf(out, "zero outgoing column, removed\n");
            break;
        case RF_CANON_TWIN:
            fprintf(out, "positive twin, (row, bias) = ");
            fmpq_fprint(out, m->c);
            fprintf(out, " x neuron %ld, merged into it\n", (long) m->target + 1);
            break;
        }
    }
}

static void json_q(FILE *out, const fmpq_t q)
{
    fputc('"', out);
    fmpq_fprint(out, q);
    fputc('"', out);
}

void rf_canon_trace_fprint_json(FILE *out, const rf_canon_trace_t T)
{
    slong k, h, i;
    fprintf(out, "{\"domain\": ");
    if (T->boxed) {
        fprintf(out, "{\"lo\": [");
        for (i = 0; i < T->dims[0]; i++) {
            if (i)
                fputs(", ", out);
            json_q(out, T->lo + i);
        }
        fprintf(out, "], \"hi\": [");
        for (i = 0; i < T->dims[0]; i++) {
            if (i)
                fputs(", ", out);
            json_q(out, T->hi + i);
        }
        fprintf(out, "]}");
    } else {
        fprintf(out, "\"R^d0\"");
    }
    fprintf(out, ", \"moves\": [");
    for (k = 0; k < T->nmoves; k++) {
        const rf_canon_move_struct *m = T->moves + k;
        fprintf(out, "%s{\"kind\": \"%s\", \"layer\": %ld, \"neuron\": %ld", k ? ", " : "",
                kind_name[m->kind], (long) m->layer + 1, (long) m->neuron + 1);
        if (m->kind == RF_CANON_DEAD) {
            fprintf(out, ", \"upper_bound\": ");
            json_q(out, m->c);
        } else if (m->kind == RF_CANON_CONSTANT) {
            fprintf(out, ", \"value\": ");
            json_q(out, m->c);
        } else if (m->kind == RF_CANON_TWIN) {
            fprintf(out, ", \"target\": %ld, \"factor\": ", (long) m->target + 1);
            json_q(out, m->c);
        }
        fprintf(out, ", \"round\": %ld}", (long) m->round);
    }
    fprintf(out, "], \"layers\": [");
    for (h = 0; h + 1 < T->L; h++) {
        fprintf(out, "%s{\"position\": [", h ? ", " : "");
        for (i = 0; i < T->dims[h + 1]; i++) {
            if (i)
                fputs(", ", out);
            if (T->pos[h][i] < 0)
                fputs("null", out);
            else
                fprintf(out, "%ld", (long) T->pos[h][i] + 1);
        }
        fprintf(out, "], \"scale\": [");
        for (i = 0; i < T->dims[h + 1]; i++) {
            if (i)
                fputs(", ", out);
            json_q(out, T->scale[h] + i);
        }
        fprintf(out, "]}");
    }
    fprintf(out, "]}");
}

/* B's neuron at canonical position p of hidden layer h, or -1. */
static slong at_position(const rf_canon_trace_t T, slong h, slong p)
{
    slong j;
    for (j = 0; j < T->dims[h + 1]; j++)
        if (T->pos[h][j] == p)
            return j;
    return -1;
}

void rf_canon_map_fprint(FILE *out, const rf_canon_trace_t TA,
                         const rf_canon_trace_t TB, const char *prefix)
{
    slong h, i;
    fmpq_t s;
    fmpq_init(s);
    for (h = 0; h + 1 < TA->L && h + 1 < TB->L; h++) {
        slong *inv = flint_malloc((TB->dims[h + 1] + 1) * sizeof(slong)), p;
        for (p = 0; p < TB->dims[h + 1]; p++)
            inv[p] = at_position(TB, h, p);
        fprintf(out, "%shidden layer %ld:", prefix, (long) h + 1);
        for (i = 0; i < TA->dims[h + 1]; i++) {
            slong q = TA->pos[h][i], j;
            if (q < 0 || q >= TB->dims[h + 1] || (j = inv[q]) < 0)
                continue;
            fmpq_div(s, TA->scale[h] + i, TB->scale[h] + j);
            fprintf(out, " %ld->%ld", (long) i + 1, (long) j + 1);
            if (!fmpq_is_one(s)) {
                fputc('(', out);
                fmpq_fprint(out, s);
                fputc(')', out);
            }
        }
        fputc('\n', out);
        flint_free(inv);
    }
    fmpq_clear(s);
}

void rf_canon_map_fprint_json(FILE *out, const rf_canon_trace_t TA,
                              const rf_canon_trace_t TB)
{
    slong h, i;
    int first;
    fmpq_t s;
    fmpq_init(s);
    fputc('[', out);
    for (h = 0; h + 1 < TA->L && h + 1 < TB->L; h++) {
        slong *inv = flint_malloc((TB->dims[h + 1] + 1) * sizeof(slong)), p;
        for (p = 0; p < TB->dims[h + 1]; p++)
            inv[p] = at_position(TB, h, p);
        fprintf(out, "%s[", h ? ", " : "");
        first = 1;
        for (i = 0; i < TA->dims[h + 1]; i++) {
            slong q = TA->pos[h][i], j;
            if (q < 0 || q >= TB->dims[h + 1] || (j = inv[q]) < 0)
                continue;
            fmpq_div(s, TA->scale[h] + i, TB->scale[h] + j);
            fprintf(out, "%s{\"a\": %ld, \"b\": %ld, \"scale\": ", first ? "" : ", ",
                    (long) i + 1, (long) j + 1);
            json_q(out, s);
            fputc('}', out);
            first = 0;
        }
        fputc(']', out);
        flint_free(inv);
    }
    fputc(']', out);
    fmpq_clear(s);
}
