"""The assignment problem (Kuhn-Munkres with potentials), exact, O(n^3).

Small and dependency-free: scipy is not installed, and the problems here
have a few dozen rows at most.
"""

from __future__ import annotations

INF = float("inf")


def assign(cost: list[list[float]]) -> tuple[float, list[int]]:
    """Minimum-cost perfect assignment of a square matrix.

    Returns the total cost and ``col[i]``, the column given to row ``i``.
    Entries may be ``INF`` (forbidden); the total is ``INF`` when no finite
    assignment exists.
    """
    n = len(cost)
    if n == 0:
        return 0.0, []
    big = 1e12
    a = [[(c if c < INF else big) for c in row] for row in cost]
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = INF
            j1 = 0
            row = a[i0 - 1]
            ui0 = u[i0]
            for j in range(1, n + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    col = [0] * n
    for j in range(1, n + 1):
        if p[j]:
            col[p[j] - 1] = j - 1
    total = 0.0
    for i in range(n):
        c = cost[i][col[i]]
        if c >= INF:
            return INF, col
        total += c
    return total, col
