-- Demo data for the library surface (document 000). Idempotent: fixed ids, INSERT OR IGNORE.
-- Trainings are placed relative to the first run so that some fall within the 7-day reminder window.
INSERT OR IGNORE INTO library_notices (id, type, title, content, author, url, publish_time, created_at, updated_at) VALUES
  (1, 'N', '寒假开放时间调整通知', '寒假期间（1月15日至2月20日）文理分馆开放时间调整为 9:00-17:00，其余分馆闭馆。', '图书馆办公室', NULL, 1794000000000, 1794000000000, 1794000000000),
  (2, 'N', '关于开展图书清点工作的通知', '为保证馆藏数据准确，信息分馆三楼将于下周一至周三闭架清点，请读者合理安排。', '资源建设部', NULL, 1794400000000, 1794400000000, 1794400000000),
  (3, 'Z', '新增数据库试用：Web of Science', '即日起至年底，校园网内可试用 Web of Science 核心合集。', '信息咨询部', 'https://www.webofscience.com', 1794500000000, 1794500000000, 1794500000000),
  (4, 'Z', '中文电子图书平台升级完成', '中文电子图书平台已完成升级，支持移动端阅读与离线下载。', '信息咨询部', NULL, 1794600000000, 1794600000000, 1794600000000),
  (5, 'P', '文献检索与利用系列培训开始报名', '本学期系列培训共六讲，欢迎在小程序“培训”栏目预约。', '读者服务部', NULL, 1794700000000, 1794700000000, 1794700000000),
  (6, 'N', '图书馆小程序上线借阅到期提醒', '在“我的借阅”中点击“提醒我”，到期前一天将收到微信提醒。', '图书馆办公室', NULL, 1794800000000, 1794800000000, 1794800000000);

INSERT OR IGNORE INTO library_trainings (id, type, title, content, speaker, place, start_time, end_time, publish_time, created_at, updated_at) VALUES
  (1, 'B', '毕业论文写作与文献管理', '介绍 EndNote/NoteExpress 的使用与论文格式规范。', '王老师', '文理分馆 201 教室',
    (CAST(strftime('%s', 'now', '+2 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '+2 days', '+90 minutes') AS INTEGER) * 1000), 1794700000000, 1794700000000, 1794700000000),
  (2, 'X', '中文数据库检索技巧', 'CNKI、万方、维普等中文数据库的高级检索方法。', '李老师', '信息分馆 305 教室',
    (CAST(strftime('%s', 'now', '+5 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '+5 days', '+90 minutes') AS INTEGER) * 1000), 1794700000000, 1794700000000, 1794700000000),
  (3, 'S', 'Zotero 入门', '免费文献管理软件 Zotero 的安装、导入与引用。', '张老师', '工学分馆 102 教室',
    (CAST(strftime('%s', 'now', '+12 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '+12 days', '+90 minutes') AS INTEGER) * 1000), 1794700000000, 1794700000000, 1794700000000),
  (4, 'X', '外文数据库与学术搜索引擎', 'Web of Science、Scopus 与 Google Scholar 的使用。', '陈老师', '文理分馆 201 教室',
    (CAST(strftime('%s', 'now', '-7 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '-7 days', '+90 minutes') AS INTEGER) * 1000), 1794600000000, 1794600000000, 1794600000000);

INSERT OR IGNORE INTO library_activities (id, title, content, place, image, start_time, end_time, publish_time, created_at, updated_at) VALUES
  (1, '“书香校园”读书月', '读书月期间举办好书推荐、读书分享会与借阅达人评选。', '文理分馆大厅', NULL,
    (CAST(strftime('%s', 'now', '+3 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '+33 days') AS INTEGER) * 1000), 1794700000000, 1794700000000, 1794700000000),
  (2, '古籍修复体验日', '在修复师指导下体验古籍修复的基本工序，限 20 人。', '文理分馆古籍部', NULL,
    (CAST(strftime('%s', 'now', '+9 days') AS INTEGER) * 1000), (CAST(strftime('%s', 'now', '+9 days', '+3 hours') AS INTEGER) * 1000), 1794700000000, 1794700000000, 1794700000000);
