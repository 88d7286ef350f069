"""Put fragments back in order, in two exact stages.

**Stage 1, the joins.**  Every fragment ending in a cut is continued by
exactly one fragment, or by nothing (text is missing: a lacuna); every
fragment starting mid-sentence continues exactly one cut, or follows a
lacuna.  This is an assignment problem, solved exactly (:mod:`.hungarian`:
the Jonker-Volgenant method of the ``lap`` package) on the join scores of
:class:`.fragments.Scorer`.
An assignment may close a cycle (``a`` continues ``b`` continues ``a``) or
chain fragments whose note calls fall or whose headings break the contents'
order: such a solution is refused by branch and bound (one branch forbids
each join of the faulty chain in turn), best bound first, so the first
acceptable assignment found is the best one.  The search has a budget
scaled to the problem's size; past it (long texts) a greedy search takes
over: forbid the weakest join of a fault, solve again, until no fault is
left, and the result is reported as not proven best.

**Stage 2, the chains.**  The joined chains are then ordered: headings in
the contents' order, note calls rising, pinned orders kept, and otherwise
the file's order preferred.  A depth-first branch and bound over the chains
finds the best order; it stops after a budget and says so.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from .fragments import Fragment
from .scoring import FILE_ADJ, HEAD_ADJ, LACUNA, Arc
from .hungarian import INF, assign


@dataclass(frozen=True)
class Constraints:
    """Order constraints of one text."""

    ranks: tuple[int, ...]
    """Rank of each fragment's heading in the contents (0, 1, ...) or -1."""
    pins: dict[int, int] = field(default_factory=dict)
    """Pinned joins: fragment -> the fragment that must follow it."""
    order_pos: tuple[int, ...] = ()
    """Position of each fragment in a pinned relative order, or -1."""
    missing: frozenset[int] = frozenset()
    """Note numbers that appear nowhere: text holding them is missing."""


@dataclass(frozen=True)
class OrderResult:
    """The order found."""

    order: tuple[int, ...]
    """Fragment indexes, first to last."""
    links: frozenset[tuple[int, int]]
    """Joins decided in stage 1: ``(a, b)`` when ``b`` continues ``a``."""
    proven: bool
    """False when a search budget ran out."""
    notes_kept: bool
    """False when rising note calls had to be given up."""
    headings_kept: bool
    """False when the contents' order could not be kept."""
    steps: int
    """Search nodes visited, both stages."""


def _chain_fault(chain: list[int], frags: list[Fragment], c: Constraints,
                 notes: bool) -> list[tuple[int, int]]:
    """Joins of a chain that cannot all hold together (empty when fine)."""
    def span(key) -> list[tuple[int, int]]:
        marks = [(k, v) for k, i in enumerate(chain) for v in key(i)]
        for (k1, v1), (k2, v2) in zip(marks, marks[1:]):
            if v2 <= v1 and k2 > k1:
                return [(chain[k], chain[k + 1]) for k in range(k1, k2)]
        return []

    ranked = [(k, c.ranks[i]) for k, i in enumerate(chain) if c.ranks[i] >= 0]
    for (k1, r1), (k2, r2) in zip(ranked, ranked[1:]):
        if r2 != r1 + 1:  # headings in a chain must be consecutive
            return [(chain[k], chain[k + 1]) for k in range(k1, k2)]
    bad: list[tuple[int, int]] = []
    if not bad and c.order_pos:
        bad = span(lambda i: [c.order_pos[i]] if c.order_pos[i] >= 0 else [])
    if not bad and notes:
        bad = span(lambda i: list(frags[i].calls))
    if not bad and notes:
        # Calls inside one chain are consecutive: a number between them that
        # is called elsewhere, or is missing altogether, cannot fit there.
        elsewhere = {x for f in frags if f.index not in chain for x in f.calls}
        marks = [(k, v) for k, i in enumerate(chain) for v in frags[i].calls]
        for (k1, v1), (k2, v2) in zip(marks, marks[1:]):
            if k2 > k1 and any(n in elsewhere or n in c.missing
                               for n in range(v1 + 1, v2)):
                return [(chain[k], chain[k + 1]) for k in range(k1, k2)]
    return bad


