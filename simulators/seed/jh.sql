-- Demo students of the 精弘 upstream simulator (/__sim/jh): passport passwords and 正方 passwords
-- (NULL: no 正方 account). Belongs to the simulators, not to Campus Edge. Idempotent.
INSERT OR IGNORE INTO sim_jh_students (pid, password, zf_password, email, type, name) VALUES
  ('201806061201', 'jh201201', 'zf201201', '201806061201@zjut.edu.cn', '学生', '张三'),
  ('201806061202', 'jh201202', 'zf201202', '201806061202@zjut.edu.cn', '学生', '李四'),
  ('201906061301', 'jh301301', NULL, '201906061301@zjut.edu.cn', '学生', '王五'),
  ('202006061401', 'jh401401', 'zf401401', '202006061401@zjut.edu.cn', '学生', '赵六');
