"""Learning the interactive matcher's weights from synthetic children with known truth.

The matcher sees only the candidates PostgreSQL finds, so it is trained on exactly
those: a synthetic population goes into the child index (in a transaction that is
rolled back), a second, error-laden view of it is matched child by child through
`child_candidate_rows`, and every candidate's comparison levels are counted as a true
or a false match. A logistic regression on those levels (one weight per level, the
"missing" level of each field fixed at zero) gives weights in the same form as a
Fellegi-Sunter model, log2 odds, so they add up and explain themselves; unlike
independent m and u probabilities it learns that brothers and sisters share a surname
*and* a postcode, and does not count that evidence twice.

Two constraints keep the scores sensible whatever the sample: a level the officer is
told agrees never has a negative weight and a level told to disagree never a positive
one (so adding an agreeing field can never lower a score), and no level of a field
outweighs the field's exact agreement.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cme.children import candidates
from cme.core import clock
from cme.matching import scoring
from cme.synth.errors import make_pair

from .index import incoming_from_record, load_people

FIELDS = tuple(scoring.LEVELS)
FEATURES = tuple((name, level) for name in FIELDS for level in scoring.LEVELS[name] if level != "missing")


@dataclass
class Examples:
    """Counts of candidate pairs by their comparison levels, split by truth."""

    counts: Counter[tuple[tuple[str, ...], bool]]
    queries: int
    true_pairs: int
    true_pairs_found: int

    @property
    def candidate_pairs(self) -> int:
        return sum(self.counts.values())


def collect_examples(children: int, seed: int, *, local_authority_id: int, overlap: float = 0.5) -> Examples:
    """Match a synthetic pair's right file against its left file loaded into the index
    (rolled back afterwards) and count what the candidates look like."""
    pair = make_pair(children, overlap, seed)
    truth = {right: left for left, right in pair.truth}
    counts: Counter[tuple[tuple[str, ...], bool]] = Counter()
    found = 0
    with transaction.atomic():
        child_ids = load_people(pair.left, local_authority_id=local_authority_id)
        for record in pair.right:
            incoming = incoming_from_record(record)
            true_child = child_ids.get(truth.get(record.id, ""))
            for row in candidates.child_candidate_rows(incoming, local_authority_id):
                child_id, first, middle, last, other, dob, sex, upn, postcode = row
                found_levels = scoring.levels(incoming, first_name=first, last_name=last,
                                               other_names=f"{middle} {other}", dob=dob, sex=sex,
                                               postcode=postcode or "", upn=upn)
                is_match = child_id == true_child
                found += is_match
                counts[tuple(found_levels[name] for name in FIELDS), is_match] += 1
        transaction.set_rollback(True)
    return Examples(counts=counts, queries=len(pair.right), true_pairs=len(pair.truth), true_pairs_found=found)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are ~40 x 40)."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(column + 1, size):
            factor = rows[r][column] / rows[column][column]
            if factor:
                for c in range(column, size + 1):
                    rows[r][c] -= factor * rows[column][c]
    solution = [0.0] * size
    for r in reversed(range(size)):
        solution[r] = (rows[r][size] - sum(rows[r][c] * solution[c] for c in range(r + 1, size))) / rows[r][r]
    return solution


def fit(examples: Examples, *, l2: float = 1.0, iterations: int = 30) -> dict:
    """Logistic regression by Newton's method on the grouped counts; weights in log2 odds."""
    index = {feature: position + 1 for position, feature in enumerate(FEATURES)}  # 0 is the intercept
    groups: dict[tuple[str, ...], list[int]] = {}
    for (key, is_match), count in examples.counts.items():
        groups.setdefault(key, [0, 0])[is_match] += count
    rows = [([0] + [index[(name, level)] for name, level in zip(FIELDS, key, strict=True) if level != "missing"],
             tally[1], tally[0] + tally[1]) for key, tally in groups.items()]
    size = len(FEATURES) + 1
    beta = [0.0] * size
    for _ in range(iterations):
        gradient = [-l2 * b for b in beta]
        gradient[0] = 0.0
        hessian = [[0.0] * size for _ in range(size)]
        for position in range(1, size):
            hessian[position][position] = l2
        for active, positives, total in rows:
            eta = sum(beta[i] for i in active)
            p = 1 / (1 + math.exp(-eta)) if eta > -700 else 0.0
            residual, curvature = positives - total * p, total * p * (1 - p)
            for i in active:
                gradient[i] += residual
                for j in active:
                    hessian[i][j] += curvature
        hessian[0][0] += 1e-9
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    to_log2 = 1 / math.log(2)
    weights = {name: {"missing": 0.0} for name in FIELDS}
    for feature, position in index.items():
        weights[feature[0]][feature[1]] = beta[position] * to_log2
    return {"prior_log2_odds": round(beta[0] * to_log2, 3), "weights": constrain(weights)}


def constrain(weights: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Agreeing levels >= 0 >= disagreeing levels; nothing above the field's exact level."""
    result = {}
    for name, levels in weights.items():
        verdicts = scoring.LEVELS[name]
        fixed = {}
        for level, weight in levels.items():
            verdict = verdicts[level][0]
            if verdict in (scoring.Verdict.AGREE, scoring.Verdict.CLOSE):
                weight = max(weight, 0.0)
            elif verdict is scoring.Verdict.DISAGREE:
                weight = min(weight, 0.0)
            fixed[level] = weight
        top = fixed["exact"]
        result[name] = {level: round(min(weight, top), 3) for level, weight in fixed.items()}
    return result


def train(children: int, seed: int, *, local_authority_id: int, out: Path | None = None) -> dict:
    examples = collect_examples(children, seed, local_authority_id=local_authority_id)
    trained = fit(examples)
    trained["trained"] = {
        "how": "cme train-matcher: logistic regression on the candidates of a synthetic pair (cme.synth.errors)",
        "date": clock.today().isoformat(), "children": children, "seed": seed, "queries": examples.queries,
        "candidate_pairs": examples.candidate_pairs, "true_pairs": examples.true_pairs,
        "true_pairs_among_candidates": examples.true_pairs_found,
    }
    if out:
        out.write_text(json.dumps(trained, indent=2) + "\n")
    return trained
