"""Small organogram and table fixtures for the import tests, reproducing what the real UK
files in shared/data/organograms hold (written by us; names invented):

- the 2011+ layout (DVLA, MoD): every cell quoted, CRLF, `Grade (or equivalent)`, an
  unnamed column in the middle, `source_file`/`source_line` columns at the end;
- the older layout (Home Office): a leading unnamed index column, `Grade`, LF;
- the anomalies: duplicate post references, a post reporting to itself, `N/D` and
  `Vacant` names, junior rows naming another Unit than their senior post's, `XX`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from custorg.audit.engine import Report, audit

SENIOR_2011 = ["Post Unique Reference", "Name", "Grade (or equivalent)", "Job Title",
               "Job/Team Function", "Parent Department", "Organisation", "Unit",
               "Contact Phone", "Contact E-mail", "Reports to Senior Post",
               "Salary Cost of Reports (£)", "FTE", "Actual Pay Floor (£)",
               "Actual Pay Ceiling (£)", "", "Professional/Occupational Group", "Notes",
               "Valid?", "URI", "source_file", "source_line"]
JUNIOR_2011 = ["Parent Department", "Organisation", "Unit", "Reporting Senior Post", "Grade",
               "Payscale Minimum (£)", "Payscale Maximum (£)", "Generic Job Title",
               "Number of Posts in FTE", "Professional/Occupational Group", "source_file",
               "source_line"]
DVLA = "Driver and Vehicle Licensing Agency"

# (ref, name, title, unit, reports to, FTE, group): the DVLA's seven posts of 2011-09-30
DVLA_POSTS = [
    ("191", "Ada Lovelace", "e-services and Enforcement Director", "e-services & Enforcement",
     "16", "1", "Operational Delivery"),
    ("192", "Bea Morgan", "Human Resources and Estates Director", "Human Resources & Estates",
     "16", "1", "Human Resources"),
    ("16", "Cai Jones", "Chief Executive", "Chief Executive", "XX", "1", "Policy"),
    ("195", "Dai Rees", "Finance and Strategy Director", "Finance", "16", "1", "Finance"),
    ("193", "Eli Price", "Corporate Affairs Director", "Corporate Affairs", "16", "1", "Policy"),
    ("197", "Fay Owen", "Chief Information Officer", "Information Systems", "16", "1",
     "Information Technology"),
    ("196", "Gil Hughes", "Chief Operating Officer", "Operations", "16", "1",
     "Operational Delivery"),
]
# (unit, reporting senior post, FTE): the real file's 82 rows summed per post and Unit
DVLA_JUNIOR = [
    ("Chief Executive", "16", "1"), ("Chief Executive", "16", "2"),
    ("Operations", "196", "2381.2"), ("Operations", "196", "1984"),
    ("Information Systems", "197", "274.9"),
    ("Corporate Affairs", "193", "136.8"),
    ("Human Resources", "192", "85.7"),  # Unit differs from the post's
    ("e-services & Enforcement", "191", "405"),
    ("Estates & Corporate Services", "192", "94.3"),  # Unit differs
    ("Finance", "195", "120"),
    ("Procurement", "195", "48"),  # Unit differs
    ("Audit", "195", "27.7"),  # Unit differs
]


def csv_text(rows: list[list[str]], quote_all: bool = True, crlf: bool = True,
             delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        lineterminator="\r\n" if crlf else "\n")
    writer.writerows(rows)
    return buffer.getvalue()


def senior_row(ref: str, name: str, title: str, unit: str, reports: str, fte: str,
               group: str, org: str = DVLA, line: int = 0) -> list[str]:
    return [ref, name, "SCS1", title, "Leads the team.", "Department for Transport", org,
            unit, "01792 000000", "team@example.org", reports, "0", fte, "0", "0", "",
            group, "", "", f"http://example.org/post/{ref}", "/data/x.xls", f"person{line}"]


def junior_row(unit: str, reports: str, fte: str, org: str = DVLA) -> list[str]:
    return ["Department for Transport", org, unit, reports, "HEO", "25880", "29255",
            "Officer", fte, "Operational delivery", "/data/x.xls", "juniorPosts2"]


def dvla_files(folder: Path) -> tuple[Path, Path]:
    """The DVLA-shaped senior and junior files, 2011 layout."""
    senior = folder / "dvla-senior.csv"
    junior = folder / "dvla-junior.csv"
    senior.write_text(csv_text([SENIOR_2011] + [senior_row(*p, line=i)
                                                for i, p in enumerate(DVLA_POSTS)]),
                      encoding="utf-8")
    junior.write_text(csv_text([JUNIOR_2011] + [junior_row(*j) for j in DVLA_JUNIOR]),
                      encoding="utf-8")
    return senior, junior


SENIOR_OLD = ["", "Post Unique Reference", "Name", "Grade", "Job Title", "Job/Team Function",
              "Parent Department", "Organisation", "Unit", "Contact Phone", "Contact E-mail",
              "Reports to Senior Post", "Salary Cost of Reports (£)", "FTE",
              "Actual Pay Floor (£)", "Actual Pay Ceiling (£)", "",
              "Professional/Occupational Group", "Notes", "Valid?"]
JUNIOR_OLD = ["", "Parent Department", "Organisation", "Unit", "Reporting Senior Post",
              "Grade", "Payscale Minimum (£)", "Payscale Maximum (£)", "Generic Job Title",
              "Number of Posts in FTE", "Professional/Occupational Group"]
HO = "Home Office"


def old_senior(index: int, ref: str, name: str, title: str, unit: str, reports: str,
               fte: str = "1.0", group: str = "Policy") -> list[str]:
    return [str(index), ref, name, "SCS1", title, "'Leads, with commas.'", HO, HO, unit,
            "0207 035 4848", "public.enquiries@example.org", reports, "0.0", fte, "0", "0",
            "0", group, "", "1"]


def old_junior(index: int, unit: str, reports: str, fte: str) -> list[str]:
    return [str(index), HO, HO, unit, reports, "SEO", "32602", "39537", "Officer", fte,
            "Policy"]


# Home-Office-shaped posts with its anomalies (line numbers: the header is line 1)
HO_POSTS = [
    ("4PO01", "Perm Sec", "Permanent Secretary", "Permanent Secretary's Office", "XX"),  # 2
    ("2PO01", "N/D", "Director General", "Directorate", "4PO01"),  # 3: N/D
    ("1PO01", "Vacant", "Head of Private Office", "Private Office", "2PO01"),  # 4: Vacant
    ("1PO03", "Ann Ode", "Private Secretary", "Private Office", "2PO01"),  # 5
    ("2UKBA18", "Eliminated", "Director Hillsborough", "Hillsborough Unit", "4PO01"),  # 6
    ("2UKBA18", "Eliminated", "Director Hillsborough", "Hillsborough Unit", "4PO01"),  # 7 dup
    ("2UKVI02", "Bo Red", "Director, Customers & Change", "Customers and Change",
     "2UKVI02"),  # 8: reports to itself
    ("1UKVI05", "Cy Sol", "Deputy Director Change", "Customers and Change", "2UKVI02"),  # 9
]


def home_office_files(folder: Path) -> tuple[Path, Path]:
    senior = folder / "ho-senior.csv"
    junior = folder / "ho-junior.csv"
    senior.write_text(csv_text([SENIOR_OLD] + [old_senior(i, *p) for i, p in
                                              enumerate(HO_POSTS)], quote_all=False,
                               crlf=False), encoding="utf-8")
    junior.write_text(csv_text([JUNIOR_OLD] + [
        old_junior(0, "Private Office", "1PO01", "6.0"),
        old_junior(1, "Private Office", "1PO03", "3.0"),
        old_junior(2, "Home Secretary's Office", "1PO01", "2.5"),  # Unit differs
        old_junior(3, "Customers and Change", "1UKVI05", "10.0"),
        old_junior(4, "Gone Unit", "9ZZ99", "4.5"),  # names no senior post
    ], quote_all=False, crlf=False), encoding="utf-8")
    return senior, junior


def audit_folder(folder: Path | str) -> Report:
    return audit([str(folder)])


def stopping_errors(report: Report) -> list[str]:
    """Findings that stop analysis (F*, S001-S003)."""
    return [f"{f.code} {f.message}" for f in report.findings
            if f.code.startswith("F") or f.code in ("S001", "S002", "S003")]


def figures(report: Report) -> dict[str, Any]:
    """The figures the issue compares: units, people, layers, spans, S004-S006, staff."""
    m = report.metrics
    assert m is not None, stopping_errors(report)
    return {"units": m["units"], "people": m["people"], "layers": m["layers"],
            "max_span": m["max_span"], "mean_span": m["mean_span"], "staff": m["staff"],
            "S004-S006": sorted((f.code, _unit_name(report, f.entity.id))
                                for f in report.findings
                                if f.code in ("S004", "S005", "S006"))}


def _unit_name(report: Report, ident: str) -> str:
    """Compared by name: the ids of `import table` are the export's own."""
    assert report.org is not None
    unit = report.org.unit_by_id.get(ident)
    return unit.name if unit is not None else ident
