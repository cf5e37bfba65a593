"""The linkage model: what is compared, how candidate pairs are found, and how it is trained.

A Fellegi-Sunter model as Splink implements it. Each comparison sorts a pair of
records into one level (first names exactly equal, nickname of each other, one typo
apart, ...). Each level has an m probability (how often true matches land there)
and a u probability (how often different children do). The match weight of a pair
is the sum over comparisons of log2(m/u) plus the prior log-odds that two records
are the same child; the match probability follows from the weight.

Why the comparisons look as they do (the synthetic errors in cme.synth.errors are
the council data problems they answer):

* Given name: exact (with a term-frequency adjustment, so "Mohammed" agreeing says
  less than "Sharmarke" agreeing); any known form of each other from the nickname
  and transliteration tables (precomputed per record by `features`, so SQL only
  checks list membership); first and last names swapped (allowing a typo); one
  typo; close by Jaro-Winkler; the first name of one record among the other's
  middle names; different but with the same UPN; else.
* Surname: exact (term-frequency adjusted); the same canonical spelling
  (Chowdhury/Choudhury); swapped with the given name (weighing nothing here, as the
  given-name comparison already counts the swap); one record's surname is one part
  of the other's double-barrelled surname (Smith-Jones/Smith); one typo; close by
  Jaro-Winkler; else. A changed surname (a step-parent's) lands in else,
  whose m the training learns, so it costs the pair but does not sink it.
* Date of birth: exact; day and month swapped; one day or one digit out; day and
  month equal with the year one out; same year; else.
* Where the child lives: postcode and address together, because they are one fact
  (Fellegi-Sunter assumes comparisons independent given match status, and a
  postcode and an address are not): same postcode and similar address; same
  postcode with an address missing; same postcode but another address (a
  neighbour, or a typo); same address; similar address; same postcode sector; same
  district (or, for another country's postcodes, one character out); else.
  Addresses compare as sets of words, or by Jaro-Winkler on the whole line.
  A town column both files hold is its own comparison; so is any identifier.
* Sex and UPN: exact or not. A UPN that agrees is close to proof; a UPN that
  disagrees between two valid UPNs is strong evidence of two children. Invalid UPNs
  never reach the model (features drops them), so a mistyped UPN cannot count
  against a pair.

Twins are the hardest non-matches: same surname, date of birth and address, often
same sex. What separates them is the given name, so the given-name "else" level
must carry a large negative weight, and a UPN on both sides settles it.
`MAX_FIRST_NAME_DISAGREEMENT_WEIGHT` pins that weight after training (see there
and `apply_safeguards`), except where the UPNs agree. Brothers and sisters share
surname and address too; their dates of birth and given names part them.

Known limits: Fellegi-Sunter treats surname and address as independent evidence,
but within a household they agree together, so a sibling or twin whose given name
is missing on one side can still be linked; and a namesake born the same day, with
no UPN to tell them apart, links as the same child, as it would for a person
checking by hand.

Blocking (which pairs are scored at all) is a union of rules, each an equi-join
DuckDB runs quickly, chosen so that a true pair escapes only if it fails all of
them: the UPN; date of birth with the canonical given name, the surname key or the
postcode; the swapped date with the surname key, in both directions; the given name
and surname keys with no date; the postcode with the given-name key or the surname
key; names swapped, exactly or by their keys with the date of birth; each identifier.
On the 200,000 x 200,000 synthetic benchmark they find 99.98% of true pairs among 1.7
million candidates (bench/results/link_batch.md).

What is compared is a `Plan` (chosen from the files' profiles by
`cme.matching.adapt.plan_for`): comparisons whose columns a file leaves empty are left
out, and so are the blocking and training rules that use them.

SQL dialects: the levels are written once, by `comparisons(dialect)`, for DuckDB (the
canonical form, which model files hold and `check_compatible` compares) and for Spark
SQL, where a few functions are spelt differently: Splink's Scala jar supplies
jaro_winkler and damerau_levenshtein, array_contains stands for list_contains, and
datediff for date_diff. `for_dialect` rewrites a model's levels for a backend and back,
so a model trained on one backend is used unchanged on the other. The jar's
Jaro-Winkler counts transpositions as a fraction where DuckDB's rounds them down, so
the two can disagree by a few hundredths on long strings with repeated letters (for
example 0.919 against 0.925 for "12 elm row demoford" and "12 elm road demoford"):
a pair near a level's threshold can land one level apart on the two backends
(docs/linkage-at-scale.md gives the measured effect).

Training without labels (as Splink recommends): u by random sampling of pairs
(almost all random pairs are different children), m by expectation maximisation on
blocked sets of pairs chosen so that every comparison is trained by one
(`training_rules`): with every column, one blocked on names (to learn date, place,
sex and UPN) and one blocked on date of birth and postcode sector (to learn names,
sex and UPN); without postcodes, date of birth alone; and so on.
Levels no session can learn keep their values from the shipped default model, which
was itself trained this way on a large synthetic pair, so a small file still gets
sensible weights. Files too small to train on use that model as it is. It was made,
and is remade whenever the comparisons change, with:

    cme synth pair --n 100000 --overlap 0.5 --seed 7 --left l.csv --right r.csv --truth t.csv
    cme link l.csv r.csv --out pairs.csv --save-model src/cme/matching/trained/default_model.json

(run the second line twice after a change to the comparisons: the first run starts
from Splink's defaults, the second from the first's estimates).
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "trained" / "default_model.json"

# Splink writes match weights as mw_<comparison> and the overall match_weight.
MATCH_WEIGHT_PREFIX = "mw_"


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(*columns: str) -> dict[str, Any]:
    sql = " OR ".join(f"{column}_l IS NULL OR {column}_r IS NULL" for column in columns)
    return _level(sql, "missing on either side", is_null_level=True)


# The backends' SQL dialects. DuckDB is canonical: model files hold its SQL.
CANONICAL_DIALECT = "duckdb"
DIALECTS = ("duckdb", "spark")


@dataclass(frozen=True)
class _Functions:
    """How a dialect spells the few SQL functions the levels use that are not common to both."""

    jaro_winkler: str
    list_contains: str
    string_type: str
    day_difference: str  # a template of the left and right date

    def similar(self, left: str, right: str, at_least: float) -> str:
        return f"{self.jaro_winkler}({left}, {right}) >= {at_least}"

    def contains(self, values: str, value: str) -> str:
        return f"{self.list_contains}({values}, {value})"

    @staticmethod
    def words_shared(left: str, right: str, at_least: float) -> str:
        """At least this share of the words of the two, in common (Jaccard similarity of two sets of words
        held as bits, `features.address_words`): the same SQL in both dialects."""
        return f"bit_count({left} & {right}) >= {at_least} * bit_count({left} | {right})"


# Spark: jaro_winkler and damerau_levenshtein come from the Scala jar shipped in the
# splink wheel (registered by Splink's SparkAPI); levenshtein, array_contains,
# bit_count and datediff are Spark SQL built-ins.
_FUNCTIONS = {
    "duckdb": _Functions("jaro_winkler_similarity", "list_contains", "VARCHAR", "date_diff('day', {0}, {1})"),
    "spark": _Functions("jaro_winkler", "array_contains", "STRING", "datediff({0}, {1})"),
}


def _functions(dialect: str) -> _Functions:
    try:
        return _FUNCTIONS[dialect]
    except KeyError:
        raise ValueError(f"no SQL for the dialect {dialect!r}; known: {', '.join(DIALECTS)}") from None


# -- what is compared: the plan ---------------------------------------------------------------

# The comparisons this module writes, by name, and the feature columns each needs.
STANDARD_COMPARISONS = ("first_name", "last_name", "dob", "location", "town", "sex", "upn")
IDENTIFIER_PREFIX = "x_"
LINK_TYPES = ("link_only", "dedupe_only", "link_and_dedupe")


@dataclass(frozen=True)
class Plan:
    """What a model compares, chosen from the columns two files hold (`plan_for`).

    `compared` are the standard comparisons in use; the location comparison uses
    postcodes, addresses or both, and postcode sectors and districts only when the
    postcodes are UK ones; a town column both files hold is compared on its own
    ("town"), with term frequencies, since a town shared by few says more than the
    county town does; `identifiers` are other columns both files hold as
    identifiers, each compared as `x_<name>`. The default plan compares everything,
    as the shipped model does.
    """

    compared: tuple[str, ...] = tuple(name for name in STANDARD_COMPARISONS if name != "town")
    postcodes: bool = True
    addresses: bool = True
    uk_postcodes: bool = True
    identifiers: tuple[str, ...] = ()
    link_type: str = "link_only"

    def uses(self, column: str) -> bool:
        """Whether a feature column holds values this plan compares (blocking and training rules use only those)."""
        if column.startswith(IDENTIFIER_PREFIX):
            return column[len(IDENTIFIER_PREFIX):] in self.identifiers
        source = _SOURCE_OF_FEATURE.get(column)
        if source == "location_postcode":
            return "location" in self.compared and self.postcodes
        if source == "location_uk":
            return "location" in self.compared and self.postcodes and self.uk_postcodes
        if source == "location_address":
            return "location" in self.compared and self.addresses
        return source in self.compared


FULL_PLAN = Plan()

_SOURCE_OF_FEATURE = {
    "first_name": "first_name", "first_canon": "first_name", "first_key": "first_name", "first_variants": "first_name",
    "last_name": "last_name", "last_canon": "last_name", "last_key": "last_name", "last_parts": "last_name",
    "dob": "dob", "dob_swapped": "dob", "dob_year": "dob", "sex": "sex", "upn": "upn", "town": "town",
    "postcode": "location_postcode", "postcode_sector": "location_uk", "postcode_district": "location_uk",
    "address": "location_address", "address_words": "location_address",
}


def _identifier(name: str) -> str:
    return f"{IDENTIFIER_PREFIX}{name}"


def _same_identifier(plan: Plan) -> str | None:
    """Agreement on the UPN or any identifier compared: near proof of the same person (see apply_safeguards).

    Another system's identifier may also be one character out (a typo, since nothing
    checks it); two valid UPNs one character apart are two UPNs (twins' are often
    consecutive), and a mistyped UPN fails its check letter and never reaches here.
    """
    conditions = ["upn_l = upn_r"] if "upn" in plan.compared else []
    for name in plan.identifiers:
        column = _identifier(name)
        conditions += [f"{column}_l = {column}_r", _one_typo(column)]
    return " OR ".join(conditions) or None


SAME_UPN = "upn_l = upn_r"
SAME_IDENTIFIER_LABEL = "different, but the same UPN or identifier"

# Given name and surname recorded in each other's place, allowing a typo in either
# (a record keyed in a hurry gets both wrong at once).


def _swapped(sql: _Functions) -> str:
    return f"{sql.similar('first_name_l', 'last_name_r', 0.9)} AND {sql.similar('last_name_l', 'first_name_r', 0.9)}"


_SWAPPED = _swapped(_FUNCTIONS[CANONICAL_DIALECT])
# One name written in the other's field, the other name lost or different ("Alicia
# Heron" and "Heron Brooke"): scored once, under the given name, like a swap.
MOVED = "first_name_l = last_name_r OR last_name_l = first_name_r"

# Term-frequency adjustments make agreement on a rare value count for more, but a
# value seen once may be a typo of a common one: no value counts as rarer than this.
TF_MINIMUM_U = 1e-4

# Term frequencies are shrunk towards the model's average agreement rate as if this
# many records with typical values had been seen besides the inputs. Two files of a
# few records otherwise make every value look common (a name on both sides of a 1 x 1
# link has a frequency of 1), and exact agreement would then count for nothing; for
# files of thousands the shrinkage is negligible.
TF_PSEUDO_RECORDS = 1000

# Addresses are compared as sets of words (house number, street, locality and town
# together), so a missing or extra line, words in another order or a typo in one word
# leave most of the address agreeing: "the same address" shares at least 3 words in 4,
# "a similar address" at least half.
SAME_ADDRESS_WORDS, SIMILAR_ADDRESS_WORDS = 0.75, 0.5


def _one_typo(column: str) -> str:
    """One insertion, deletion, substitution or transposition apart (the same SQL in both dialects).

    Damerau-Levenshtein is several times slower than Levenshtein in DuckDB and AND does
    not short-circuit there, while CASE does: a transposition is two Levenshtein edits,
    so only pairs within two need the slower measure.
    """
    left, right = f"{column}_l", f"{column}_r"
    return f"CASE WHEN levenshtein({left}, {right}) > 2 THEN false ELSE damerau_levenshtein({left}, {right}) <= 1 END"


def _location(sql: _Functions, plan: Plan) -> list[dict[str, Any]]:
    """Postcode and address as one comparison, with the levels the plan's columns allow.

    Addresses agree as sets of words (a line missing or in another order) or as text
    (a space lost or gained, "copeplace" for "cope place", which splits words).
    """
    words_same = sql.words_shared("address_words_l", "address_words_r", SAME_ADDRESS_WORDS)
    words_similar = sql.words_shared("address_words_l", "address_words_r", SIMILAR_ADDRESS_WORDS)
    same_address = f"({words_same} OR {sql.similar('address_l', 'address_r', 0.95)})"
    similar_address = f"({words_similar} OR {sql.similar('address_l', 'address_r', 0.9)})"
    # A UK postcode one character out is usually in the same sector or district; any other
    # country's is compared as text, where a typo is one character out.
    uk = [_level("postcode_sector_l = postcode_sector_r", "same postcode sector"),
          _level("postcode_district_l = postcode_district_r", "same postcode district")] if plan.uk_postcodes else [
          _level(_one_typo("postcode"), "postcode one character out")]
    if plan.postcodes and plan.addresses:
        return [
            _level("(postcode_l IS NULL OR postcode_r IS NULL) AND (address_l IS NULL OR address_r IS NULL)",
                   "missing on either side", is_null_level=True),
            _level(f"CASE WHEN postcode_l = postcode_r THEN {similar_address} ELSE false END", "same postcode and address"),
            # Many files have postcodes but no address: that agreement must not be
            # confused with a neighbour's different address in the same postcode.
            _level("postcode_l = postcode_r AND (address_l IS NULL OR address_r IS NULL)",
                   "same postcode, address not known"),
            _level("postcode_l = postcode_r", "same postcode, different address"),
            _level(same_address, "same address"),
            _level(similar_address, "similar address"),
            *uk,
            _level("ELSE", "different"),
        ]
    if plan.postcodes:
        return [_null("postcode"), _level("postcode_l = postcode_r", "same postcode"), *uk, _level("ELSE", "different")]
    return [_null("address"), _level(same_address, "same address"), _level(similar_address, "similar address"),
            _level("ELSE", "different")]


def comparisons(dialect: str = CANONICAL_DIALECT, plan: Plan = FULL_PLAN) -> list[dict[str, Any]]:
    """The comparisons of `plan`, untrained, with their SQL written for `dialect` (see DIALECTS)."""
    sql = _functions(dialect)
    swapped = _swapped(sql)
    both_names = "first_name" in plan.compared and "last_name" in plan.compared
    same_identifier = _same_identifier(plan)
    first_name = [
        _null("first_name"),
        _level("first_name_l = first_name_r", "exact", tf_adjustment_column="first_name",
               tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MINIMUM_U),
        _level(f"{sql.contains('first_variants_l', 'first_name_r')} "
               f"OR {sql.contains('first_variants_r', 'first_name_l')}", "nickname or other spelling"),
        *([_level(swapped, "swapped with surname"), _level(MOVED, "one name in the other's place")]
          if both_names else []),
        _level(_one_typo("first_name"), "one typo"),
        _level(sql.similar("first_name_l", "first_name_r", 0.88), "similar"),
        # After "similar", so that filling in middle names can only move a pair
        # up from "different", never down from a level that weighs more.
        _level(f"{sql.contains('other_names_r', 'first_name_l')} "
               f"OR {sql.contains('other_names_l', 'first_name_r')}", "known by a middle name"),
        # Apart from "different" only so that the twins safeguard can spare it (see
        # apply_safeguards): it weighs what "different" would weigh without the cap.
        *([_level(same_identifier, SAME_IDENTIFIER_LABEL)] if same_identifier else []),
        _level("ELSE", "different"),
    ]
    last_name = [
        _null("last_name"),
        _level("last_name_l = last_name_r", "exact", tf_adjustment_column="last_name", tf_adjustment_weight=1.0,
               tf_minimum_u_value=TF_MINIMUM_U),
        _level("last_canon_l = last_canon_r", "other spelling"),
        # Scored once, by the given-name comparison; counting the swap twice would
        # make a swapped common pair (Abdi Hassan / Hassan Abdi) near-certain.
        *([_level(swapped, "swapped with given name (scored under given name)", is_null_level=True),
           _level(MOVED, "one name in the other's place (scored under given name)", is_null_level=True)]
          if both_names else []),
        _level(f"{sql.contains('last_parts_l', 'last_name_r')} OR {sql.contains('last_parts_r', 'last_name_l')}",
               "one part of a double-barrelled surname"),
        _level(_one_typo("last_name"), "one typo"),
        _level(sql.similar("last_name_l", "last_name_r", 0.88), "similar"),
        _level("ELSE", "different"),
    ]
    dob = [
        _null("dob"),
        _level("dob_l = dob_r", "exact", tf_adjustment_column="dob", tf_adjustment_weight=1.0,
               tf_minimum_u_value=TF_MINIMUM_U),
        _level("dob_swapped_l = dob_r", "day and month swapped"),
        _level(f"abs({sql.day_difference.format('dob_l', 'dob_r')}) <= 1 "
               f"OR levenshtein(CAST(dob_l AS {sql.string_type}), CAST(dob_r AS {sql.string_type})) <= 1",
               "one day or one digit out"),
        _level("month(dob_l) = month(dob_r) AND day(dob_l) = day(dob_r) AND abs(dob_year_l - dob_year_r) = 1",
               "year one out"),
        _level("dob_year_l = dob_year_r", "same year"),
        _level("ELSE", "different"),
    ]
    standard = {
        "first_name": ("Given name", first_name),
        "last_name": ("Surname", last_name),
        "dob": ("Date of birth", dob),
        "location": ("Postcode and address", _location(sql, plan)),
        "town": ("Town", [_null("town"), _level("town_l = town_r", "same", tf_adjustment_column="town",
                                                tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MINIMUM_U),
                          _level(sql.similar("town_l", "town_r", 0.9), "similar"), _level("ELSE", "different")]),
        "sex": ("Sex", [_null("sex"), _level("sex_l = sex_r", "same"), _level("ELSE", "different")]),
        "upn": ("Unique pupil number", [_null("upn"), _level(SAME_UPN, "same"), _level("ELSE", "different")]),
    }
    found = [{"output_column_name": name, "comparison_description": standard[name][0],
              "comparison_levels": standard[name][1]} for name in STANDARD_COMPARISONS if name in plan.compared]
    for name in plan.identifiers:
        column = _identifier(name)
        found.append({"output_column_name": column, "comparison_description": f"Identifier ({name})",
                      "comparison_levels": [_null(column), _level(f"{column}_l = {column}_r", "same"),
                                            _level(_one_typo(column), "one character out"),
                                            _level("ELSE", "different")]})
    return found


COMPARISONS: list[dict[str, Any]] = comparisons(CANONICAL_DIALECT)

# Candidate pairs: a pair is scored if any rule holds. Each rule is an equi-join,
# written as (left column, right column) pairs. Both directions of the swapped-date
# rule are listed so that scoring is the same whichever file is left. A plan keeps
# the rules whose columns it compares (`blocking_rules`), and adds one per identifier.
Rule = tuple[tuple[str, str], ...]


def _on(*columns: str) -> Rule:
    return tuple((column, column) for column in columns)


BLOCKING_KEYS: list[Rule] = [
    _on("upn"),
    _on("dob", "first_canon"),
    _on("dob", "last_key"),
    _on("dob", "postcode"),
    (("dob_swapped", "dob"), ("last_key", "last_key")),
    (("dob", "dob_swapped"), ("last_key", "last_key")),
    _on("first_canon", "last_key"),
    _on("postcode", "first_key"),
    _on("postcode", "last_key"),
    (("first_name", "last_name"), ("last_name", "first_name")),
    # Names swapped with a typo in one of them, in both directions.
    (("dob", "dob"), ("first_key", "last_key")),
    (("dob", "dob"), ("last_key", "first_key")),
]


def rule_sql(rule: Rule) -> str:
    return " AND ".join(f"l.{left} = r.{right}" for left, right in rule)


def rule_columns(rule: Rule) -> set[str]:
    return {column for pair in rule for column in pair}


def blocking_keys(plan: Plan) -> list[Rule]:
    return [rule for rule in BLOCKING_KEYS if all(plan.uses(column) for column in rule_columns(rule))] + [
        _on(_identifier(name)) for name in plan.identifiers]


def blocking_rules(plan: Plan = FULL_PLAN) -> list[str]:
    """The blocking rules of a plan, as Splink takes them."""
    return [rule_sql(rule) for rule in blocking_keys(plan)]


BLOCKING_RULES: list[str] = blocking_rules(FULL_PLAN)

# Blocking rules for the expectation-maximisation sessions, best first, each with the
# comparisons it cannot train (those whose columns it blocks on). `training_rules`
# chooses enough of them, among those the plan's columns allow, that every comparison
# is trained by at least one.
TRAINING_CANDIDATES: list[tuple[Rule, frozenset[str]]] = [
    (_on("first_name", "last_name"), frozenset({"first_name", "last_name"})),
    (_on("dob", "postcode_sector"), frozenset({"dob", "location"})),
    (_on("dob", "postcode"), frozenset({"dob", "location"})),
    (_on("dob"), frozenset({"dob"})),
    (_on("postcode", "first_key"), frozenset({"location", "first_name"})),
]
TRAINING_RULES: list[str] = [rule_sql(rule) for rule, _ in TRAINING_CANDIDATES[:2]]


def training_rules(plan: Plan, pair_count: Callable[[Rule], float] | None = None,
                   least: float = 0) -> list[str]:
    """The EM blocking rules for `plan`: each trains the comparisons its columns are not in.

    Rules are taken best first while some comparison is untrained and the rule would
    train it; a rule that `pair_count` says yields fewer than `least` pairs is passed
    over (too few pairs to learn from). A comparison no rule can train keeps the value
    it starts with (the shipped model's).
    """
    names = {item["output_column_name"] for item in comparisons(CANONICAL_DIALECT, plan)}
    candidates = list(TRAINING_CANDIDATES) + [(_on(_identifier(name)), frozenset({_identifier(name)}))
                                              for name in plan.identifiers]
    chosen: list[str] = []
    untrained = set(names)
    for rule, blind in candidates:
        if not all(plan.uses(column) for column in rule_columns(rule)):
            continue
        if not (untrained - blind):
            continue
        if pair_count is not None and pair_count(rule) < least:
            continue
        chosen.append(rule_sql(rule))
        untrained &= set(blind)
        if not untrained:
            break
    return chosen


# Deterministic rules for estimating the prior (the share of all pairs that match):
# pairs they find are nearly all true, and RECALL_OF_DETERMINISTIC_RULES is how many
# of the true pairs they are assumed to find.
DETERMINISTIC_CANDIDATES: list[Rule] = [
    _on("upn"),
    _on("first_name", "last_name", "dob"),
]
DETERMINISTIC_RULES: list[str] = [rule_sql(rule) for rule in DETERMINISTIC_CANDIDATES]
RECALL_OF_DETERMINISTIC_RULES = 0.8


def deterministic_rules(plan: Plan) -> list[str]:
    """Rules for the prior among those the plan's columns allow: the UPN, each identifier with a
    name, the full name and date of birth (or, without dates, the full name and postcode)."""
    found = [rule for rule in DETERMINISTIC_CANDIDATES if all(plan.uses(column) for column in rule_columns(rule))]
    for name in plan.identifiers:
        for other in ("last_name", "first_name", "dob"):
            if plan.uses(other):
                found.append(_on(_identifier(name), other))
                break
    if not plan.uses("dob") and plan.uses("first_name") and plan.uses("last_name") and plan.uses("postcode"):
        found.append(_on("first_name", "last_name", "postcode"))
    return [rule_sql(rule) for rule in found]


# The given-name "different" level weighs at most this (log2 Bayes factor). Twins
# share surname, birthday, address and sex; with no UPN only the given name tells
# them apart, and the unlabelled training cannot see twins as a class, so it would
# let the agreement of the household's shared facts win. Those facts are worth at
# most about 44 bits (surname and date of birth 13 each at TF_MINIMUM_U, postcode
# and address 16, sex 1), and for a handful of records the prior is close to even.
# At -45 nothing but a matching UPN (or other identifier) links records with
# unrelated given names (the cap spares pairs whose identifiers agree): a missed link
# can be found at the next data match, two children merged into one record may
# leave one of them unsought.
MAX_FIRST_NAME_DISAGREEMENT_WEIGHT = -45.0

# The smallest m probability any level may have, and the u probability of a level
# random pairs never showed (see apply_safeguards).
MIN_M_PROBABILITY = 1e-3
MIN_U_PROBABILITY = 1e-6


def settings_dict(probability_two_random_records_match: float = 1e-5, plan: Plan = FULL_PLAN) -> dict[str, Any]:
    """A fresh, untrained Splink settings dictionary for `plan` (by default a two-file link of every column)."""
    return {
        "link_type": plan.link_type,
        "unique_id_column_name": "unique_id",
        "source_dataset_column_name": "source_dataset",
        "probability_two_random_records_match": probability_two_random_records_match,
        "comparisons": comparisons(CANONICAL_DIALECT, plan),
        "blocking_rules_to_generate_predictions": blocking_rules(plan),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 25,
    }


def plan_of(model: dict[str, Any], link_type: str = "link_only") -> Plan:
    """The plan a saved model was made for, read from its comparisons."""
    names = [item["output_column_name"] for item in model["comparisons"]]
    location = next((item for item in model["comparisons"] if item["output_column_name"] == "location"), None)
    conditions = " ".join(level["sql_condition"] for level in location["comparison_levels"]) if location else ""
    return Plan(compared=tuple(name for name in STANDARD_COMPARISONS if name in names),
                postcodes="postcode_l" in conditions, addresses="address_" in conditions,
                uk_postcodes="postcode_sector_l" in conditions,
                identifiers=tuple(name[len(IDENTIFIER_PREFIX):] for name in names if name.startswith(IDENTIFIER_PREFIX)),
                link_type=link_type)


def load(path: str | Path, link_type: str = "link_only") -> dict[str, Any]:
    """A saved model (Splink settings JSON), with this version's blocking rules for its comparisons.

    Blocking is how this code finds candidates, not something learnt, so a model
    saved by an older version still gets today's rules. The comparisons must be ones
    this code writes: a model whose levels differ was made for other features.
    """
    with open(path, encoding="utf-8") as handle:
        model = json.load(handle)
    check_compatible(model, source=str(path))
    model["blocking_rules_to_generate_predictions"] = blocking_rules(plan_of(model))
    model["link_type"] = link_type
    model["retain_matching_columns"] = False
    model["retain_intermediate_calculation_columns"] = False
    return model


def save(settings: dict[str, Any], path: str | Path) -> None:
    Path(path).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")


class IncompatibleModelError(ValueError):
    pass


def check_compatible(model: dict[str, Any], source: str = "the model") -> None:
    """A model's comparisons must be exactly those this version writes for the plan they describe."""
    try:
        found = {item["output_column_name"]: [level["sql_condition"] for level in item["comparison_levels"]]
                 for item in model["comparisons"]}
        plan = plan_of(model)
    except (KeyError, TypeError) as error:
        raise IncompatibleModelError(f"{source} is not a linkage model: {error!r} missing") from None
    expected = {item["output_column_name"]: [level["sql_condition"] for level in item["comparison_levels"]]
                for item in comparisons(CANONICAL_DIALECT, plan)}
    if found != expected:
        raise IncompatibleModelError(f"{source} was trained with different comparisons; train a new one with "
                                     "`cme link ... --save-model PATH`")


@lru_cache(maxsize=64)
def _translations(identifiers: tuple[str, ...]) -> dict[tuple[str, str], dict[str, str]]:
    """(comparison, a level's SQL in any dialect) -> that level's SQL in each dialect, over every plan's levels."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for flags in itertools.product((False, True), repeat=5):
        upn, last, postcodes, addresses, uk = flags
        if not (postcodes or addresses):
            continue
        compared = tuple(name for name in STANDARD_COMPARISONS if name not in ("upn", "last_name")
                         or (name == "upn" and upn) or (name == "last_name" and last))  # town always: no variants
        plan = Plan(compared=compared, postcodes=postcodes, addresses=addresses, uk_postcodes=uk,
                    identifiers=identifiers)
        written = {dialect: comparisons(dialect, plan) for dialect in DIALECTS}
        for position, item in enumerate(written[CANONICAL_DIALECT]):
            for index in range(len(item["comparison_levels"])):
                sqls = {dialect: written[dialect][position]["comparison_levels"][index]["sql_condition"]
                        for dialect in DIALECTS}
                for sql in sqls.values():
                    found[(item["output_column_name"], sql)] = sqls
    return found


def for_dialect(settings: dict[str, Any], dialect: str) -> dict[str, Any]:
    """A copy of a model with each level's SQL written for `dialect`, the trained values untouched.

    Levels are recognised by their SQL in any known dialect, so this turns a model
    trained on Spark back into the canonical (DuckDB) form as well. Blocking rules are
    kept (plain equi-joins, the same in every dialect).
    """
    _functions(dialect)
    plan = plan_of(settings)
    translations = _translations(plan.identifiers)
    result = copy.deepcopy(settings)
    for item in result["comparisons"]:
        name = item["output_column_name"]
        for level in item["comparison_levels"]:
            found = translations.get((name, level["sql_condition"]))
            if found is None:
                raise IncompatibleModelError(f"the {name} level {level['sql_condition']!r} is not one this version "
                                             "writes; train a new model with `cme link ... --save-model PATH`")
            level["sql_condition"] = found[dialect]
    if "sql_dialect" in result:
        result["sql_dialect"] = dialect
    return result


def seed_parameters(target: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """Copy m and u values from a trained model into an untrained settings dict with the same levels."""
    levels = {(item["output_column_name"], level["sql_condition"]): level
              for item in source["comparisons"] for level in item["comparison_levels"]}
    for item in target["comparisons"]:
        for level in item["comparison_levels"]:
            known = levels.get((item["output_column_name"], level["sql_condition"]), {})
            for key in ("m_probability", "u_probability"):
                if key in known:
                    level[key] = known[key]
    return target


def term_frequency_columns(settings: dict[str, Any]) -> list[tuple[str, float]]:
    """(column, u probability of its exact level) for each term-frequency-adjusted level with a trained u."""
    columns = []
    for item in settings["comparisons"]:
        for level in item["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column and isinstance(level.get("u_probability"), int | float):
                columns.append((column, float(level["u_probability"])))
    return columns


def level_weight(level: dict[str, Any]) -> float | None:
    m, u = level.get("m_probability"), level.get("u_probability")
    if not isinstance(m, int | float) or not isinstance(u, int | float) or m <= 0 or u <= 0:
        return None
    return math.log2(m / u)


def apply_safeguards(model: dict[str, Any], twins: bool = True) -> dict[str, Any]:
    """Constraints the unlabelled training cannot be trusted to find on its own, applied in this order.

    1. No level is impossible for a true match: m is at least MIN_M_PROBABILITY. EM
       drives m towards zero for a level the training pairs never show it, which
       would make that level damning evidence against a match instead of weak
       evidence either way.
    2. Partial agreement is never worse evidence than complete disagreement: each
       level weighs at least as much as the comparison's "different" level.
    3. Agreeing exactly on a field never counts against a match: exact levels weigh
       at least zero.
    4. Twins: the given-name "different" level weighs at most
       MAX_FIRST_NAME_DISAGREEMENT_WEIGHT, unless the UPNs (or another identifier)
       agree, when it weighs what it would have weighed (the "different, but the same
       UPN or identifier" level). A child whose record swaps given name and surname
       and shortens the name as well is still found through the UPN; twins, whose
       UPNs always differ, are not joined. With `twins` False (files that show no
       twins, see batch.TWIN_EVIDENCE_RECORDS) the level keeps the weight training gave it.
    5. Brothers and sisters: two valid UPNs that differ weigh as much against a pair
       as any disagreement may (m at MIN_M_PROBABILITY). A child is sometimes given a
       second UPN, and training sees those; but siblings share surname and address,
       whose agreement the model counts twice over (they are one household, not two
       independent facts), and their UPNs, with their dates of birth, are what part
       them. A child with two UPNs is still found when name, date of birth and address agree.
    6. A level never seen among random pairs (u unknown or 0) has u = MIN_U_PROBABILITY,
       so that it weighs something rather than being left out of the model.
    """
    for item in model["comparisons"]:
        for level in item["comparison_levels"]:
            if not level.get("is_null_level") and level["sql_condition"] != "ELSE" and not (
                    isinstance(level.get("u_probability"), int | float) and level["u_probability"] > 0):
                level["u_probability"] = MIN_U_PROBABILITY
            if not level.get("is_null_level") and not isinstance(level.get("m_probability"), int | float):
                level["m_probability"] = MIN_M_PROBABILITY
        if item["output_column_name"] == "upn":
            for level in item["comparison_levels"]:
                if level["sql_condition"] == "ELSE" and isinstance(level.get("m_probability"), int | float):
                    level["m_probability"] = min(level["m_probability"], MIN_M_PROBABILITY)
    for item in model["comparisons"]:
        levels = [level for level in item["comparison_levels"]
                  if not level.get("is_null_level") and level_weight(level) is not None]
        if not levels:
            continue
        for level in levels:
            level["m_probability"] = max(level["m_probability"], MIN_M_PROBABILITY)
        last = levels[-1]
        floor = level_weight(last) if last["sql_condition"] == "ELSE" else None
        for position, level in enumerate(levels[:-1]):
            if floor is not None and level_weight(level) < floor:
                level["m_probability"] = level["u_probability"] * 2 ** floor
            if position == 0 and level_weight(level) < 0:
                level["m_probability"] = level["u_probability"]
        if item["output_column_name"] == "first_name" and last["sql_condition"] == "ELSE":
            for level in item["comparison_levels"]:
                if level.get("label_for_charts") == SAME_IDENTIFIER_LABEL or level["sql_condition"] == SAME_UPN:
                    level["m_probability"], level["u_probability"] = last["m_probability"], last["u_probability"]
            if twins and level_weight(last) > MAX_FIRST_NAME_DISAGREEMENT_WEIGHT:
                last["m_probability"] = last["u_probability"] * 2 ** MAX_FIRST_NAME_DISAGREEMENT_WEIGHT
    return model


def describe(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per comparison level: m, u and match weight, for reports and the summary."""
    rows = []
    for item in model["comparisons"]:
        for level in item["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            weight = level_weight(level)
            rows.append({"comparison": item["output_column_name"], "level": level.get("label_for_charts"),
                         "m": level.get("m_probability"), "u": level.get("u_probability"),
                         "weight": round(weight, 2) if weight is not None else None})
    return rows
