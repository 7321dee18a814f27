"""Evidence from an event log (docs/evidence.md): who does the work, how long handoffs
make the customer wait, who brokers between functions, whether the work clusters as the
functions are drawn. Engines compute aggregates; everything after is this package, one
code path for every engine. Library code: never prints.

**What an engine hands over.** `Mined` (mining.tally: unit events, unit pairs, variants)
and `Aggregates` (aggregates.py): per ordered unit pair the wait count, median, p90 and
total (integer microseconds, nearest rank); per variant path the median and p90 of its
cases' summed waits; cases per unordered unit pair; events per (resource or None, unit,
activity); events without a resource; resources in order of first appearance. Both on
the same events, mapped to org units first with `--org` (`(unmapped)` included).

**The engines** are handed a `Tables` (`mine(..., evidence=Tables(hours))`, then
`tables.result()`): the python engine feeds its reference accumulator once per case,
the duckdb engine computes the same tables in SQL (duck.py):

    tally = EvidenceTally(parse_hours("09:00-17:00", "Europe/Paris"))  # or hours=None
    tally.add_case([(ts_us, unit, activity, resource), ...], seq=first_input_position)
    aggregates = tally.result()

A business-hours wait is `wait_us(start_us, end_us, hours)` (hours.py), defined once; the
duckdb engine's SQL is held equal to it by a property test.

**The CLI** (`custorg mine`, after mining and the comparison):

    declared = Declared(org, function, org_path) if --org else None
    ev, document = evidence_document(mined, aggregates, declared, config,
                                     Options(log=LOG, top=top, anonymize=anonymize))
    json_doc.update(document)              # "evidence" and "findings"
    text += render_text(ev)                # the text section
    files.update(evidence_files(ev))       # -o DIR: evidence.json, handoffs.graphml
                                           #   (gate kinds: KINDS[name])
    ev.findings                            # --format sarif|github|gitlab, exit code

`--anonymize` is applied to the aggregates before anything reads them: no output shows a
resource's name.
"""

from __future__ import annotations

from .aggregates import Aggregates, PairWait, VariantWait, anonymize, nearest_rank
from .document import as_dict, compute, evidence_document
from .files import KINDS, evidence_files, evidence_json, handoffs_graph
from .hours import BusinessHours, parse_hours, wait_us
from .model import Declared, Evidence, Options
from .tally import EvidenceTally, Tables
from .text import render as render_text

__all__ = ["KINDS", "Aggregates", "BusinessHours", "Declared", "Evidence", "EvidenceTally",
           "Options", "PairWait", "Tables", "VariantWait", "anonymize", "as_dict", "compute",
           "evidence_document", "evidence_files", "evidence_json", "handoffs_graph",
           "nearest_rank", "parse_hours", "render_text", "wait_us"]
