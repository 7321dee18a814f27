"""Reading an org: finding its files (sources), YAML to plain data with a source map
(load, with the fast path loadfast), the schema (schema, schemacheck), the sections table,
the model of frozen dataclasses (model), and the checks that stop analysis (references,
teamsformat)."""
