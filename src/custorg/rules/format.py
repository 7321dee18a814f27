"""F, S001-S003 and M001-M002: findings of loading, validation and suppressions (no check
here: the loader, the schema, the reference checks and the engine report them). F and
S001-S003 are the errors that stop analysis."""

from __future__ import annotations

from ..findings import Severity
from .base import declare

declare("F001", "unreadable-file", Severity.ERROR, """
    A file could not be read as UTF-8 text.

    What it checks: every input file exists, is readable, is under the size limit (64 MiB),
    and is UTF-8 text (a byte order mark is fine). NUL bytes or binary data are refused.

    Why it matters: an org file that cannot be read cannot be audited; in CI it must fail
    loudly rather than pass as an empty organisation.

    How to fix: save the file as UTF-8; split a huge export into a folder of files.
    """, stops_analysis=True)

declare("F002", "invalid-yaml", Severity.ERROR, """
    The file is not valid, plain YAML of one document.

    What it checks: YAML syntax (indentation with spaces, closed brackets and quotes), one
    document per file, no empty file, no tags such as `!!python/object` (never executed),
    no merge keys `<<`, aliases that do not explode ("billion laughs"), nesting under 64
    levels.

    Why it matters: org-design repositories take pull requests from anyone; only plain data
    may be read, and a file must mean the same to every reader.

    Example (fails):
        units:
          - {id: sales, name: "Sales}        # the quote is never closed

    Example (passes):
        units:
          - id: sales

    How to fix: follow the message; it names the line and column of the problem.
    """, stops_analysis=True)

declare("F003", "duplicate-key", Severity.ERROR, """
    A key appears twice in one mapping.

    What it checks: every mapping (also flow mappings `{a: 1, a: 2}`) has distinct keys.

    Why it matters: the last one wins in most YAML readers, silently, so a reviewer
    reading the first one sees a different organisation than the tool.

    Example (fails):
        - id: sales
          parent: board
          parent: retail

    How to fix: remove one of the two keys; the message gives both lines.
    """, stops_analysis=True)

declare("F004", "invalid-structure", Severity.ERROR, """
    The file does not have the shape of the org format (schemas/org.schema.json).

    What it checks: unknown keys (typos must not pass silently; use `x-` keys for your own
    data), missing required keys (`id`, interface `from`/`to`, ...), wrong types (`strategic:
    yes` is text in YAML 1.2: write `true`), values outside their list (`kind`,
    `customer_contact`), the format version, a `units:` list somewhere in the org,
    `organization` in at most one file, the reserved id `customer`, interfaces joining a
    unit to itself.

    Why it matters: the format is the contract between analysts and the tool; a file that
    breaks it would be audited wrongly.

    Example (fails):
        units:
          - id: sales
            nmae: Sales        # unknown key: did you mean 'name'?

    How to fix: follow the message; editors can validate as you type with
    `# yaml-language-server: $schema=.../schemas/org.schema.json`.
    """, stops_analysis=True)

declare("S001", "reporting-cycle", Severity.ERROR, """
    Units' parents form a cycle.

    What it checks: following `parent` from any unit reaches a top unit. One finding per
    cycle, listing its units.

    Why it matters: a reporting line that loops has no top: nobody is finally accountable,
    and depth, layers and common managers are undefined.

    Example (fails):
        units:
          - {id: a, parent: b}
          - {id: b, parent: a}

    How to fix: give one unit of the cycle a parent outside it, or none (a top unit).
    """, stops_analysis=True)

declare("S002", "unknown-reference", Severity.ERROR, """
    A reference names no entity of the right kind.

    What it checks: every `parent`, `head`, `unit`, `owner`, `team`, step unit, interface
    `from`/`to`/`responsible`, KPI, goal and project reference names an existing entity of
    the kind the field expects (a unit for `parent`, a person for `head`, ...). A step may
    also name `customer` or a stakeholder of kind customer.

    Why it matters: a dangling reference silently drops a reporting line or a handoff.

    Example (fails):
        units:
          - {id: sales, head: anna}     # no person 'anna'

    How to fix: correct the id, or add the missing entity.
    """, stops_analysis=True)

declare("S003", "duplicate-id", Severity.ERROR, """
    Two entities share an id.

    What it checks: ids are unique across the whole org: units, people, stakeholders,
    processes, KPIs, goals, projects (and interfaces that declare an id) share one
    namespace, across all files of a folder. Ids are compared after Unicode NFC
    normalisation, so two spellings of `Łódź` are one id.

    Why it matters: a reference to a duplicated id is ambiguous.

    Example (fails):
        units: [{id: sales}]
        people: [{id: sales}]

    Example (passes):
        units: [{id: sales}]
        people: [{id: sales-lead}]

    How to fix: rename one of them; both locations are given.
    """, stops_analysis=True)

declare("M001", "suppression-without-reason", Severity.WARNING, """
    A suppression has no reason.

    What it checks: every `suppress: {CODE: reason}` entry gives a non-empty reason.
    A suppression without a reason is not applied.

    Why it matters: a suppressed finding is a decision; the reason tells the next reviewer
    why the organisation deviates from the principle on purpose.

    Example (fails):
        units:
          - {id: it, suppress: {S006: ""}}
          - {id: it-ops, parent: it}

    Example (passes):
        units:
          - {id: it, suppress: {S006: "one team during the pilot, second team from Q3"}}
          - {id: it-ops, parent: it}

    How to fix: write the reason, or remove the suppression.
    """)

declare("M002", "unused-suppression", Severity.INFO, """
    A suppression matches no finding.

    What it checks: each `suppress` entry removes at least one finding of its entity.
    Entries naming an unknown rule are reported too.

    Why it matters: stale suppressions hide future problems and make files harder to read.

    Example (fails):
        units:
          - {id: it, suppress: {S006: "one team during the pilot"}}
          - {id: it-ops, parent: it}
          - {id: it-dev, parent: it}         # two child units: no S006 to suppress

    Example (passes):
        units:
          - {id: it}
          - {id: it-ops, parent: it}
          - {id: it-dev, parent: it}

    How to fix: remove the entry (or correct the code).
    """)

declare("M004", "empty-file", Severity.INFO, """
    A file of the org is empty or holds only comments.

    What it checks: every file given with others (or found in a folder) has some YAML
    content. The sections of an org may sit in any file of a folder, so an empty file is
    no error; it just adds nothing. A single empty file given alone is an F002 error
    (there is no org at all).

    Why it matters: an empty file is often a placeholder, or a file whose content was
    lost in a merge.

    How to fix: fill it in, or delete it.
    """)
