-- Demo user of the 002 user service (openid o-demo-student). Idempotent.
INSERT OR IGNORE INTO service_users (openid, phone, qq, cardno, wxid, history, created_at, modified_at)
VALUES ('o-demo-student', '13800000000', '10001', '201901010101', 'demo_wx', '["高等数学","线性代数"]', 1767225600000, 1767225600000);
