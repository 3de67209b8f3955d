/**
 * The document's messages, character for character (its commas are ASCII).
 * Where it gives none, the original server's, or a plain sentence in the same style.
 */
export const MSG = {
  invalid: "无效的访问。",
  getForbidden: "Get方法已禁止。",
  creditInvalid: "自动登录已失效,请重新登录",
  internal: "服务器内部错误",

  registerEmpty: "用户名,密码,或者昵称为空。",
  usernameRule: "用户名不符合命名规则,用户名应不包含英文特殊字符,长度在2~10位,且不能为纯数字。",
  passwordLength: "密码太长或太短。",
  nicknameRule: "昵称不符合命名规则,昵称长度应该在2~12位。",
  usernameTaken: "该账号已存在。",
  registered: "注册账号成功。",

  register2Empty: "密码/昵称为空",
  passwordNotHashed: "密码需要经过加密",
  nicknameLength: "昵称太长或太短",
  registered2: "注册账户成功",

  deviceType: "设备类型不符合",
  loginEmpty: "用户名或密码为空",
  noUser: "该用户不存在",
  loginWrongPassword: "用户密码错误",
  loggedIn: "登录成功",
  locked: (minutes: number) => `密码错误次数过多,请${minutes}分钟后再试`,

  creditEmpty: "用户凭证为空",
  autologinFailed: "自动登录失败。",
  autologgedIn: "自动登录成功",

  changepwEmpty: "用户名,旧密码或新密码为空",
  wejhCannotChange: "微精弘用户不能修改密码",
  wrongPassword: "密码错误",
  passwordChanged: "修改密码成功,请重新登录",

  changenicknameEmpty: "用户凭证或昵称为空",
  nicknameChanged: "修改昵称成功",

  retired: "已弃用",

  bindJhEmpty: "学号或密码为空",
  unregistered: "未注册账户",
  bindJhFailed: "绑定精弘账号失败",
  boundJh: "绑定精弘账号成功",
  noJhBinding: "你还没有绑定精弘账号",
  rebindJh: "请重新绑定精弘账号",
  passwordEmpty: "密码为空",
  bindZfFailed: "绑定正方失败",
  boundZf: "绑定正方成功",
  inDevelopment: "绑定正在开发",
  bindType: "绑定类型错误",
  upstreamTimeout: (system: string) => `${system}服务器响应超时,请稍后再试`,
  upstreamDown: (system: string) => `${system}服务器暂时无法访问,请稍后再试`,

  noSuchType: "不存在该类型信息",
  got: "获取成功",
  noSuchUser: "不存在该用户",
  gotShared: "获取信息成功",
  tooFrequent: "请求过于频繁,请稍后再试",
  gotTime: "获取时间成功",
  infoSet: "修改信息成功",

  boardCreditEmpty: "凭证为空",
  boardCreditInvalid: "无效的凭证",
  posted: "添加成功",
  postEmpty: "留言内容为空",
  postTooLong: (max: number) => `留言内容过长,最多${max}个字`,
  gotPosts: "获取留言成功",
  timeFormat: "时间格式不正确",
  commentEmpty: "评论内容为空",
  commentTooLong: (max: number) => `评论内容过长,最多${max}个字`,
  commentsFull: (max: number) => `该留言的评论已满${max}条`,
  commented: "添加评论成功",
  noPost: "该留言不存在",
  postDeleted: "该留言已删除",
  postChanged: "修改留言成功",
  postRemoved: "删除留言成功",
  notAllowed: "用户权限不够",
  noComment: "该评论不存在",
  commentRemoved: "删除评论成功",
  picFormat: "图片格式不正确,只支持JPEG或PNG",
  picTooLarge: (kib: number) => `图片过大,最大${kib}KB`,

  // The document has no timetable: the original's words, its full-width comma included.
  courseCreditInvalid: "自动登录失败，请重新登录",
  noZfBinding: "你还没有绑定正方",
  rebindZf: "请重新绑定正方",
  gotCourses: "获取课表成功",
} as const;
