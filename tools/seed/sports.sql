-- Demo data for the sports equipment surface (document 003): two cabinets with
-- known secrets and equipment, matching the simulator's built-in layouts
-- (tools/cabinet.mjs). Idempotent: fixed keys, INSERT OR IGNORE.
-- Local development only: these secrets are public.
INSERT OR IGNORE INTO sports_devices (id, name, location, slot_count, secret, secret_rotated_at, codes, last_seen_at, retired_at, created_at) VALUES
  ('bj-1', '北交1', '东操场器材柜', 6, 'demo-secret-bj-1', 1767225600000, '[]', NULL, NULL, 1767225600000),
  ('bj-2', '北交2', '体育馆北门', 6, 'demo-secret-bj-2', 1767225600000, '[]', NULL, NULL, 1767225600000);

INSERT OR IGNORE INTO sports_items (tag, name, type, device_id, slot, reserved_by, created_at, updated_at) VALUES
  ('T-0001', '篮球A', '篮球', 'bj-1', 1, NULL, 1767225600000, 1767225600000),
  ('T-0002', '篮球B', '篮球', 'bj-1', 2, NULL, 1767225600000, 1767225600000),
  ('T-0003', '足球A', '足球', 'bj-1', 3, NULL, 1767225600000, 1767225600000),
  ('T-0004', '羽毛球拍A', '羽毛球拍', 'bj-1', 4, NULL, 1767225600000, 1767225600000),
  ('T-0101', '篮球C', '篮球', 'bj-2', 1, NULL, 1767225600000, 1767225600000),
  ('T-0102', '排球A', '排球', 'bj-2', 2, NULL, 1767225600000, 1767225600000),
  ('T-0103', '足球B', '足球', 'bj-2', 3, NULL, 1767225600000, 1767225600000);
