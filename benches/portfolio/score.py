#!/usr/bin/env python3
"""A straightforward second scorer, for the portfolio benchmark.

    python3 benches/portfolio/score.py DIR_OR_FILE... > scores.jsonl
    python3 benches/portfolio/score.py --compare MERA.json DIR_OR_FILE...

Does the work of `mera assess DIR --format jsonl`: loads the built-in
questionnaires and the provision catalog with PyYAML's C loader, applies the
README's scoring rules ("Scoring, exactly as implemented") to each answers
file, and writes one JSON object per file and line (score, level, areas,
gaps with provisions and planned actions, stale evidence, waivers).

It is written from the README, not from mera's source, so it is also a
second implementation of the rules: `--compare` reads mera's JSON report
(`mera assess FILES --format json`, or JSON lines) for the same files and
prints every disagreement in score, level, area scores, gaps, due dates,
stale evidence and waivers. It expects valid answers files (mera checks
them); it does not validate.

Python 3.11 and PyYAML with libyaml (`yaml.CSafeLoader`).
"""

import datetime
import json
import math
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Report order of the built-in questionnaires (src/content/set.rs, BUILTIN).
QUESTIONNAIRES = [
    "profile",
    "covered-model-engagement",
    "thirty-day-window",
    "trusted-partners",
    "agent-cfaa",
    "clearinghouse",
    "governance",
]
WEIGHTS = {"critical": 8.0, "high": 4.0, "medium": 2.0, "low": 1.0}
RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
EVIDENCE_CAP = 0.5
MAX_EVIDENCE_AGE_DAYS = 365
# Due date of the fallback "file the evidence" action, in days after the
# assessment date; None: the action has no due date (this branch's rule 11).
EVIDENCE_DUE_DAYS = 14
LOADER = yaml.CSafeLoader


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)


def word(value):
    """YAML 1.1 reads yes/no/on/off as booleans; mera reads answer words."""
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
    return datetime.date.fromisoformat(str(value))


class Content:
    def __init__(self, root=ROOT):
        self.facts = {}
        self.areas = []
        self.replaces = {}
        for name in QUESTIONNAIRES:
            doc = load_yaml(os.path.join(root, "questionnaires", name + ".yaml"))
            for fact in doc.get("facts", []):
                self.facts[fact["id"]] = fact
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
                self.questions[q["id"]] = q
        catalog = load_yaml(os.path.join(root, "seeds", "provisions.yaml"))
        self.provisions = {p["id"]: p for p in catalog["provisions"]}


