-- Unit-pair counts of custorg's docs/mining.md, in the SQL that DuckDB and Spark SQL share.
--
-- Reads a table (or view) `events` with the columns
--   case_id  text       the case
--   unit     text       the unit (never null or empty: such events are skipped before)
--   ts       timestamp  the instant of the event (UTC)
--   seq      integer    the event's position in the input (breaks ties of ts)
-- and returns one row per transition pair: from_unit, to_unit, n.
-- A transition is a pair of consecutive events of a case, ordered by ts, then seq;
-- from_unit = to_unit is included (work that stays in the unit).
SELECT from_unit, to_unit, COUNT(*) AS n
FROM (
    SELECT unit AS from_unit,
           LEAD(unit) OVER (PARTITION BY case_id ORDER BY ts, seq) AS to_unit
    FROM events
) AS transitions
WHERE to_unit IS NOT NULL
GROUP BY from_unit, to_unit
ORDER BY n DESC, from_unit, to_unit
