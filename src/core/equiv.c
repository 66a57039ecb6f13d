/* Equivalence results: certificates and their exact re-check, printing. */
#include <string.h>
#include <flint/fmpq_vec.h>
#include "relufiber/equiv.h"
#include "relufiber/text.h"
#include "relufiber/qvec.h"

void rf_equiv_init(rf_equiv_t res)
{
    memset(res, 0, sizeof(*res));
    res->verdict = RF_EQUIV_UNKNOWN;
}

static void free_fields(rf_equiv_t res)
{
    if (res->x)
        _fmpq_vec_clear(res->x, res->n_in);
    if (res->yA)
        _fmpq_vec_clear(res->yA, res->n_out);
    if (res->yB)
        _fmpq_vec_clear(res->yB, res->n_out);
    flint_free(res->cert_text);
    flint_free(res->cert_json);
    flint_free(res->reason);
    flint_free(res->method);
    res->x = res->yA = res->yB = NULL;
    res->cert_text = res->cert_json = res->reason = res->method = NULL;
}

void rf_equiv_set_method(rf_equiv_t res, const char *method)
{
    char *m = rf_text_dup(method);
    flint_free(res->method);
    res->method = m;
}

const char *rf_equiv_method(const rf_equiv_t res)
{
    return res->method != NULL ? res->method : "";
}

void rf_equiv_clear(rf_equiv_t res)
{
    free_fields(res);
}

int rf_equiv_set_separating(rf_equiv_t res, const rf_net_t A,
                            const rf_net_t B, const fmpq *x,
                            const char *method)
{
    free_fields(res);
    res->n_in = rf_net_in_dim(A);
    res->n_out = rf_net_out_dim(A);
    res->x = _fmpq_vec_init(res->n_in);
    res->yA = _fmpq_vec_init(res->n_out);
    res->yB = _fmpq_vec_init(res->n_out);
    rf_qvec_set(res->x, x, res->n_in);
    rf_net_eval(res->yA, A, x);
    rf_net_eval(res->yB, B, x);
    rf_equiv_set_method(res, method);
    /* The verdict is NO only if the re-check holds: a caller that drops the
     * return value must never be left holding an uncertified NO. On failure
     * x, yA, yB stay stored for diagnosis, with verdict UNKNOWN. */
    if (rf_qvec_equal(res->yA, res->yB, res->n_out)) {
        res->verdict = RF_EQUIV_UNKNOWN;
        return 0;
    }
    res->verdict = RF_EQUIV_NO;
    return 1;
}

void rf_equiv_set_equivalent(rf_equiv_t res, const char *method,
                             const char *cert_text, const char *cert_json)
{
    free_fields(res);
    res->verdict = RF_EQUIV_YES;
    rf_equiv_set_method(res, method);
    res->cert_text = rf_text_dup(cert_text);
    res->cert_json = rf_text_dup(cert_json);
}

void rf_equiv_fprint(FILE *out, const rf_equiv_t res)
{
    switch (res->verdict) {
    case RF_EQUIV_YES:
        fprintf(out, "equivalent (decided by %s)\n", rf_equiv_method(res));
        if (res->cert_text)
            fprintf(out, "certificate:\n%s", res->cert_text);
        break;
    case RF_EQUIV_NO:
        fprintf(out, "not equivalent (decided by %s)\n", rf_equiv_method(res));
        fprintf(out, "separating input x = ");
        rf_text_qvec(out, res->x, res->n_in, 0);
        fprintf(out, "\n  f_A(x) = ");
        rf_text_qvec(out, res->yA, res->n_out, 0);
        fprintf(out, "\n  f_B(x) = ");
        rf_text_qvec(out, res->yB, res->n_out, 0);
        fprintf(out, "\n");
        break;
    default:
        fprintf(out, "unknown (%s)\n", rf_equiv_method(res));
    }
    if (res->reason)
        fprintf(out, "note: %s\n", res->reason);
}

void rf_equiv_fprint_json(FILE *out, const rf_equiv_t res)
{
    static const char *names[] = {"equivalent", "not_equivalent", "unknown"};
    fprintf(out, "{\"verdict\": \"%s\", \"method\": ", names[res->verdict]);
    rf_text_json_str(out, rf_equiv_method(res));
    if (res->verdict == RF_EQUIV_NO) {
        fprintf(out, ", \"x\": ");
        rf_text_qvec(out, res->x, res->n_in, 1);
        fprintf(out, ", \"f_A\": ");
        rf_text_qvec(out, res->yA, res->n_out, 1);
        fprintf(out, ", \"f_B\": ");
        rf_text_qvec(out, res->yB, res->n_out, 1);
    }
    if (res->cert_text) {
        fprintf(out, ", \"certificate_text\": ");
        rf_text_json_str(out, res->cert_text);
    }
    if (res->cert_json)
        fprintf(out, ", \"certificate\": %s", res->cert_json);
    if (res->reason) {
        fprintf(out, ", \"reason\": ");
        rf_text_json_str(out, res->reason);
    }
    fprintf(out, "}\n");
}

void rf_equiv_swap(rf_equiv_t a, rf_equiv_t b)
{
    rf_equiv_struct t = *a;
    *a = *b;
    *b = t;
}
