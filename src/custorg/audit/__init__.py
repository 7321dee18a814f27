"""The audit run: its configuration (config), the pipeline from paths to a Report
(engine) and the baseline of known findings (baseline)."""
