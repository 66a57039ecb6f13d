/* Exact parsing of rationals and doubles. */
#include <mpfr.h>
#include <criterion/criterion.h>
#include "../rftest.h"
#include <string.h>
#include "relufiber/rational.h"
#include "relufiber/text.h"
#include <math.h>

static void check(const char *s, slong p, slong q)
{
    fmpq_t a, e;
    fmpq_init(a); fmpq_init(e);
    cr_assert_eq(rf_q_parse(a, s, strlen(s), NULL), 0, "parse %s", s);
    fmpq_set_si(e, p, q);
    cr_assert(fmpq_equal(a, e), "%s", s);
    fmpq_clear(a); fmpq_clear(e);
}

static void bad(const char *s)
{
    fmpq_t a;
    fmpq_init(a);
    cr_assert_neq(rf_q_parse(a, s, strlen(s), NULL), 0, "should reject '%s'", s);
    fmpq_clear(a);
}

Test(rational, parse_good)
{
    check("0", 0, 1); check("-12", -12, 1); check("+7", 7, 1);
    check("-3/4", -3, 4); check("6/8", 3, 4); check("0.125", 1, 8);
    check("1e-3", 1, 1000); check("-1.5E+2", -150, 1); check(".5", 1, 2);
    check("5.", 5, 1); check("0.1", 1, 10); check("2.5e-1", 1, 4);
}

Test(rational, parse_bad)
{
    bad(""); bad("-"); bad("1/0"); bad("nan"); bad("inf"); bad("1e"); bad("1e+");
    bad("1e99999"); bad("1/-2"); bad("3/"); bad("/3"); bad("1.2.3"); bad("0x10");
    bad("1,5"); bad("."); bad("e5"); bad("--1"); bad("1 2");
}

Test(rational, doubles_exact)
{
    fmpq_t a, e;
    fmpq_init(a); fmpq_init(e);
    cr_assert_eq(rf_q_set_d(a, 0.1), 0);
    fmpq_set_si(e, 1, 10);
    cr_assert(!fmpq_equal(a, e), "0.1 as a double is not 1/10");
    fmpz_set_str(fmpq_numref(e), "3602879701896397", 10);
    fmpz_set_str(fmpq_denref(e), "36028797018963968", 10);
    cr_assert(fmpq_equal(a, e));
    cr_assert_eq(rf_q_set_d(a, -0.75), 0);
    fmpq_set_si(e, -3, 4);
    cr_assert(fmpq_equal(a, e));
    cr_assert_neq(rf_q_set_d(a, 1.0 / 0.0), 0);
    fmpq_clear(a); fmpq_clear(e);
}

/* rf_q_get_d is the correctly rounded double (nearest, ties to even):
 * oracle MPFR's rounding of the exact quotient at 53 bits, on random
 * quotients of every size class, with the fast path (small num/den) and
 * the slow one (big parts, subnormal results). */
Test(rational, get_d_correctly_rounded)
{
    flint_rand_t st;
    slong it;
    fmpq_t q;
    mpfr_t m;
    rf_test_randinit(st);
    fmpq_init(q);
    mpfr_init2(m, 53);
    for (it = 0; rf_test_loop(it, 20000); it++) {
        double got, want;
        ulong bits = 1 + n_randint(st, it % 3 == 0 ? 120 : 60);
        fmpz_randtest(fmpq_numref(q), st, bits);
        fmpz_randtest_not_zero(fmpq_denref(q), st, 1 + n_randint(st, it % 5 == 0 ? 1100 : 60));
        fmpz_abs(fmpq_denref(q), fmpq_denref(q));
        fmpq_canonicalise(q);
        got = rf_q_get_d(q);
        mpfr_set_emin(-1073);
        mpfr_set_emax(1024);
        {
            int t = fmpq_get_mpfr(m, q, MPFR_RNDN);
            t = mpfr_subnormalize(m, t, MPFR_RNDN);
            (void) t;
        }
        want = mpfr_get_d(m, MPFR_RNDN);
        mpfr_set_emin(mpfr_get_emin_min());
        mpfr_set_emax(mpfr_get_emax_max());
        cr_assert(got == want, "rf_q_get_d: got %.17g, want %.17g [seed %lu iter %ld]", got, want,
                  (unsigned long) rf_test_seed(), (long) it);
    }
    mpfr_clear(m);
    fmpq_clear(q);
    flint_randclear(st);
}

/* The decimal view: each printed entry, read back exactly, is within half
 * a unit of the last of `digits` significant digits of the rational (the
 * correct rounding satisfies this; anything else far off fails). */
Test(rational, decimal_view_within_half_a_digit)
{
    flint_rand_t st;
    slong it;
    fmpq_t q, d, e, b;
    rf_test_randinit(st);
    fmpq_init(q); fmpq_init(d); fmpq_init(e); fmpq_init(b);
    for (it = 0; rf_test_loop(it, 3000); it++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int digits = 1 + (int) n_randint(st, 20);
        const char *why;
        fmpz_randtest_not_zero(fmpq_numref(q), st, 1 + n_randint(st, 200));
        fmpz_randtest_not_zero(fmpq_denref(q), st, 1 + n_randint(st, 200));
        fmpz_abs(fmpq_denref(q), fmpq_denref(q));
        fmpq_canonicalise(q);
        rf_text_qvec_decimal(f, q, 1, digits);
        fclose(f);
        cr_assert(len >= 3 && buf[0] == '(' && buf[len - 1] == ')', "%s", buf);
        cr_assert_eq(rf_q_parse(d, buf + 1, len - 2, &why), 0, "unparsable decimal view %s", buf);
        /* correct rounding to `digits` significant digits: error at most
           half a unit of the last digit, <= |q| 10^(1 - digits) / 2 */
        {
            fmpz_t p;
            fmpz_init(p);
            fmpz_set_ui(p, 10);
            fmpz_pow_ui(p, p, (ulong) digits - 1);
            fmpq_abs(b, q);
            fmpq_div_fmpz(b, b, p);
            fmpq_div_fmpz(b, b, (fmpz_t) {2});
            fmpz_clear(p);
        }
        fmpq_sub(e, d, q);
        fmpq_abs(e, e);
        cr_assert(fmpq_cmp(e, b) <= 0, "%s is not %d digits of the rational [iter %ld]", buf, digits,
                  (long) it);
        free(buf);
    }
    fmpq_clear(q); fmpq_clear(d); fmpq_clear(e); fmpq_clear(b);
    flint_randclear(st);
}
