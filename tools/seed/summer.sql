-- Demo data for the summer school (document 001): a catalogue (campus types, two countries, campuses,
-- projects with fee tables and courses), receiving accounts for each payment method, a coupon, a sales
-- advisor and one staff account per role. Idempotent: fixed keys, INSERT OR IGNORE.
-- Local development only: the staff passwords are public (README "The summer school"):
--   demo_admin / summer-admin, demo_market / summer-market, demo_product / summer-product, demo_finance / summer-finance
-- The hashes are PBKDF2-SHA256, 100,000 iterations, as src/platform/password.ts makes them.
INSERT OR IGNORE INTO summer_users (id, role, username, name, password_hash, is_active, failed_logins, created_at, updated_at) VALUES
  (1, 'ADMIN', 'demo_admin', '管理员', 'pbkdf2-sha256$100000$0eZWdXj5qnihHomBOIiMwA$N-G0Sknro7ssgpz44SMYktQUBI9cbkhlFLvRxZqE284', 1, 0, 1767225600000, 1767225600000),
  (2, 'MARKET', 'demo_market', '市场部', 'pbkdf2-sha256$100000$igJEQQ5Jsy3cmW3jml0L3w$UL7EywHnPOoSZwzBTw8MNrnpGZaHyFa59T6AOA2fuvk', 1, 0, 1767225600000, 1767225600000),
  (3, 'PRODUCT', 'demo_product', '产品部', 'pbkdf2-sha256$100000$lpi3WpY3sOGDTb0VaxF3Ow$j40GME81WQ0azzRy_bH-fY5n4FrwDVwIzSEYgsiDfiM', 1, 0, 1767225600000, 1767225600000),
  (4, 'FINANCE', 'demo_finance', '财务部', 'pbkdf2-sha256$100000$oCTIO7DvqYt-IDFyyb3ZYA$sDtysIKbfxoUfx60PxWoQEmdhy3VK7rYWpzDyfqUGPM', 1, 0, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_campus_types (id, title, campus_country, created_at, updated_at) VALUES
  (1, '北美暑校', 'NORTH_AMERICA', 1767225600000, 1767225600000),
  (2, '澳洲暑校', 'AUSTRALIA', 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_countries (id, name, campus_type_id, created_at, updated_at) VALUES
  (1, '美国', 1, 1767225600000, 1767225600000),
  (2, '加拿大', 1, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_campuses (id, name, info, campus_type_id, created_at, updated_at) VALUES
  (1, '波士顿校区', '查尔斯河畔，步行可达主要院校', 1, 1767225600000, 1767225600000),
  (2, '多伦多校区', '市中心校区，含住宿', 1, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_campus_countries (campus_id, country_id) VALUES (1, 1), (2, 2);

INSERT OR IGNORE INTO summer_projects (id, campus_id, country_id, name, start_date, end_date, address, info, max_num, apply_fee, course_num, created_at, updated_at) VALUES
  (1, 1, 1, '波士顿2027暑期项目', '2027-07-01', '2027-08-10', 'Commonwealth Ave 1', '项目须知：报名后请尽快选课', 150, 1000, 3, 1767225600000, 1767225600000),
  (2, 2, 2, '多伦多2027暑期项目', '2027-07-05', '2027-08-05', 'College St 100', '项目须知：含周末游学', 80, 800, 2, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_project_fees (id, project_id, course_number, course_fee) VALUES
  (1, 1, 1, 1200),
  (2, 1, 2, 2000),
  (3, 1, 3, 2700),
  (4, 2, 1, 1500),
  (5, 2, 2, 2800);

INSERT OR IGNORE INTO summer_courses (id, project_id, course_code, name, max_num, credit, professor, start_time, end_time, address, syllabus_file_id, created_at, updated_at) VALUES
  (1, 1, 'BOS-ECON101', '经济学原理', 40, 3, 'Prof. Smith', 1814515200000, 1814529600000, 'Hall A 101', NULL, 1767225600000, 1767225600000),
  (2, 1, 'BOS-CS105', '计算机科学导论', 40, 3, 'Prof. Chen', 1814601600000, 1814616000000, 'Hall B 203', NULL, 1767225600000, 1767225600000),
  (3, 1, 'BOS-PSY110', '心理学导论', 30, 3, 'Prof. Brown', 1814688000000, 1814702400000, 'Hall C 12', NULL, 1767225600000, 1767225600000),
  (4, 1, 'BOS-WRI120', '学术写作', 20, 2, 'Prof. Lee', 1814774400000, 1814788800000, 'Library 2F', NULL, 1767225600000, 1767225600000),
  (5, 2, 'TOR-MAT130', '微积分', 35, 3, 'Prof. Wilson', 1814947200000, 1814961600000, 'Bahen 1180', NULL, 1767225600000, 1767225600000),
  (6, 2, 'TOR-ART140', '艺术史', 35, 3, 'Prof. Martin', 1815033600000, 1815048000000, 'Sidney Smith 100', NULL, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_payment_accounts (id, payment, currency, account_number, account_name, opening_bank, swift_code, created_at, updated_at) VALUES
  (1, 'ALI_PAY', 'RMB', 'summer-pay@example.com', '暑校财务', NULL, NULL, 1767225600000, 1767225600000),
  (2, 'BANK', 'RMB', '6222 0000 1111 2222', '暑校教育咨询有限公司', '中国银行北京分行', NULL, 1767225600000, 1767225600000),
  (3, 'BANK', 'DOLLAR', 'US-0011-2233-4455', 'Summer School Education Ltd', 'Bank of China New York', 'BKCHUS33', 1767225600000, 1767225600000),
  (4, 'PAY_PAL', 'DOLLAR', 'paypal@example.com', 'Summer School Education Ltd', NULL, NULL, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_coupons (id, coupon_code, amount, info, start_time, end_time, max_num, is_active, created_at, updated_at) VALUES
  (1, 'HGENY0X92N', 500, '早鸟优惠', 1767225600000, 1861920000000, 100, 1, 1767225600000, 1767225600000);

INSERT OR IGNORE INTO summer_sales_men (id, name, wechat, email, qr_file_id, qr_url, is_active, created_at, updated_at) VALUES
  (1, '张老师', 'summer-zhang', 'zhang@example.com', NULL, 'https://example.com/summer/qr/zhang.png', 1, 1767225600000, 1767225600000);
