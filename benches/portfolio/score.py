#!/usr/bin/env python3
"""A second, independent scorer, for the portfolio benchmark.

    python3 benches/portfolio/score.py [--as-of DATE] DIR_OR_FILE... > scores.jsonl
    python3 benches/portfolio/score.py [--as-of DATE] --compare MERA.json DIR_OR_FILE...

Does the work of `mera assess DIR --format jsonl`: loads the built-in
questionnaires, the profile's facts and events and the provision catalog with
PyYAML's C loader, applies the scoring rules of docs/scoring.md (rules 1-16),
docs/engagement-decisions.md and docs/questionnaire-files.md to each answers
file (YAML, or TOML by the `.toml` extension), and writes one JSON object per
file and line, with the fields of mera's JSON report that it computes.

It is written from the documentation alone, never from mera's source, so it
is a second implementation of the rules: `--compare` reads mera's JSON report
(`mera assess FILES --format json`, or `--format jsonl`) for the same files,
prints every disagreement field by field, ends with how many files agree on
each field, and exits 1 when any file disagrees. Where the documentation leaves a choice open, the choice made
here is marked `DOC AMBIGUITY` in a comment. It expects files mera accepts; an
`n/a` the stated facts rule out (rule 2) is reported as an error for the file.

`--as-of DATE` is mera's flag for `assess`: the run date, and the assessment
date of a file without `organization.as_of`. (The earlier `--observed` flag,
for three rules mera followed that the documentation did not state, is gone:
docs/scoring.md now states all three, rules 3 and 12, and they are followed
by default.)

Python 3.11 and PyYAML with libyaml (`yaml.CSafeLoader`).
"""

import datetime
import itertools
import json
import math
import os
import string
import sys
import tomllib

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Report order of the built-in questionnaires: the order mera lists its areas.
QUESTIONNAIRES = [
    "profile",
    "covered-model-engagement",
    "thirty-day-window",
    "trusted-partners",
    "agent-cfaa",
    "clearinghouse",
    "governance",
]
WEIGHTS = {"critical": 8.0, "high": 4.0, "medium": 2.0, "low": 1.0}  # rule 6
RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
CREDIT = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": 0.0}  # rule 2
EVIDENCE_CAP = 0.5  # rule 4
MAX_EVIDENCE_AGE_DAYS = 365  # rule 11
EVIDENCE_DUE_DAYS = 14  # rule 12: "file the evidence", 14 days after the assessment date
DECISION_LEAD = 7  # questionnaire-files.md: a decision's `lead`, default 7
DEFER_AT_MOST = 180  # questionnaire-files.md: `defer_at_most`, default 180
# Rule 4: placeholder evidence.
PLACEHOLDERS = {
    "tbd", "tba", "tbc", "todo", "to do", "to-do", "n/a", "na", "none", "nil", "null",
    "pending", "placeholder", "unknown", "missing", "later", "wip", "xxx", "-", "?", "...",
}
LOADER = yaml.CSafeLoader
DAY = datetime.timedelta(days=1)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)


