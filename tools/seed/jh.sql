-- 精弘 (document 004): the term calendar of the current academic year (2026-2027), behind /jh/api/time.
-- Operators change it with /admin/jh/terms. Idempotent.
INSERT OR IGNORE INTO jh_terms (year, term, begin, end) VALUES
  (2026, 3, '2026-09-07', '2027-01-17'),
  (2026, 12, '2027-02-22', '2027-06-27'),
  (2026, 16, '2027-06-28', '2027-07-18');

-- Demo 精弘 accounts for local development (log in at /jh/api/user with the upper-case MD5 of the password):
-- demo_jh / jh-demo, demo_board / board-demo (message-board admin), demo_wejh / wejh-demo (微精弘 account).
INSERT OR IGNORE INTO jh_users (username, username_key, nickname, password_hash, usertype, permission_msgboard, created_at) VALUES
  ('demo_jh', 'demo_jh', '演示同学', 'pbkdf2-sha256$100000$DL44iphFSD4UnDRlQzmP3Q$AsPdcirRhYQ0tIn1uuplt1GpuIzOC9zO4NRirhVJDt4', 'COMMON', 0, 1767225600000),
  ('demo_board', 'demo_board', '留言板管理员', 'pbkdf2-sha256$100000$2oTY_eBmOUQDdawoyIK_uw$ps-8nS97BJdC0NK-dAHt-23wk1-yr5qHVLdZ17UJKwU', 'COMMON', 1, 1767225600000),
  ('demo_wejh', 'demo_wejh', '微精弘同学', 'pbkdf2-sha256$100000$zQJF-dcD7gO_QM4VQ-unAA$AUULffG8wApZtokWri3IEkg6TW2ZBJTpj7Tncr_TBr8', 'WEJH', 0, 1767225600000);
