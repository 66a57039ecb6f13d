/* The linear assignment problem in double: rf_align_lap.
 *
 * Theorem (Kuhn-Munkres with potentials; the shortest-augmenting-path form
 * of Jonker and Volgenant). Keep dual potentials u (rows) and v (columns)
 * with u_i + v_j <= c_ij on every pair and equality on the matched pairs.
 * Rows are added one at a time; a Dijkstra-like search over the reduced
 * costs c_ij - u_i - v_j >= 0 finds a shortest augmenting path from the new
 * row to a free column, the potentials are shifted by the distances (which
 * keeps feasibility and makes the path tight), and the matching is flipped
 * along the path. After n rows the matching is perfect and complementary to
 * a feasible dual solution, hence optimal (LP duality). Each row costs
 * O(n^2), O(n^3) in total. Comparisons are strict and scan columns in
 * increasing order, so ties are broken deterministically.
 */
#include <float.h>
#include <stdlib.h>
#include "relufiber/align.h"

double rf_align_lap(slong *col, const double *cost, slong n)
{
    /* index 0 is a virtual column; rows and columns are 1-based inside */
    double *u, *v, *mind, total = 0.0;
    slong *rowof, *prev, i, j;
    char *done;
    if (n <= 0)
        return 0.0;
    u = calloc((size_t) n + 1, sizeof(double));
    v = calloc((size_t) n + 1, sizeof(double));
    mind = malloc(((size_t) n + 1) * sizeof(double));
    rowof = calloc((size_t) n + 1, sizeof(slong));   /* row matched to column j, 0 = free */
    prev = calloc((size_t) n + 1, sizeof(slong));    /* previous column on the path */
    done = malloc((size_t) n + 1);
    if (u == NULL || v == NULL || mind == NULL || rowof == NULL || prev == NULL || done == NULL)
        flint_abort();
    for (i = 1; i <= n; i++) {
        slong cur = 0, next = 0;
        rowof[0] = i;
        for (j = 0; j <= n; j++) {
            mind[j] = DBL_MAX;
            done[j] = 0;
        }
        do {
            slong r = rowof[cur];
            double best = DBL_MAX;
            const double *crow = cost + (r - 1) * n;
            done[cur] = 1;
            next = -1;
            for (j = 1; j <= n; j++) {
                double red;
                if (done[j])
                    continue;
                red = crow[j - 1] - u[r] - v[j];
                if (red < mind[j]) {
                    mind[j] = red;
                    prev[j] = cur;
                }
                if (next < 0 || mind[j] < best) {
                    best = mind[j];
                    next = j;
                }
            }
            for (j = 0; j <= n; j++) {
                if (done[j]) {
                    u[rowof[j]] += best;
                    v[j] -= best;
                } else
                    mind[j] -= best;
            }
            cur = next;
        } while (rowof[cur] != 0);
        /* flip the matching along the path back to the virtual column */
        while (cur != 0) {
            slong p = prev[cur];
            rowof[cur] = rowof[p];
            cur = p;
        }
    }
    for (j = 1; j <= n; j++)
        col[rowof[j] - 1] = j - 1;
    for (i = 0; i < n; i++)
        total += cost[i * n + col[i]];
    free(u);
    free(v);
    free(mind);
    free(rowof);
    free(prev);
    free(done);
    return total;
}
