"""Writes schemas/org.schema.json and its packaged copy. Run after changing the format.

The schema is written as Python data here because JSON has no comments; the JSON files are
what editors and custorg itself use (a test checks they are up to date)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALAR = ["string", "integer", "number", "boolean"]


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def obj(props: dict, required: tuple[str, ...] = (), doc: str = "") -> dict:
    out: dict = {"type": "object", "properties": props,
                 "patternProperties": {"^x-": {}}, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if doc:
        out["description"] = doc
    return out


def entity_list(item: str, doc: str) -> dict:
    return {"type": ["array", "null"], "items": ref(item), "description": doc}


DEFS = {
    "id": {"type": SCALAR, "pattern": r"^\S+$", "minLength": 1,
           "description": "An id: text without whitespace, kept as written (010 stays 010)."},
    "ref": {"type": SCALAR + ["null"], "pattern": r"^\S+$", "minLength": 1,
            "description": "The id of another entity; null or absent means none."},
    "text": {"type": SCALAR + ["null"], "description": "Free text."},
    "ids": {"type": ["array", "null"], "items": ref("id")},
    "suppress": {"type": ["object", "null"],
                 "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9-]*$"},
                 "additionalProperties": ref("text"),
                 "description": "Rule code or name -> reason; the reason is required."},
    "unit": obj({
        "id": ref("id"), "name": ref("text"), "parent": ref("ref"), "kind": ref("text"),
        "function": ref("text"),
        "customer_contact": {"enum": ["direct", "indirect", "none", None]},
        "head": ref("ref"),
        "headcount": {"type": ["integer", "null"], "minimum": 0, "maximum": 10**9},
        "fte": {"type": ["number", "null"], "minimum": 0, "maximum": 10**9,
                "description": "Full-time equivalents in the unit itself (not its "
                               "sub-units); written by custorg import."},
        "kpis": ref("ids"), "suppress": ref("suppress"),
        "team_type": {"enum": ["stream-aligned", "platform", "enabling",
                               "complicated-subsystem", None],
                      "description": "Team Topologies team type (Skelton and Pais 2019)."},
    }, ("id",), "A unit of the organisation (reporting line through parent)."),
    "person": obj({"id": ref("id"), "name": ref("text"), "unit": ref("ref"),
                   "title": ref("text"), "suppress": ref("suppress")}, ("id",)),
    "stakeholder": obj({
        "id": ref("id"), "name": ref("text"),
        "kind": {"enum": ["customer", "employee", "media", "regulator", "investor",
                          "partner", "community", "other", None]},
        "owner": ref("ref"), "suppress": ref("suppress")}, ("id",)),
    "step": {
        "if": {"type": "object"},
        "then": obj({"unit": ref("id"), "activity": ref("text"),
                     "accountable": {**ref("ref"), "description":
                                     "The one person accountable for the step (RACI)."},
                     "consulted": {**ref("ids"), "description": "Person or unit ids."},
                     "informed": {**ref("ids"), "description": "Person or unit ids."}},
                    ("unit",)),
        "else": ref("id"),
        "description": "{unit: ID, activity: TEXT}, or a bare ID; ID may be `customer`.",
    },
    "process": obj({
        "id": ref("id"), "name": ref("text"), "strategic": {"type": ["boolean", "null"]},
        "owner": ref("ref"), "parent": ref("ref"), "team": ref("ref"),
        "volume": {"type": ["number", "null"], "minimum": 0, "maximum": 10**12,
                   "description": "Cases per period (weights handoffs); default 1."},
        "stakeholder": ref("ref"), "kpis": ref("ids"),
        "steps": {"type": ["array", "null"], "items": ref("step")},
        "suppress": ref("suppress")}, ("id",)),
    "interface": obj({
        "id": ref("ref"), "from": ref("id"), "to": ref("id"), "provides": ref("text"),
        "coordination": ref("text"), "responsible": ref("ref"),
        "feedback": {"type": ["boolean", "null"]}, "sla": ref("text"),
        "mode": {"enum": ["collaboration", "x-as-a-service", "facilitating", None],
                 "description": "Team Topologies interaction mode; for x-as-a-service "
                                "`from` is the provider, for facilitating the enabling team."},
        "until": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$",
                  "description": "YYYY-MM-DD: when a collaboration is meant to end "
                                 "(only with mode: collaboration)."},
        "suppress": ref("suppress")}, ("from", "to")),
    "contact_point": obj({"need": ref("text"), "unit": ref("id"), "stakeholder": ref("ref"),
                          "channel": ref("text"), "suppress": ref("suppress")},
                         ("need", "unit")),
    "kpi": obj({
        "id": ref("id"), "name": ref("text"),
        "kind": {"enum": ["nps", "csat", "ces", "churn", "retention", "ltv",
                          "repeat-purchase", "complaints", "other", None]},
        "owner": ref("ref"), "target": ref("text"), "suppress": ref("suppress")}, ("id",)),
    "goal": obj({"id": ref("id"), "name": ref("text"), "stakeholder": ref("ref"),
                 "kpis": ref("ids"), "processes": ref("ids"), "projects": ref("ids"),
                 "suppress": ref("suppress")}, ("id",)),
    "project": obj({"id": ref("id"), "name": ref("text"), "manager": ref("ref"),
                    "members": ref("ids"), "units": ref("ids"), "goal": ref("ref"),
                    "suppress": ref("suppress")}, ("id",)),
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://custorg.dev/schemas/org.schema.json",
    "title": "custorg organisation file, format version 1",
    "description": "One file of an organisation for custorg (a folder of such files is "
                   "merged into one org). See the format spec for the meaning of each field.",
    **obj({
        "custorg": {"const": 1, "description": "Format version; 1 if absent."},
        "organization": obj({"name": ref("text"), "description": ref("text"),
                             "suppress": ref("suppress")},
                            doc="Org-level findings (and X001) are suppressed here."),
        "units": entity_list("unit", "The units; required in one file of the org."),
        "people": entity_list("person", "People, each in a unit."),
        "stakeholders": entity_list("stakeholder", "Stakeholder groups and their owners."),
        "processes": entity_list("process", "Processes and their steps in order."),
        "interfaces": entity_list("interface", "Internal supplier-customer relations."),
        "contact_points": entity_list("contact_point", "Who serves each customer need."),
        "kpis": entity_list("kpi", "Key performance indicators."),
        "goals": entity_list("goal", "Goals for stakeholders."),
        "projects": entity_list("project", "Project teams."),
    }),
    "$defs": DEFS,
}


def render() -> str:
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    text = render()
    for target in (ROOT / "schemas" / "org.schema.json",
                   ROOT / "src" / "custorg" / "schemas" / "org.schema.json"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
