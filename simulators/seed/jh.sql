-- Demo students of the 精弘 upstream simulator (/__sim/jh): passport passwords and 正方 passwords
-- (NULL: no 正方 account). Belongs to the simulators, not to Campus Edge. Idempotent.
INSERT OR IGNORE INTO sim_jh_students (pid, password, zf_password, email, type, name) VALUES
  ('201806061201', 'jh201201', 'zf201201', '201806061201@zjut.edu.cn', '学生', '张三'),
  ('201806061202', 'jh201202', 'zf201202', '201806061202@zjut.edu.cn', '学生', '李四'),
  ('201906061301', 'jh301301', NULL, '201906061301@zjut.edu.cn', '学生', '王五'),
  ('202006061401', 'jh401401', 'zf401401', '202006061401@zjut.edu.cn', '学生', '赵六');

-- 张三's own 正方 timetable for the first term of 2026-2027 (other students and terms get the default one).
INSERT OR IGNORE INTO sim_jh_courses (pid, year, term, courses) VALUES
  ('201806061201', 2026, 3, '[
    {"kcmc":"数据结构","xm":"陈老师","xqmc":"屏峰校区","cdmc":"广A204","khfsmc":"考试","xqj":"1","jcor":"1-2","zcd":"1-16周","collage":"计算机科学与技术学院","classscore":4,"classhuor":64,"classinfo":"(2026-2027-1)-01"},
    {"kcmc":"数据结构","xm":"陈老师","xqmc":"屏峰校区","cdmc":"广A204","khfsmc":"考试","xqj":"3","jcor":"3-4","zcd":"1-16周","collage":"计算机科学与技术学院","classscore":4,"classhuor":64,"classinfo":"(2026-2027-1)-01"},
    {"kcmc":"概率论与数理统计","xm":"刘老师","xqmc":"屏峰校区","cdmc":"语林B301","khfsmc":"考试","xqj":"2","jcor":"6-7","zcd":"1-16周","collage":"理学院","classscore":3,"classhuor":48,"classinfo":"(2026-2027-1)-07"},
    {"kcmc":"体育(三)","xm":"周老师","xqmc":"屏峰校区","cdmc":"风雨操场","khfsmc":"考查","xqj":"4","jcor":"8-9","zcd":"2-17周","collage":"体育军训部","classscore":1,"classhuor":32,"classinfo":"(2026-2027-1)-22"},
    {"kcmc":"马克思主义基本原理","xm":"孙老师","xqmc":"朝晖校区","cdmc":"教一302","khfsmc":"考试","xqj":"5","jcor":"10-12","zcd":"1-12周","collage":"马克思主义学院","classscore":3,"classhuor":48,"classinfo":"(2026-2027-1)-15"}
  ]');