def word(value):
    """Answer words, case-insensitive and trimmed; YAML 1.1 reads yes/no as
    booleans, which mera reads as `yes` and `no` (answers-file.md)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip().lower()


def day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


# Rule 4: "nothing but ASCII punctuation other than `/`, `…` and spaces
# (`. . .`)".
PLACEHOLDER_MARKS = frozenset(string.punctuation.replace("/", "") + "\u2026")


def is_placeholder(entry):
    """Rule 4: an entry that is, without case, surrounding spaces or a final
    full stop, one of PLACEHOLDERS, or nothing but ASCII punctuation other
    than `/`, `…` and spaces (so `—`, `/` and `/ /` are evidence; `-`,
    `?!`, `…`, `. . .` and `- -` are not). DOC AMBIGUITY: the spaces and
    the full stop are both taken away, in either order (`tbd .` is `tbd`),
    and one full stop only, so the text is compared before and after
    removing it (`...` and `tbd.` are placeholders). "Spaces" is read the
    same way in both places rule 4 uses it: any white space (what
    `str.strip` takes away around an entry), so a tab or a no-break space
    inside (`-<TAB>-`) is a space too."""
    text = str(entry).strip().lower()
    if text in PLACEHOLDERS:
        return True
    if text.endswith(".") and text[:-1].rstrip() in PLACEHOLDERS:
        return True
    return bool(text) and all(ch in PLACEHOLDER_MARKS or ch.isspace() for ch in text)


def leaves(c):
    """Every leaf test in a condition."""
    if not c:
        return
    if "all" in c:
        for x in c["all"]:
            yield from leaves(x)
    elif "any" in c:
        for x in c["any"]:
            yield from leaves(x)
    elif "not" in c:
        yield from leaves(c["not"])
    else:
        yield c


class Content:
    def __init__(self, root=ROOT):
        self.facts = {}
        self.fact_order = []
        self.events = {}
        self.areas = []
        self.replaces = {}
        for name in QUESTIONNAIRES:
            doc = load_yaml(os.path.join(root, "questionnaires", name + ".yaml"))
            for fact in doc.get("facts") or []:
                self.facts[fact["id"]] = fact
                self.fact_order.append(fact["id"])
            for event in doc.get("events") or []:
                self.events[event["id"]] = event
            if "questions" in doc:
                self.areas.append(doc)
                for old, new in (doc.get("replaces") or {}).items():
                    self.replaces[old] = new
        self.questions = {}
        order = 0
        for area in self.areas:
            for q in area["questions"]:
                q["_area"] = area
                q["_order"] = order
                order += 1
                # `no:` is a boolean key to YAML 1.1.
                q["actions"] = {word(k): v for k, v in (q.get("actions") or {}).items()}
                q["_conditions"] = [c for c in (area.get("applies_when"), q.get("applies_when")) if c]
                self.questions[q["id"]] = q
        self.decisions = {qid: q for qid, q in self.questions.items() if q.get("decision")}
        # Rule 15: the questions a decision's decline or deferral adds are
        # "those whose conditions test a decision's answer" (the
        # questionnaire's conditions and the question's own).
        self.added_by_decision = set()
        for qid, q in self.questions.items():
            for c in q["_conditions"]:
                if any("question" in leaf and leaf["question"] in self.decisions for leaf in leaves(c)):
                    self.added_by_decision.add(qid)
        # Rule 12 / questionnaire-files.md `precedes`: what each question comes
        # before, as (kind, id, lead) with kind "event" or "question".
        # Rule 12: "What a question comes before is its questionnaire's
        # `precedes` and its own together", in that order.
        by_area = {a["id"]: [q["id"] for q in a["questions"]] for a in self.areas}
        self.precedes = {}
        for qid, q in self.questions.items():
            edges = []
            for p in list(q["_area"].get("precedes") or []) + list(q.get("precedes") or []):
                lead = int(p.get("lead", 0))
                if "event" in p:
                    edges.append(("event", p["event"], lead))
                elif "question" in p:
                    edges.append(("question", p["question"], lead))
                elif "area" in p:
                    edges.extend(("question", t, lead) for t in by_area[p["area"]] if t != qid)
            self.precedes[qid] = edges
        # A decision comes before every question whose applies_when (the
        # questionnaire's included) or lower_severity tests its decline, by
        # the decision's lead.
        for qid, q in self.questions.items():
            tests = list(q["_conditions"])
            if q.get("lower_severity"):
                tests.append(q["lower_severity"]["when"])
            for c in tests:
                for leaf in leaves(c):
                    if "declined" in leaf:
                        d = leaf["declined"]
                        lead = int(self.decisions[d]["decision"].get("lead", DECISION_LEAD))
                        edge = ("question", qid, lead)
                        if edge not in self.precedes[d]:
                            self.precedes[d].append(edge)
        # Rule 1: the facts whose values a question's applicability tests:
        # its questionnaire's conditions, its own, and those of the
        # questions they depend on (`question:` and `declined:` tests).
        self.tested = {}
        for qid in self.questions:
            self.tested_facts(qid)
        # The values worth trying for each fact: both for a true/false fact,
        # each threshold and a value either side of it for a number, each
        # value tested for (and one other) for any other kind.
        tried = {f: set() for f in self.facts}
        for q in self.questions.values():
            for c in q["_conditions"]:
                for leaf in leaves(c):
                    if "fact" not in leaf or "present" in leaf:
                        continue
                    kind = self.facts[leaf["fact"]]["type"]
                    for key in ("is", "at_least", "at_most"):
                        if key not in leaf:
                            continue
                        if kind == "number":
                            t = float(leaf[key])
                            tried[leaf["fact"]].update((math.nextafter(t, -math.inf), t, math.nextafter(t, math.inf)))
                        elif kind == "date":
                            tried[leaf["fact"]].update((day(leaf[key]), datetime.date(1, 1, 1)))
                        elif kind != "bool":
                            tried[leaf["fact"]].update((leaf[key], object()))
        self.fact_values = {f: ([True, False] if self.facts[f]["type"] == "bool" else sorted(v, key=repr))
                            for f, v in tried.items()}
        catalog = load_yaml(os.path.join(root, "seeds", "provisions.yaml"))
        self.provisions = {p["id"]: p for p in catalog["provisions"]}


    def tested_facts(self, qid):
        if qid not in self.tested:
            self.tested[qid] = set()  # a cycle adds nothing (validate refuses cycles)
            found = set()
            for c in self.questions[qid]["_conditions"]:
                for leaf in leaves(c):
                    if "fact" in leaf and "present" not in leaf:
                        found.add(leaf["fact"])
                    elif "question" in leaf:
                        found |= self.tested_facts(leaf["question"])
                    elif "declined" in leaf:
                        found |= self.tested_facts(leaf["declined"])
            self.tested[qid] = found
        return self.tested[qid]


def flatten_answers(table, content, prefix=""):
    """TOML's plain dotted keys (`agt.inventory = "yes"`) nest; a key that is a
    question id (or an old one) is an answer."""
    out = {}
    for key, value in (table or {}).items():
        qid = prefix + key
        if qid in content.questions or qid in content.replaces or not isinstance(value, dict) or "answer" in value:
            out[qid] = value
        else:
            out.update(flatten_answers(value, content, qid + "."))
    return out


class FileError(Exception):
    pass


class File:
    """One answers file, read into plain values."""

    def __init__(self, path, content, as_of_flag=None, today=None):
        if path.endswith(".toml"):
            with open(path, "rb") as fh:
                doc = tomllib.load(fh)
            answers = flatten_answers(doc.get("answers"), content)
        else:
            doc = load_yaml(path)
            answers = doc.get("answers") or {}
        self.path = path
        org = doc.get("organization") or {}
        today = today or datetime.date.today()
        # Rule 13: the assessment date is organization.as_of, else --as-of,
        # else today; the run date of `assess` is --as-of, else the
        # assessment date.
        self.as_of = day(org["as_of"]) if org.get("as_of") else (as_of_flag or today)
        self.run_date = as_of_flag or self.as_of
        self.organization = {
            "name": org.get("name"),
            "assessed_by": org.get("assessed_by"),
            "as_of": str(day(org["as_of"])) if org.get("as_of") else None,
            "privileged": bool(org.get("privileged", False)),
        }
        self.profile = {}
        for fact, value in (doc.get("profile") or {}).items():
            if value is None:
                continue
            kind = content.facts[fact]["type"]
            if kind == "bool":
                value = value if isinstance(value, bool) else word(value) == "yes"
            elif kind == "date":
                value = day(value)
            elif kind == "number":
                value = float(value)  # PyYAML 1.1 reads `3.0e25` as text
            self.profile[fact] = value
        self.answers = {}
        for qid, value in answers.items():
            qid = content.replaces.get(qid, qid)
            long = value if isinstance(value, dict) else {"answer": value}
            evidence = long.get("evidence") or []
            if isinstance(evidence, str):
                evidence = [evidence]
            given = word(long["answer"])
            conflict = bool(long.get("conflict"))
            self.answers[qid] = {
                # Rule 2: an answer still in conflict counts as `unknown`,
                # whatever `answer:` says.
                "word": "unknown" if conflict else given,
                "given": given,
                "conflict": conflict,
                "evidence": [str(e) for e in evidence if not is_placeholder(e)],
                "evidence_held_by": long.get("evidence_held_by"),
                "owner": long.get("owner"),
                "note": long.get("note"),
                "reviewed": day(long["reviewed"]) if long.get("reviewed") else None,
                "decide_by": day(long["decide_by"]) if long.get("decide_by") else None,
            }
        self.waivers = []
        for w in doc.get("waivers") or []:
            self.waivers.append(
                {
                    "question": content.replaces.get(w["question"], w["question"]),
                    "reason": w["reason"],
                    "approved_by": w["approved_by"],
                    "expires": day(w["expires"]),
                }
            )


def same(expected, value):
    """A condition's `is` against a stated profile value."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    if isinstance(value, datetime.date):
        try:
            return day(expected) == value
        except ValueError:
            return False
    if isinstance(value, float):
        try:
            return float(expected) == value
        except (TypeError, ValueError):
            return False
    return expected == value