class File:
    """One answers file, read into plain values."""

    def __init__(self, path, content):
        doc = load_yaml(path)
        self.path = path
        org = doc.get("organization") or {}
        self.organization = {
            "name": org.get("name"),
            "assessed_by": org.get("assessed_by"),
            "as_of": str(day(org["as_of"])) if org.get("as_of") else None,
            "privileged": bool(org.get("privileged", False)),
        }
        self.as_of = day(org["as_of"]) if org.get("as_of") else datetime.date.today()
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
        for qid, value in (doc.get("answers") or {}).items():
            qid = content.replaces.get(qid, qid)
            long = value if isinstance(value, dict) else {"answer": value}
            evidence = long.get("evidence") or []
            if isinstance(evidence, str):
                evidence = [evidence]
            self.answers[qid] = {
                "word": word(long["answer"]),
                "evidence": evidence,
                "note": long.get("note"),
                "owner": long.get("owner"),
                "reviewed": day(long["reviewed"]) if long.get("reviewed") else None,
                "confidential": bool(long.get("confidential", False)),
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
    """A condition's `is` against a profile value."""
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


class Applicability:
    def __init__(self, content, answers):
        self.content = content
        self.answers = answers
        self.memo = {}

    def applies(self, qid):
        if qid in self.memo:
            return bool(self.memo[qid])
        self.memo[qid] = None  # a cycle does not apply
        q = self.content.questions.get(qid)
        result = q is not None and all(
            self.holds(c) for c in (q["_area"].get("applies_when"), q.get("applies_when")) if c
        )
        self.memo[qid] = result
        return result

    def holds(self, c):
        if "all" in c:
            return all(self.holds(x) for x in c["all"])
        if "any" in c:
            return any(self.holds(x) for x in c["any"])
        if "not" in c:
            return not self.holds(c["not"])
        if "question" in c:
            qid = c["question"]
            if not self.applies(qid) or qid not in self.answers.answers:
                return False
            return self.answers.answers[qid]["word"] in [word(w) for w in c["in"]]
        value = self.answers.profile.get(c["fact"])
        if "present" in c:
            return (value is not None) == bool(c["present"])
        if value is None:
            return False
        if "is" in c:
            return same(c["is"], value)
        if "at_least" in c:
            return isinstance(value, float) and value >= float(c["at_least"])
        if "at_most" in c:
            return isinstance(value, float) and value <= float(c["at_most"])
        return False


def percent(points, possible):
    """100 × points / possible, one decimal, half up (README rule 6)."""
    if possible <= 0:
        return None
    x = 1000.0 * points / possible
    whole = math.floor(x)
    return (whole + (1 if x - whole >= 0.5 else 0)) / 10.0


def credit_and_state(q, a, run_date):
    """Rules 2-4 and 7: credit after any decision date and the evidence cap,
    and the gap state."""
    w = a["word"]
    if w == "n/a":
        return None
    if q.get("choices"):
        choice = next((c for c in q["choices"] if c["id"] == w), None)
        base = float(choice["credit"]) if choice else 0.0
        # A choice that puts the decision off to a date (`decide_by:
        # required`) keeps its credit through the answer's `decide_by` date
        # and half of it from the day after.
        if choice and choice.get("decide_by") == "required":
            if a["decide_by"] is None or run_date > a["decide_by"]:
                base *= 0.5
    else:
        base = {"yes": 1.0, "partial": 0.5}.get(w, 0.0)
    capped = q.get("evidence") == "required" and not a["evidence"] and base > EVIDENCE_CAP
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
    return credit, state


def due_date(spec, profile, as_of):
    """One due rule: N days after the assessment date, N days before a
    profile date (None when the profile does not give it), or the earliest
    of several such rules that can be computed."""
    if "earlier_of" in spec:
        dates = [d for d in (due_date(s, profile, as_of) for s in spec["earlier_of"]) if d]
        return min(dates) if dates else None
    days = int(spec["days"])
    if "before" in spec:
        date = profile.get(spec["before"])
        return date - datetime.timedelta(days=days) if isinstance(date, datetime.date) else None
    return as_of + datetime.timedelta(days=days)


def plan(action, profile, as_of):
    """Rule 11: the due date from the action's rule. (Only dates are
    compared with mera; the rule's wording is mera's business.)"""
    due_spec = action.get("due")
    due = rule = None
    if due_spec:
        due = due_date(due_spec, profile, as_of)
        rule = repr(due_spec)
    return {
        "do": action["do"],
        "owner": action["owner"],
        "due": str(due) if due else None,
        "due_rule": rule,
        "overdue": bool(due and due < as_of),
    }


def assess(content, f):
    ctx = Applicability(content, f)
    areas, gaps, stale = [], [], []
    for area in content.areas:
        r = {
            "id": area["id"],
            "title": area["title"],
            "version": str(area["version"]),
            "applicable": 0,
            "answered": 0,
            "gaps": 0,
            "points": 0.0,
            "possible": 0.0,
            "score": None,
        }
        for q in area["questions"]:
            if not ctx.applies(q["id"]):
                continue
            a = f.answers.get(q["id"])
            if a is None:
                credit, state = 0.0, "unanswered"
            else:
                scored = credit_and_state(q, a, f.as_of)
                if scored is None:
                    continue  # n/a: out of both sides of the ratio
                credit, state = scored
            weight = WEIGHTS[q["severity"]]
            r["applicable"] += 1
            r["answered"] += a is not None
            r["points"] += weight * credit
            r["possible"] += weight
            if a is not None and a["reviewed"] is not None:
                age = (f.as_of - a["reviewed"]).days
                if age > MAX_EVIDENCE_AGE_DAYS:
                    stale.append(
                        {"question": q["id"], "severity": q["severity"], "reviewed": str(a["reviewed"]), "age_days": age}
                    )
            if state is None:
                continue
            r["gaps"] += 1
            action = q["actions"].get(state)
            if action is None:
                hint = q.get("evidence_hint")
                owner = (a or {}).get("owner") or (q["actions"].get("partial") or {}).get("owner") or "Question owner"
                action = {
                    "do": f"File the evidence behind this answer: {hint}" if hint else "File the evidence behind this answer.",
                    "owner": owner,
                }
                if EVIDENCE_DUE_DAYS is not None:
                    action["due"] = {"days": EVIDENCE_DUE_DAYS}
            gaps.append(
                {
                    "question": q["id"],
                    "area": area["id"],
                    "text": q["text"],
                    "severity": q["severity"],
                    "state": state,
                    "answer": a["word"] if a else None,
                    "credit": credit,
                    "points_lost": weight * (1.0 - credit),
                    "provisions": [
                        {
                            "id": p,
                            "section": content.provisions[p]["section"],
                            "short": content.provisions[p].get("short") or content.provisions[p]["section"],
                            "title": content.provisions[p]["title"],
                            "force": content.provisions[p]["force"],
                        }
                        for p in q.get("provisions", [])
                        if p in content.provisions
                    ],
                    "action": plan(action, f.profile, f.as_of),
                    "waived": False,
                    "note": a["note"] if a else None,
                    "_order": q["_order"],
                }
            )
        r["score"] = percent(r["points"], r["possible"])
        areas.append(r)
    gaps.sort(key=lambda g: (-RANK[g["severity"]], -g["points_lost"], g["_order"]))
    for g in gaps:
        del g["_order"]
    waivers = []
    for w in f.waivers:
        expired = f.as_of > w["expires"]
        waivers.append(
            {
                "question": w["question"],
                "reason": w["reason"],
                "approved_by": w["approved_by"],
                "expires": str(w["expires"]),
                "expired": expired,
                "covers_gap": any(g["question"] == w["question"] for g in gaps),
            }
        )
        for g in gaps:
            if g["question"] == w["question"] and not expired:
                g["waived"] = True
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
    return {
        "file": f.path,
        "organization": f.organization,
        "as_of": str(f.as_of),
        "score": score,
        "points": points,
        "possible": possible,
        "readiness": level,
        "areas": areas,
        "gaps": gaps,
        "stale_evidence": stale,
        "max_evidence_age_days": MAX_EVIDENCE_AGE_DAYS,
        "waivers": waivers,
    }


def files(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.endswith((".yaml", ".yml")):
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


def compare(mine, theirs):
    """Every disagreement between the two assessments of one file."""
    diffs = []

    def check(what, a, b):
        if a != b:
            diffs.append(f"{what}: python {a!r}, mera {b!r}")

    check("score", mine["score"], theirs["score"])
    check("readiness", mine["readiness"], theirs["readiness"])
    check("areas", [(r["id"], r["score"], r["applicable"], r["answered"]) for r in mine["areas"]],
          [(r["id"], r["score"], r["applicable"], r["answered"]) for r in theirs["areas"]])
    check("gaps", [(g["question"], g["state"], g["waived"]) for g in mine["gaps"]],
          [(g["question"], g["state"], g["waived"]) for g in theirs["gaps"]])
    check("due dates", [(g["question"], g["action"]["due"], g["action"]["overdue"]) for g in mine["gaps"]],
          [(g["question"], g["action"]["due"], g["action"]["overdue"]) for g in theirs["gaps"]])
    check("stale evidence", [s["question"] for s in mine["stale_evidence"]],
          [s["question"] for s in theirs["stale_evidence"]])
    check("waivers", [(w["question"], w["expired"], w["covers_gap"]) for w in mine["waivers"]],
          [(w["question"], w["expired"], w["covers_gap"]) for w in theirs["waivers"]])
    return diffs


def main(argv):
    against = None
    if argv[:1] == ["--compare"]:
        if len(argv) < 3:
            sys.exit("usage: score.py --compare MERA.json DIR_OR_FILE...")
        against = mera_reports(argv[1])
        argv = argv[2:]
    if not argv:
        sys.exit("usage: score.py [--compare MERA.json] DIR_OR_FILE...")
    content = Content()
    out = sys.stdout
    checked = disagree = 0
    for path in files(argv):
        result = assess(content, File(path, content))
        if against is None:
            out.write(json.dumps(result, ensure_ascii=False))
            out.write("\n")
            continue
        theirs = against.get(os.path.normpath(path))
        if theirs is None:
            print(f"{path}: not in mera's report", file=sys.stderr)
            disagree += 1
            continue
        checked += 1
        diffs = compare(result, theirs)
        if diffs:
            disagree += 1
            for d in diffs:
                print(f"{path}: {d}")
    if against is not None:
        print(f"{checked} files compared, {disagree} with disagreements", file=sys.stderr)
        return 1 if disagree else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
