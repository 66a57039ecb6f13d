#!/usr/bin/python3
"""Script-checked facts behind the dimension formulas (docs/three_layer.md,
sections 4.4 and 5.5), exact integer arithmetic over a range of sizes:

1. phi(a', m, d, rho) = max_s (s-rho)(m-s) + a's + d(a'-s) equals the closed
   forms a'^2 (a' = rho <= min(m, d)) and a'(m+d) - rho(m+d-rho)
   (rho = min(a', m, d)).
2. For generic theta (rank M = rho0 = min(a, m, d), rowspace of M meeting the
   positive orthant when needed), the component A' = J+ (|Z'| = p - a) and a
   component with |A'| = rho0 have the same dimension, equal to
   (p - rho0)(m + d + 1) + rho0 (rho0 + 1), the upper-block part of the
   generic fiber dimension.
Prints OK and exits 0, or prints the first counterexample and exits 1."""
import sys


def phi(a, m, d, rho, pos_ok=True):
    best = None
    for s in range(rho, min(a, m) + 1):
        if s == rho and rho > 0 and not pos_ok:
            continue
        v = (s - rho) * (m - s) + a * s + d * (a - s)
        best = v if best is None else max(best, v)
    return best


def main():
    for m in range(1, 7):
        for d in range(1, 7):
            for a in range(0, 9):
                rho = min(a, m, d)
                f = phi(a, m, d, rho)
                if rho == a and f != a * a:
                    print("closed form a'^2 fails", m, d, a)
                    return 1
                if f != a * (m + d) - rho * (m + d - rho):
                    print("closed form a'(m+d)-rho(m+d-rho) fails", m, d, a, f)
                    return 1
                for p in range(a, a + 4):
                    target = (p - rho) * (m + d + 1) + rho * (rho + 1)
                    comp_j = (p - a) * (m + d + 1) + a + phi(a, m, d, rho)
                    comp_r = (p - rho) * (m + d + 1) + rho + phi(rho, m, d, rho)
                    if comp_j != target or comp_r != target:
                        print("component dimension mismatch", m, d, a, p,
                              comp_j, comp_r, target)
                        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