def all3(values):
    """Three-valued `all`: False wins, then None (maybe), then True."""
    result = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def any3(values):
    result = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def percent(points, possible):
    """100 × points / possible, one decimal, half up (rule 7)."""
    if possible <= 0:
        return None
    x = 1000.0 * points / possible
    whole = math.floor(x)
    return (whole + (1 if x - whole >= 0.5 else 0)) / 10.0


def min_date(*dates):
    dates = [d for d in dates if d is not None]
    return min(dates) if dates else None


def rule_date(spec, profile, as_of):
    """An action's own due rule: N days after the assessment date, N days
    before a profile date (None while it is not stated), or the earliest of
    several such rules that can be computed."""
    if not spec:
        return None
    if "earlier_of" in spec:
        return min_date(*(rule_date(s, profile, as_of) for s in spec["earlier_of"]))
    days = int(spec["days"])
    if "before" in spec:
        date = profile.get(spec["before"])
        return date - datetime.timedelta(days=days) if isinstance(date, datetime.date) else None
    return as_of + datetime.timedelta(days=days)


class Assessment:
    """Rules 1-16 for one file."""

    def __init__(self, content, f, profile=None):
        self.c = content
        self.f = f
        # The profile facts the conditions read: the file's, or for rule 1's
        # listing of unstated facts, the file's with some unstated facts
        # given values.
        self.profile = f.profile if profile is None else profile
        self.hypotheses = {}
        self.applies_memo = {}
        self.declined_memo = {}
        self.slot_memo = {}
        self.needed_memo = {}
        self.decision_gap = {}
        self.event_dates = {}
        for eid, e in content.events.items():
            if "date" in e:
                self.event_dates[eid] = day(e["date"])
            else:
                base = f.profile.get(e["fact"])
                if isinstance(base, datetime.date):
                    self.event_dates[eid] = base - datetime.timedelta(days=int(e.get("days_before", 0)))

    # ---- rule 1: applicability, three-valued --------------------------------
    def cond(self, c):
        if "all" in c:
            return all3(self.cond(x) for x in c["all"])
        if "any" in c:
            return any3(self.cond(x) for x in c["any"])
        if "not" in c:
            v = self.cond(c["not"])
            return None if v is None else not v
        if "question" in c:
            # Holds only when that question applies and its answer is in the list.
            qid = c["question"]
            a = self.f.answers.get(qid)
            if "_in" not in c:
                c["_in"] = frozenset(word(w) for w in c["in"])
            return bool(a is not None and a["word"] in c["_in"] and self.applies(qid))
        if "declined" in c:
            return self.declined(c["declined"])
        value = self.profile.get(c["fact"])
        if "present" in c:
            return (value is not None) == bool(c["present"])
        if value is None:
            return None  # a test of an unstated fact's value is "maybe"
        if "is" in c:
            return same(c["is"], value)
        if "at_least" in c:
            return isinstance(value, float) and value >= float(c["at_least"])
        if "at_most" in c:
            return isinstance(value, float) and value <= float(c["at_most"])
        return False

    def applicability(self, qid):
        """True, None (applies because an unstated fact may go either way) or
        False (surely does not apply)."""
        if qid in self.applies_memo:
            return self.applies_memo[qid]
        self.applies_memo[qid] = False  # a cycle does not apply (validate refuses cycles)
        q = self.c.questions[qid]
        v = all3(self.cond(c) for c in q["_conditions"])
        self.applies_memo[qid] = v
        return v

    def applies(self, qid):
        return self.applicability(qid) is not False

    def kept_open_by(self, qid):
        """Rule 1: the unstated facts a question that applies is listed under.
        It is kept open when some values of the unstated facts its
        conditions test (its questionnaire's, its own, and those of the
        questions they depend on) would switch it off, and listed under each
        of those facts whose value can change the outcome, alone or together
        with another. Every combination of values of those facts is tried
        (the others as stated); a fact is listed when two combinations that
        differ in it alone give different outcomes, so two facts that open
        an area for either (`any: [considering_clearinghouse,
        builds_ai_security_tools]`) are both listed.
        DOC AMBIGUITY: "alone or together with another" is read as any
        number of others (a fact that matters only with two others set is
        listed too); no built-in condition tells the two readings apart."""
        facts = sorted(f for f in self.c.tested[qid] if f not in self.profile)
        if not facts:
            return []
        values = [self.c.fact_values[f] for f in facts]
        outcome = {}
        for combo in itertools.product(*values):
            outcome[combo] = self.hypothesis(facts, combo).applies(qid)
        if all(outcome.values()):
            return []
        listed = []
        for i, fact in enumerate(facts):
            if any(outcome[combo] != outcome[combo[:i] + (v,) + combo[i + 1:]]
                   for combo in outcome for v in values[i]):
                listed.append(fact)
        return listed

    def hypothesis(self, facts, combo):
        key = tuple(zip(facts, map(repr, combo)))
        if key not in self.hypotheses:
            profile = dict(self.profile)
            profile.update(zip(facts, combo))
            self.hypotheses[key] = Assessment(self.c, self.f, profile)
        return self.hypotheses[key]

    # ---- rules 3 and 15: decisions -----------------------------------------
    def has_evidence(self, q, a):
        """Rule 4: evidence listed (placeholders are not), or on a question
        whose evidence counsel holds, the answer's attestation."""
        return bool(a["evidence"]) or bool(q.get("evidence_held_by") and a["evidence_held_by"])

    def choice(self, q, a):
        if a is None:
            return None
        return next((ch for ch in q.get("choices") or [] if word(ch["id"]) == a["word"]), None)

    def structural_slot(self, qid):
        """Rule 12: a question's slot from the dependencies and the profile's
        dates alone."""
        return self.structural(qid)[0]

    def structural(self, qid):
        """(structural slot, the event at the end of the chain that sets it)."""
        if qid in self.slot_memo:
            return self.slot_memo[qid]
        self.slot_memo[qid] = (None, None)
        best, event = None, None
        for kind, target, lead in self.c.precedes[qid]:
            at, via = (self.event_dates.get(target), target) if kind == "event" else self.structural(target)
            if at is not None and (best is None or at - datetime.timedelta(days=lead) < best):
                best, event = at - datetime.timedelta(days=lead), via
        self.slot_memo[qid] = (best, event)
        return best, event

    def needed_by(self, qid):
        """Rule 12: the day a decision is needed: its structural slot, no
        later than `defer_at_most` days after the assessment date, never
        before the assessment date."""
        if qid not in self.needed_memo:
            q = self.c.questions[qid]
            defer = int((q.get("decision") or {}).get("defer_at_most", DEFER_AT_MOST))
            latest = self.f.as_of + datetime.timedelta(days=defer)
            needed = min_date(self.structural_slot(qid), latest)
            self.needed_memo[qid] = max(needed, self.f.as_of)
        return self.needed_memo[qid]

    def pending_in_force(self, qid):
        """A decision answered with a choice that puts it off (or declines)
        to a date, in force."""
        q = self.c.questions[qid]
        a = self.f.answers.get(qid)
        ch = self.choice(q, a)
        return bool(ch and ch.get("decide_by") == "required" and self.in_force(qid, a))

    def in_force(self, qid, a):
        """Rule 3: a `decide_by` date not passed on the run date and no later
        than the day the decision is needed."""
        d = a["decide_by"]
        return d is not None and not d < self.f.run_date and d <= self.needed_by(qid)

    def recorded(self, qid):
        """Rule 15: the record answered `yes` with evidence, each path question
        `yes` (with evidence where it requires it), none in open conflict."""
        decision = self.c.questions[qid]["decision"]
        record = self.f.answers.get(decision["record"])
        rq = self.c.questions[decision["record"]]
        if record is None or record["word"] != "yes" or not self.has_evidence(rq, record):
            return False
        for pid in decision.get("path") or []:
            a = self.f.answers.get(pid)
            pq = self.c.questions[pid]
            if a is None or a["word"] != "yes":
                return False
            if pq.get("evidence") == "required" and not self.has_evidence(pq, a):
                return False
        return True

    def declined(self, qid):
        """`{declined: D}`: D's decline is complete (recorded) and in force."""
        if qid not in self.declined_memo:
            self.declined_memo[qid] = False
            q = self.c.questions[qid]
            a = self.f.answers.get(qid)
            declines = [word(d) for d in q["decision"]["declines"]]
            # DOC AMBIGUITY: a decision that does not apply declines nothing.
            self.declined_memo[qid] = bool(
                a is not None
                and a["word"] in declines
                and self.applies(qid)
                and self.recorded(qid)
                and self.in_force(qid, a)
            )
        return self.declined_memo[qid]

    # ---- rules 2-5: credit and state -----------------------------------------
    def credit_and_state(self, q, a):
        """(credit, state, scored); state None is no gap; scored False takes
        the question out of the score (n/a, or a question a decision adds,
        answered in full)."""
        qid = q["id"]
        if a is None:
            return 0.0, "unanswered", True
        w = a["word"]
        if w == "n/a":
            allow = q.get("allow_na")
            if allow is True or (isinstance(allow, dict) and self.cond(allow) is not False):
                return None, None, False
            raise FileError(f"{qid}: n/a is not allowed here (not-applicable-contradicts or not allowed)")
        if q.get("choices"):
            ch = self.choice(q, a)
            base = float(ch["credit"]) if ch else 0.0
            if ch and ch.get("decide_by") == "required":
                declines = [word(d) for d in (q.get("decision") or {}).get("declines", [])]
                if w in declines and not self.recorded(qid):
                    base = 0.0  # rule 15: a decline earns nothing until recorded
                    self.decision_gap[qid] = "complete-the-decline"
                elif not self.in_force(qid, a):
                    base *= 0.5  # rule 3
                    # Rule 3: "A date both passed and late takes the late
                    # action."
                    late = a["decide_by"] is not None and a["decide_by"] > self.needed_by(qid)
                    self.decision_gap[qid] = "late" if late else "passed"
        else:
            base = CREDIT.get(w, 0.0)
        capped = q.get("evidence") == "required" and not self.has_evidence(q, a) and base > EVIDENCE_CAP
        credit = EVIDENCE_CAP if capped else base
        if credit >= 1.0:
            state = None
        elif capped:
            state = "no-evidence"
        elif w == "partial":
            state = "partial"
        elif w == "unknown":
            state = "unknown"
        elif q.get("choices") and credit > 0:
            state = "partial"
        else:
            state = "no"
        if qid in self.c.added_by_decision:
            # Rule 15: no credit; answered in full, it leaves the score.
            # "its gap keeps its answer's state, with credit 0".
            if state is None:
                return 1.0, None, False
            return 0.0, state, True
        return credit, state, True

    def severity(self, q):
        ls = q.get("lower_severity")
        if ls and self.cond(ls["when"]) is True:
            return ls["to"]
        return q["severity"]

    # ---- the whole file ------------------------------------------------------
    def run(self):
        c, f = self.c, self.f
        areas, gaps, passed, stale, pending, inapplicable = [], [], [], [], [], []
        open_gaps = {}
        unstated = {}
        for area in c.areas:
            r = {"id": area["id"], "title": area["title"], "version": str(area["version"]),
                 "applicable": 0, "answered": 0, "gaps": 0, "points": 0.0, "possible": 0.0, "score": None}
            for q in area["questions"]:
                qid = q["id"]
                a = f.answers.get(qid)
                applicability = self.applicability(qid)
                if applicability is False:
                    if a is not None:
                        inapplicable.append(qid)
                    continue
                for fact in self.kept_open_by(qid):
                    unstated.setdefault(fact, []).append(qid)
                credit, state, scored = self.credit_and_state(q, a)
                severity = self.severity(q)
                weight = WEIGHTS[severity]
                if a is not None and a["reviewed"] is not None and a["word"] != "n/a":
                    # DOC AMBIGUITY: an n/a answer's `reviewed` date is not
                    # checked (it is out of the score).
                    age = (f.run_date - a["reviewed"]).days
                    if age > MAX_EVIDENCE_AGE_DAYS:
                        stale.append({"question": qid, "severity": severity,
                                      "reviewed": str(a["reviewed"]), "age_days": age})
                # Rule 3: "Every such answer to a question that applies and is
                # not in conflict is listed" (one in conflict counts as
                # `unknown`, so it has no choice here).
                ch = self.choice(q, a)
                if ch and ch.get("decide_by") == "required" and a["decide_by"] is not None:
                    needed = self.needed_by(qid)
                    pending.append({"question": qid, "answer": a["word"], "decide_by": str(a["decide_by"]),
                                    "passed": a["decide_by"] < f.run_date, "needed_by": str(needed),
                                    "late": a["decide_by"] > needed})
                if credit is None:
                    continue  # n/a: out of both sides of the ratio
                r["applicable"] += 1
                r["answered"] += a is not None
                if scored:
                    r["points"] += weight * credit
                    r["possible"] += weight
                if state is None:
                    passed.append({"question": qid, "area": area["id"], "severity": severity,
                                   "answer": a["word"], "_order": q["_order"]})
                    continue
                r["gaps"] += 1
                gap = {"question": qid, "area": area["id"], "severity": severity, "state": state,
                       "answer": a["word"] if a else None, "credit": credit,
                       "points_lost": weight * (1.0 - credit), "waived": False,
                       "_order": q["_order"], "_q": q, "_a": a}
                gaps.append(gap)
                open_gaps[qid] = gap
            r["score"] = percent(r["points"], r["possible"])
            areas.append(r)
        self.open_gaps = open_gaps
        self.gap_slot_memo = {}
        self.due_memo = {}
        for g in gaps:
            g["action"] = self.action(g)
        gaps.sort(key=lambda g: (-RANK[g["severity"]], -g["points_lost"], g["_order"]))
        undated = self.undated_rules(gaps)
        for g in gaps:
            del g["_order"], g["_q"], g["_a"]
        for p in passed:
            del p["_order"]
        waivers = []
        for w in f.waivers:
            expired = f.run_date > w["expires"]  # rule 10
            waivers.append({"question": w["question"], "reason": w["reason"], "approved_by": w["approved_by"],
                            "expires": str(w["expires"]), "expired": expired,
                            "covers_gap": w["question"] in open_gaps})
            if not expired and w["question"] in open_gaps:
                open_gaps[w["question"]]["waived"] = True
        points = sum(r["points"] for r in areas)
        possible = sum(r["possible"] for r in areas)
        score = percent(points, possible)
        critical = any(g["severity"] == "critical" for g in gaps)
        if score is None:
            level = "not-applicable"
        elif score >= 85 and not critical:
            level = "ready"
        elif score >= 50:
            level = "partial"
        else:
            level = "not-ready"
        events = sorted(({"id": e, "label": c.events[e]["label"], "date": str(d)} for e, d in self.event_dates.items()),
                        key=lambda e: (e["date"], e["id"]))
        return {
            "file": f.path,
            "organization": f.organization,
            "as_of": str(f.as_of),
            "run_date": str(f.run_date),
            "score": score,
            "points": points,
            "possible": possible,
            "readiness": level,
            "areas": areas,
            "gaps": gaps,
            "passed": passed,
            "stale_evidence": stale,
            "max_evidence_age_days": MAX_EVIDENCE_AGE_DAYS,
            "waivers": waivers,
            "inapplicable_answers": [{"question": q} for q in inapplicable],
            "pending_decisions": pending,
            "unstated_facts": [{"fact": fact, "prompt": " ".join(c.facts[fact]["prompt"].split()),
                                "questions": unstated[fact]}
                               for fact in sorted(unstated)],  # rule 1: facts in name order
            "events": events,
            "short_of_time": self.short_of_time(gaps),
            "undated_rules": undated,
        }

    # ---- rule 12: the schedule -----------------------------------------------
    def own_action(self, g):
        q, a = g["_q"], g["_a"]
        kind = self.decision_gap.get(q["id"]) if g["state"] in ("no", "partial") else None
        action = q["actions"].get(g["state"])
        if kind == "complete-the-decline":
            # Rule 15: "its gap says what completes it".
            # "due 14 days after the assessment date, or earlier by the
            # schedule". DOC AMBIGUITY: its words are not documented (they
            # are not compared).
            d = q["decision"]
            return {"do": f"Complete the decline: answer `{d['record']}` yes with evidence, and "
                          + ", ".join(f"`{p}`" for p in d.get("path") or []) + " yes.",
                    "owner": (action or {}).get("owner"), "due": {"days": EVIDENCE_DUE_DAYS}}
        if kind == "late":
            # Rule 3: "A late date is replaced in the schedule by the day it
            # is needed: the `partial` gap is due on that day (held to the
            # assessment date as in rule 12)". DOC AMBIGUITY: that day is
            # never before the assessment date (rule 12), so it is taken as
            # the action's own rule, which the slot may still bring forward
            # (then with lead time lost and `comes_before`); the action's
            # words are not documented (they are not compared).
            needed = self.needed_by(q["id"])
            return {"do": f"Take the decision by {needed}, or set `decide_by` no later than that.",
                    "owner": (action or {}).get("owner"),
                    "due": {"days": (needed - self.f.as_of).days}}
        if action is None:
            # A `no-evidence` gap without its own action: "file the evidence".
            hint = q.get("evidence_hint")
            owner = (a or {}).get("owner") or (q["actions"].get("partial") or {}).get("owner") or "Question owner"
            action = {"do": f"File the evidence behind this answer: {hint}" if hint else "File the evidence behind this answer.",
                      "owner": owner, "due": {"days": EVIDENCE_DUE_DAYS}}
        return action

    def wanted(self, qid):
        """(date the schedule wants an open gap's action done, unclamped;
        what brought it forward or None)."""
        if qid in self.due_memo:
            return self.due_memo[qid]
        self.due_memo[qid] = (None, None)
        g = self.open_gaps[qid]
        own = rule_date(self.own_action(g).get("due"), self.f.profile, self.f.as_of)
        slot, why = self.gap_slot(qid)
        # Rule 12: the slot brought the date forward when "the slot is
        # earlier than the action's own rule": on a tie the own rule dates
        # it, and `comes_before` is null. DOC AMBIGUITY: an own rule that
        # cannot be computed (a missing profile date) counts as later than
        # any slot.
        if slot is not None and (own is None or slot < own):
            result = (slot, why)
        else:
            result = (own, None)
        self.due_memo[qid] = result
        return result

    def due(self, qid):
        wanted, _ = self.wanted(qid)
        return None if wanted is None else max(wanted, self.f.as_of)

    def gap_slot(self, qid):
        """Rule 12: the earliest, over what the question comes before, of that
        thing's date less the lead: an event's date; for another question
        that applies, its due date while it is an open gap, else the
        `decide_by` date of a decision put off in time and in force (a
        `wait` or `monitor`, or a recorded `decline`, so not a gap), else its
        own slot. "A decline not yet recorded is an open gap (rule 15), so
        what comes before it is dated by that gap's due date." Returns
        (date, why), `why` as `comes_before` with `dated_by`."""
        if qid in self.gap_slot_memo:
            return self.gap_slot_memo[qid]
        self.gap_slot_memo[qid] = (None, None)
        best, why = None, None
        for kind, target, lead in self.c.precedes[qid]:
            dated_by = None
            if kind == "event":
                at = self.event_dates.get(target)
            elif not self.applies(target):
                continue  # "A question that does not apply ... dates nothing."
            elif target in self.open_gaps:
                # "That date is the one the schedule wants, before it is held
                # to the assessment date."
                at, dated_by = self.wanted(target)[0], "due"
            elif self.pending_in_force(target):
                # Not a gap: a `wait` or `monitor`, or a recorded `decline`
                # (an unrecorded one earns nothing, so it is an open gap
                # above), with its date in force.
                at, dated_by = self.f.answers[target]["decide_by"], "decide-by"
            else:
                at, dated_by = self.gap_slot(target)[0], "needed"
            if at is None:
                continue
            candidate = at - datetime.timedelta(days=lead)
            # Rule 12: "when two give the same slot, the first counts": the
            # questionnaire's `precedes`, the question's own, "then the
            # decisions that gate it in the order they appear". DOC
            # AMBIGUITY: a question comes before no decision that gates it
            # (the decision comes before the question), so that last clause
            # is read as a decision's edges to the questions it gates, in
            # questionnaire order, after its `precedes`.
            if best is None or candidate < best:
                best, why = candidate, {"kind": kind, "id": target, "date": str(at), "lead_days": lead,
                                        "dated_by": dated_by}
        self.gap_slot_memo[qid] = (best, why)
        return best, why

    def action(self, g):
        qid = g["question"]
        own = self.own_action(g)
        wanted, why = self.wanted(qid)
        due = self.due(qid)
        lost = (self.f.as_of - wanted).days if wanted is not None and wanted < self.f.as_of else None
        return {
            "do": own["do"],
            "owner": own.get("owner"),
            "due": str(due) if due else None,
            "overdue": bool(due and due < self.f.run_date),
            "lead_time_lost_days": lost,
            "comes_before": why,
        }

    def undated_rules(self, gaps):
        """Rule 12: the rules and events that count back from a profile date
        the profile does not give, for each open gap.
        DOC AMBIGUITY: which ones are listed is not said; taken as every
        action rule and every `precedes` event of an open gap whose date is
        missing, in gap order."""
        out = []
        for g in gaps:
            q = self.c.questions[g["question"]]
            spec = self.own_action(g).get("due") or {}
            for s in spec.get("earlier_of", [spec]):
                if "before" in s and not isinstance(self.f.profile.get(s["before"]), datetime.date):
                    out.append({"question": q["id"], "fact": s["before"],
                                "rule": f"{int(s['days'])} days before {s['before']}"})
            for kind, target, lead in self.c.precedes[q["id"]]:
                e = self.c.events.get(target) if kind == "event" else None
                if e is not None and target not in self.event_dates:
                    out.append({"question": q["id"], "fact": e.get("fact"),
                                "rule": f"{lead} days before {e['label']}"})
        return out

    def event_of(self, qid):
        """Rule 12: the event an open gap's action leads to. "An action leads
        to an event when its slot is bounded by the event, or by a question
        whose date is its own slot (even where that question's own rule
        gives the same date, so that it has no `comes_before`) and which
        leads to the event in turn." So the chain follows what bounds each
        slot (`gap_slot`, the first on a tie), not the action's
        `comes_before`: the action's own slot need only be bounded (in the
        built-in questionnaires no action's own rule counts back from a
        profile date, so an action loses lead time only through its slot);
        each question further along must have the date that counted for it
        (`comes_before.date`: its unclamped due date, its `decide_by`, or
        its slot) equal to its own slot. A `decide-by` link therefore leads
        on only when that date is the decision's slot. DOC AMBIGUITY:
        "bounded by" is read as "given by" (the first thing that sets the
        slot), not "no later than"."""
        seen = {qid}
        why = self.gap_slot(qid)[1]
        while why is not None:
            if why["kind"] == "event":
                return why["id"]
            target = why["id"]
            if target in seen:
                return None
            seen.add(target)
            slot, next_why = self.gap_slot(target)
            if slot is None or why["date"] != str(slot):
                return None
            why = next_why
        return None

    def short_of_time(self, gaps):
        """Rule 12: per event, the unwaived open actions that lead to it
        (`event_of`) whose lead time is lost."""
        out = {}
        for g in gaps:
            lost = g["action"]["lead_time_lost_days"]
            if not lost or g["waived"]:  # rule 12: "unwaived actions that lead to an event"
                continue
            event = self.event_of(g["question"])
            if event is None:
                continue
            e = out.setdefault(event, {"event": event, "date": str(self.event_dates[event]),
                                       "questions": [], "most_days_lost": 0})
            e["questions"].append(g["question"])
            e["most_days_lost"] = max(e["most_days_lost"], lost)
        return sorted(out.values(), key=lambda e: (e["date"], e["event"]))


