"""The sections of an org file and the kind of entity each one lists: the one table that
the model, the schema messages, the reference checks, suppressions and SARIF read.

A section's name is its key in the YAML file and the `Org` attribute holding its
entities; the kind is what findings and messages call one of them (`Entity.kind`)."""

from __future__ import annotations

# section -> entity kind, in the order the model reads and reports them
SECTIONS: dict[str, str] = {
    "units": "unit", "people": "person", "stakeholders": "stakeholder",
    "processes": "process", "interfaces": "interface", "contact_points": "contact_point",
    "kpis": "kpi", "goals": "goal", "projects": "project",
}
# entity kind -> section
SECTION_OF: dict[str, str] = {kind: section for section, kind in SECTIONS.items()}