def _cross_fault(chains: list[list[int]], frags: list[Fragment],
                 c: Constraints) -> list[tuple[int, int]]:
    """Joins that put a note call in the wrong section.

    Each fragment after a ranked heading in its chain belongs to that
    heading's section; a call in a later section must be higher than every
    call in an earlier one.  For the first pair of fragments that breaks
    this, return the joins linking each of them to its section's heading.
    """
    placed: list[tuple[int, int, list[tuple[int, int]]]] = []
    for ch in chains:
        section, path = -1, list[tuple[int, int]]()
        for k, i in enumerate(ch):
            if c.ranks[i] >= 0:
                section, path = c.ranks[i], []
            elif k:
                path = path + [(ch[k - 1], i)]
            if section >= 0 and frags[i].calls:
                for call in frags[i].calls:
                    placed.append((section, call, list(path)))
    for s1, c1, p1 in placed:
        for s2, c2, p2 in placed:
            if s1 < s2 and c1 > c2 and (p1 or p2):
                return p1 + p2
    # Chains holding headings follow the contents' order as wholes: every
    # call of an earlier one is lower than every call of a later one.
    ranked = [(min(c.ranks[i] for i in ch if c.ranks[i] >= 0),
               max(c.ranks[i] for i in ch if c.ranks[i] >= 0), ch)
              for ch in chains if any(c.ranks[i] >= 0 for i in ch)]
    for _lo_x, hi_x, x in ranked:
        for lo_y, _hi_y, y in ranked:
            if hi_x >= lo_y:
                continue
            last_x = max(k for k, i in enumerate(x) if c.ranks[i] >= 0)
            first_y = min(k for k, i in enumerate(y) if c.ranks[i] >= 0)
            for kx, i in enumerate(x):
                for ky, j in enumerate(y):
                    if (frags[i].calls and frags[j].calls
                            and max(frags[i].calls) > min(frags[j].calls)):
                        path = [(x[k], x[k + 1]) for k in range(last_x, kx)]
                        path += [(y[k], y[k + 1]) for k in range(ky, first_y)]
                        if path:
                            return path
    # The chain opening with the first heading of the contents comes first:
    # its calls must be lower than any call of another chain.
    for ch in chains:
        if c.ranks[ch[0]] != 0:
            continue
        others = [x for other in chains if other is not ch
                  for i in other for x in frags[i].calls]
        low = min(others, default=None)
        for k, i in enumerate(ch):
            if low is not None and any(x > low for x in frags[i].calls) and k:
                return [(ch[j], ch[j + 1]) for j in range(k)]
    return []


def _chains(succ: dict[int, int], n: int) -> tuple[list[list[int]], list[list[int]]]:
    """Chains (paths) and cycles of a successor map."""
    has_pred = set(succ.values())
    chains, seen = [], set()
    for i in range(n):
        if i in has_pred:
            continue
        chain = [i]
        while chain[-1] in succ:
            chain.append(succ[chain[-1]])
        seen.update(chain)
        chains.append(chain)
    cycles = []
    for i in range(n):
        if i in seen:
            continue
        cyc = [i]
        seen.add(i)
        while succ[cyc[-1]] != i:
            cyc.append(succ[cyc[-1]])
            seen.add(cyc[-1])
        cycles.append(cyc)
    return chains, cycles