def assess(content, f):
    return Assessment(content, f).run()


def files(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.endswith((".yaml", ".yml", ".toml")):
                    yield os.path.join(arg, name)
        else:
            yield arg


def mera_reports(path):
    """mera's JSON report, or JSON lines, as {file: assessment}."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        docs = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    out = {}
    for doc in docs:
        for a in doc.get("assessments", [doc]):
            if "file" in a:  # not a problem report
                out[os.path.normpath(a["file"])] = a
    return out


def comes_before(cb):
    """mine or mera's `comes_before`, as (kind, id, date, lead, dated_by)."""
    if not cb:
        return None
    if cb.get("kind"):
        return (cb["kind"], cb["id"], cb["date"], cb["lead_days"], cb.get("dated_by"))
    kind = "event" if cb.get("event") else "question"
    return (kind, cb.get("event") or cb.get("question"), cb["date"], cb["lead_days"], cb.get("dated_by"))


# The fields compared, each as a function of one assessment (mine or mera's).
FIELDS = {
    "score": lambda r: r["score"],
    "readiness": lambda r: r["readiness"],
    "areas": lambda r: [(a["id"], a["score"], a["applicable"], a["answered"], a["gaps"]) for a in r["areas"]],
    "gaps": lambda r: [(g["question"], g["state"], g["severity"], g["credit"], g["waived"]) for g in r["gaps"]],
    "passed": lambda r: sorted(p["question"] for p in r["passed"]),
    "due dates": lambda r: sorted((g["question"], g["action"]["due"], g["action"]["overdue"],
                                   g["action"]["lead_time_lost_days"]) for g in r["gaps"]),
    "comes_before": lambda r: sorted((g["question"], comes_before(g["action"]["comes_before"])) for g in r["gaps"]),
    "stale evidence": lambda r: sorted(s["question"] for s in r["stale_evidence"]),
    "waivers": lambda r: [(w["question"], w["expired"], w["covers_gap"]) for w in r["waivers"]],
    "pending decisions": lambda r: [(p["question"], p["answer"], p["decide_by"], p["passed"], p["needed_by"], p["late"])
                                    for p in r["pending_decisions"]],
    # Rule 1: facts in name order, questions in questionnaire order.
    "unstated facts": lambda r: [(u["fact"], u["questions"]) for u in r["unstated_facts"]],
    "undated rules": lambda r: sorted((u["question"], u["fact"], u["rule"]) for u in r["undated_rules"]),
    "inapplicable answers": lambda r: sorted(x["question"] for x in r["inapplicable_answers"]),
    "events": lambda r: [(e["id"], e["date"]) for e in r["events"]],
    "short of time": lambda r: [(s["event"], sorted(s["questions"]), s["most_days_lost"]) for s in r["short_of_time"]],
}


def compare(mine, theirs):
    """{field: (python, mera)} for every field the two assessments of one
    file disagree on."""
    diffs = {}
    for name, get in FIELDS.items():
        a, b = get(mine), get(theirs)
        if a != b:
            if isinstance(a, list) and isinstance(b, list):
                only_a = [x for x in a if x not in b]
                only_b = [x for x in b if x not in a]
                if only_a or only_b:
                    a, b = only_a, only_b
            diffs[name] = (a, b)
    return diffs


def main(argv):
    against = None
    as_of = None
    usage = "usage: score.py [--as-of DATE] [--compare MERA.json] DIR_OR_FILE..."
    while argv[:1] and argv[0].startswith("-"):
        if argv[0] in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if argv[0] == "--compare" and len(argv) >= 2:
            against = mera_reports(argv[1])
            argv = argv[2:]
        elif argv[0] == "--as-of" and len(argv) >= 2:
            as_of = day(argv[1])
            argv = argv[2:]
        else:
            sys.exit(usage)
    if not argv:
        sys.exit(usage)
    content = Content()
    out = sys.stdout
    checked = disagree = 0
    agree = {name: 0 for name in FIELDS}
    for path in files(argv):
        try:
            result = assess(content, File(path, content, as_of))
        except FileError as e:
            result = {"file": path, "error": str(e)}
        if against is None:
            out.write(json.dumps(result, ensure_ascii=False))
            out.write("\n")
            continue
        theirs = against.get(os.path.normpath(path))
        if theirs is None or "error" in result:
            print(f"{path}: {result.get('error') or 'not in mera' + chr(39) + 's report'}")
            disagree += 1
            continue
        checked += 1
        diffs = compare(result, theirs)
        for name in FIELDS:
            agree[name] += name not in diffs
        if diffs:
            disagree += 1
            for name, (a, b) in diffs.items():
                print(f"{path}: {name}: python {a!r}, mera {b!r}")
    if against is not None:
        for name in FIELDS:
            print(f"  {name}: {agree[name]}/{checked} files agree", file=sys.stderr)
        print(f"{checked} files compared, {disagree} with disagreements", file=sys.stderr)
        return 1 if disagree else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
