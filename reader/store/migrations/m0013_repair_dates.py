"""Days typed before paperdeck held them to the years it stores (1900-2299) are brought inside,
so a library that took `journal --date 0001-01-01` or `unit new 9999-12-31 --days 1` opens,
lists and exports again, and its YAML export imports (the import takes those years only).

- A journal entry on such a day goes to the day it was written (local time); its text, item
  and time written stay.
- A unit keeps its number, length, goals and plan, moved to the nearest edge of the years: one
  starting before 1900-01-01 starts on it, one ending after 2299-12-31 ends on it (it can be
  removed with `paperdeck unit rm N`).
Rows inside the years are not touched.
"""

SQL = """
UPDATE journal
   SET day = max('1900-01-01', min('2299-12-31',
             coalesce(date(written, 'localtime'), date(written), '1900-01-01')))
 WHERE day IS NOT date(day) OR day < '1900-01-01' OR day > '2299-12-31';

UPDATE units
   SET first = '1900-01-01',
       last = date('1900-01-01', '+' || CAST(min(julianday(last) - julianday(first), 146096)
                                              AS INTEGER) || ' days')
 WHERE first < '1900-01-01' AND julianday(first) IS NOT NULL AND julianday(last) IS NOT NULL;

UPDATE units
   SET last = '2299-12-31',
       first = date('2299-12-31', '-' || CAST(min(julianday(last) - julianday(first), 146096)
                                              AS INTEGER) || ' days')
 WHERE last > '2299-12-31' AND julianday(first) IS NOT NULL AND julianday(last) IS NOT NULL;
"""