def match(frags: list[Fragment], arcs: list[list[Arc]], start: list[Arc],
          c: Constraints, notes: bool = True, budget: int = 0
          ) -> tuple[dict[int, int] | None, int]:
    """Stage 1: the best acceptable assignment of continuations to cuts.

    Returns the successor map and the steps taken, negative when the
    budget (by default scaled to the problem's size, so that a search
    stays within seconds) ran out and a greedy search (forbid the weakest
    join of a fault, solve again) gave the answer instead."""
    n = len(frags)
    pinned_to = {b: a for a, b in c.pins.items()}
    # Clean fragments followed in the file by a heading with no page break
    # between them: kept together unless a constraint forbids it.
    glued = {f.index: f.index + 1 for f in frags[:-1]
             if f.end == "clean" and f.file_next and frags[f.index + 1].soft_start
             and f.index not in c.pins and f.index + 1 not in pinned_to}
    rows = [f.index for f in frags
            if f.end != "clean" or f.index in c.pins or f.index in glued]
    cols = [f.index for f in frags if f.start != "heading"
            or f.index in pinned_to or f.index in glued.values()]
    if not rows or not cols:
        return {}, 0

    def value(i: int, j: int) -> float:
        if i == j:
            return -INF
        if i in glued:
            return HEAD_ADJ if glued[i] == j else -INF
        if frags[j].start == "heading" and j not in pinned_to:
            return -INF
        if i in c.pins:
            return arcs[i][j].score if c.pins[i] == j else -INF
        if j in pinned_to:
            return -INF
        a = arcs[i][j]
        return -INF if a.join in ("lacuna", "new") else a.score

    def head_value(j: int) -> float:
        if j in pinned_to:
            return -INF
        if frags[j].start == "lower":
            return -LACUNA
        if frags[j].start == "heading":
            return 0.0
        best = start[j].score
        for f in frags:
            if f.end == "clean" and f.index != j and f.index not in c.pins:
                best = max(best, arcs[f.index][j].score)
        return best

    import numpy as np

    # Costs (negated scores; INF: forbidden) of the joins row -> column.
    joins = -np.array([[value(i, j) for j in cols] for i in rows], dtype=float)
    tails = [-INF if i in c.pins else 0.0 if frags[i].end == "clean"
             else -LACUNA for i in rows]
    heads = [head_value(j) for j in cols]
    nr, nc = len(rows), len(cols)
    size = nr + nc
    row_of = {i: r for r, i in enumerate(rows)}
    col_of = {j: k for k, j in enumerate(cols)}

    def solve(forbid: frozenset, force: frozenset) -> tuple[float, dict[int, int]]:
        # Rows: the cuts, then a dummy row per column (it starts a chain);
        # columns: the continuations, then a dummy column per row (the
        # text ends there, or a lacuna follows).
        m = np.full((size, size), INF)
        block = joins.copy()
        for i, j in forbid:  # joins of a solution: a row and a column each
            block[row_of[i], col_of[j]] = INF
        frow = {i: j for i, j in force}
        fcol = {j: i for i, j in force}
        for i, j in force:  # row i and column j: this join or none
            r, k = row_of[i], col_of[j]
            keep = block[r, k]
            block[r, :] = INF
            block[:, k] = INF
            block[r, k] = keep
        m[:nr, :nc] = block
        for r, i in enumerate(rows):
            if tails[r] > -INF and i not in frow:
                m[r, nc + r] = -tails[r]
        for k, j in enumerate(cols):
            if heads[k] > -INF and j not in fcol:
                m[nr + k, k] = -heads[k]
        m[nr:, nc:] = 0.0
        cost, col = assign(m)
        succ = {rows[r]: cols[col[r]] for r in range(nr) if col[r] < nc}
        return cost, succ

    def faults(succ: dict[int, int]) -> list[tuple[int, int]]:
        """The shortest set of joins that cannot all hold (empty: none)."""
        chains, cycles = _chains(succ, n)
        found = [[(cy[k], cy[(k + 1) % len(cy)]) for k in range(len(cy))]
                 for cy in cycles]
        found += [f for f in (_chain_fault(ch, frags, c, notes) for ch in chains) if f]
        if not found and notes:
            cross = _cross_fault(chains, frags, c)
            if cross:
                found.append(cross)
        return min(found, key=len) if found else []

    def greedy() -> dict[int, int] | None:
        """Forbid the weakest join of a fault and solve again, until no
        fault is left: not proven best, but fast on long texts."""
        forbid: set[tuple[int, int]] = set()
        while True:
            cost, succ = solve(frozenset(forbid), frozenset())
            if cost >= INF:
                return None
            bad = [e for e in faults(succ) if c.pins.get(e[0]) != e[1]]
            if not bad:
                return succ
            forbid.add(min(bad, key=lambda e: arcs[e[0]][e[1]].score))

    size = nr + nc
    if budget <= 0:
        budget = max(12, min(400, int(4e6 / size ** 3)))
    steps = 0
    cost, succ = solve(frozenset(), frozenset())
    Joins = frozenset[tuple[int, int]]
    heap: list[tuple[float, int, Joins, Joins, dict[int, int]]] = [
        (cost, 0, frozenset(), frozenset(), succ)]
    tick = 1
    while heap and steps < budget:
        cost, _, forbid, force, succ = heapq.heappop(heap)
        steps += 1
        if cost >= INF:
            return None, steps
        bad = faults(succ)
        if not bad:
            return succ, steps
        bad = [e for e in bad if e not in force]
        kept: list[tuple[int, int]] = []
        for e in bad:
            child_forbid = forbid | {e}
            child_force = force | set(kept)
            ccost, csucc = solve(child_forbid, frozenset(child_force))
            if ccost < INF:
                heapq.heappush(heap, (ccost, tick, child_forbid,
                                      frozenset(child_force), csucc))
                tick += 1
            kept.append(e)
    if not heap and steps < budget:
        return None, steps
    # Budget spent: fall back on the greedy search.
    return greedy(), -steps


