-- Console operators for local development only (passwords in README "The operators' console").
INSERT OR IGNORE INTO console_operators (username, display_name, password_hash, scopes, disabled, failed_logins, created_by, created_at, updated_at) VALUES
  ('demo_ops', '演示运营', 'pbkdf2-sha256$100000$409qly-70JCyobt2dBJuSA$8KD2bajnIoJTd59N16aBzNPdhNjghBwuf2SIuvfKN5w', '["sports","library","reminders","jh","operators"]', 0, 0, 'seed', 1767225600000, 1767225600000),
  ('demo_sports', '体育部', 'pbkdf2-sha256$100000$AJRMiILZqCGi2rVj1JBqhA$sgruMIGX52dTTyP4AjlzEoF8Z3g5BCVHI-u2nmc4Vks', '["sports"]', 0, 0, 'seed', 1767225600000, 1767225600000),
  ('demo_library', '图书馆', 'pbkdf2-sha256$100000$jtFX2dXUxOWdbqeaaWxkdw$qJUtKvQdKJgGIODBHvNPGPlniemboyrgdZiV-KUSe9k', '["library","reminders"]', 0, 0, 'seed', 1767225600000, 1767225600000);
