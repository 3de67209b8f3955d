-- 精弘 (document 004): the term calendar of the current academic year (2026-2027), behind /jh/api/time.
-- Operators change it with /admin/jh/terms. Idempotent.
INSERT OR IGNORE INTO jh_terms (year, term, begin, end) VALUES
  (2026, 3, '2026-09-07', '2027-01-17'),
  (2026, 12, '2027-02-22', '2027-06-27'),
  (2026, 16, '2027-06-28', '2027-07-18');