def order_chains(chains: list[list[int]], frags: list[Fragment],
                 arcs: list[list[Arc]], start: list[Arc], c: Constraints,
                 headings: str, notes: bool, budget: int = 30000
                 ) -> tuple[list[int] | None, bool, int]:
    """Stage 2: the best order of chains; ``headings`` is ``strict``,
    ``rising`` or ``free``."""
    m = len(chains)
    head = [ch[0] for ch in chains]
    tail = [ch[-1] for ch in chains]
    ranks = [[c.ranks[i] for i in ch if c.ranks[i] >= 0] for ch in chains]
    opos = [[c.order_pos[i] for i in ch if c.order_pos and c.order_pos[i] >= 0]
            for ch in chains]
    calls = [[x for i in ch for x in frags[i].calls] for ch in chains]

    def trans(x: int, y: int) -> float:
        a, b = frags[tail[x]], frags[head[y]]
        if a.end == "clean" and b.start != "lower":
            return arcs[a.index][b.index].score
        return FILE_ADJ if a.file_next and b.index == a.index + 1 else 0.0

    def first(y: int) -> float:
        b = frags[head[y]]
        if b.start == "lower":
            return 0.5 if b.index == 0 else 0.0
        return start[b.index].score

    t = [[trans(x, y) if x != y else -INF for y in range(m)] for x in range(m)]
    s0 = [first(y) for y in range(m)]
    maxin = [max([s0[y]] + [t[x][y] for x in range(m) if x != y])
             + (4.0 if calls[y] else 0.0) for y in range(m)]
    best_score = [-INF]
    best_path: list[list[int]] = []  # empty until an order is found
    steps = [0]
    path: list[int] = []
    used = [False] * m

    def ok(y: int, last_rank: int, last_call: int, last_ord: int) -> bool:
        if ranks[y] and headings != "free":
            if headings == "strict" and ranks[y][0] != last_rank + 1:
                return False
            if ranks[y][0] <= last_rank:
                return False
        if opos[y] and opos[y][0] != last_ord + 1:
            return False
        if notes and calls[y] and calls[y][0] <= last_call:
            return False
        return True

    def dfs(x: int, score: float, rem: float, last_rank: int, last_call: int,
            last_ord: int) -> None:
        steps[0] += 1
        if steps[0] > budget:
            raise TimeoutError
        if len(path) == m:
            if score > best_score[0] + 1e-9:
                best_score[0], best_path[:] = score, [list(path)]
            return
        if score + rem <= best_score[0] + 1e-9:
            return
        cands = []
        for y in range(m):
            if used[y] or not ok(y, last_rank, last_call, last_ord):
                continue
            s = t[x][y] if x >= 0 else s0[y]
            if calls[y]:
                gap = calls[y][0] - last_call - 1
                s += 4.0 if gap == 0 else -min(3.0, 0.5 * gap)
            cands.append((s, y))
        cands.sort(key=lambda p: (-p[0], head[p[1]]))
        for s, y in cands:
            used[y] = True
            path.append(y)
            dfs(y, score + s, rem - maxin[y],
                ranks[y][-1] if ranks[y] else last_rank,
                max(calls[y]) if calls[y] else last_call,
                opos[y][-1] if opos[y] else last_ord)
            path.pop()
            used[y] = False

    proven = True
    try:
        dfs(-1, 0.0, sum(maxin), -1, 0, -1)
    except (TimeoutError, RecursionError):
        # Out of budget, or the chains too many to search this deep: keep
        # the best order found so far (reported as not proven).
        proven = False
    if not best_path:
        return None, proven, steps[0]
    return [i for y in best_path[0] for i in chains[y]], proven, steps[0]


def find_order(frags: list[Fragment], arcs: list[list[Arc]], start: list[Arc],
               c: Constraints) -> OrderResult:
    """Both stages, relaxing the note and heading constraints only when no
    order satisfies them."""
    n = len(frags)
    steps = 0
    notes_kept = True
    succ, k = match(frags, arcs, start, c, notes=True)
    proven = k >= 0
    steps += abs(k)
    if succ is None:
        notes_kept = False
        succ, k = match(frags, arcs, start, c, notes=False)
        proven = k >= 0 and succ is not None
        steps += abs(k)
    if succ is None:
        succ = {}
    chains, cycles = _chains(succ, n)
    for cyc in cycles:  # only when the budget ran out: cut each cycle
        succ.pop(cyc[-1], None)
    chains, _ = _chains(succ, n)
    for headings, notes in (("strict", notes_kept), ("rising", notes_kept),
                            ("rising", False), ("free", False)):
        order, done, k = order_chains(chains, frags, arcs, start, c,
                                      headings, notes)
        steps += k
        if order is not None:
            return OrderResult(tuple(order), frozenset(succ.items()),
                               proven and done, notes_kept and notes,
                               headings != "free", steps)
    flat = tuple(i for ch in chains for i in ch)
    return OrderResult(flat, frozenset(succ.items()), False, False, False, steps)
