/**
 * Tiny i18n: zh-CN first, English second. Every UI string goes through `t`; the vocabularies
 * (roles, org-unit kinds, place types…) through `label`. The choice is kept in localStorage.
 */

export type Lang = 'zh-CN' | 'en';

const zh = {
  'app.name': '消防网格',
  'app.loading': '加载中…',
  'app.retry': '重试',
  'app.skip': '跳到主要内容',
  'app.bootError': '无法连接服务器。',
  'lang.switch': 'English',
  'lang.switchLabel': '切换语言',

  'login.title': '登录',
  'login.subtitle': '区消防安全委员会工作平台',
  'login.tenant': '单位代码',
  'login.username': '账号',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',
  'login.retryAfter': '请在 {s} 秒后重试。',
  'login.demo': '演示账号',
  'login.demoHint': '单位代码 demo-a、demo-b、demo-city；账号即角色名；密码 firegrid-demo。点击下方角色可自动填入。',

  'header.logout': '退出登录',
  'header.menu': '菜单',
  'header.roles': '角色',

  'nav.main': '主导航',
  'nav.org': '组织架构',
  'nav.places': '场所',
  'nav.companies': '物业企业',
  'nav.departments': '职能部门',
  'nav.users': '用户',
  'nav.orgShort': '组织架构',
  'nav.placesShort': '场所',
  'nav.companiesShort': '物业企业',
  'nav.departmentsShort': '职能部门',
  'nav.usersShort': '用户',
  'nav.none': '您的角色当前没有可用的页面。后续版本将提供隐患、任务和考核功能。',

  'common.name': '名称',
  'common.code': '编码',
  'common.address': '地址',
  'common.contactName': '联系人',
  'common.contactPhone': '联系电话',
  'common.phone': '电话',
  'common.actions': '操作',
  'common.new': '新建',
  'common.edit': '编辑',
  'common.delete': '删除',
  'common.save': '保存',
  'common.saving': '正在保存…',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.confirm': '确定',
  'common.search': '搜索',
  'common.all': '全部',
  'common.none': '（无）',
  'common.sort': '排序',
  'common.filters': '筛选',
  'common.loadMore': '加载更多',
  'common.loading': '加载中…',
  'common.empty': '暂无数据',
  'common.shown': '已显示 {n} 条',
  'common.end': '已全部加载',
  'common.required': '必填',
  'common.reload': '重新加载',
  'common.optional': '选填',
  'common.deleteConfirm': '确定要删除「{name}」吗？此操作无法撤销。',
  'common.deleting': '正在删除…',
  'common.saved': '已保存',
  'common.created': '已创建',
  'common.deleted': '已删除',
  'common.versionConflict': '该记录已被他人修改。请点击“重新加载”获取最新数据后再修改。',
  'common.networkError': '网络连接失败，请检查网络后重试。',
  'common.badResponse': '服务器返回了无法识别的响应。',

  'sort.nameAsc': '名称 A→Z',
  'sort.nameDesc': '名称 Z→A',
  'sort.usernameAsc': '账号 A→Z',
  'sort.usernameDesc': '账号 Z→A',
  'sort.newest': '最新创建',
  'sort.oldest': '最早创建',

  'org.title': '组织架构',
  'org.kind': '类型',
  'org.parent': '上级',
  'org.topLevel': '（区级以下第一级）',
  'org.addTop': '新建街道/镇',
  'org.addChild': '添加下级',
  'org.expand': '展开',
  'org.collapse': '收起',
  'org.expandAll': '全部展开',
  'org.collapseAll': '全部收起',
  'org.filter': '按名称筛选',
  'org.newTitle': '新建组织单元',
  'org.editTitle': '编辑组织单元',
  'org.count': '共 {n} 个单元',

  'place.title': '场所',
  'place.type': '场所类型',
  'place.keyUnitLevel': '重点单位等级',
  'place.level': '{n}级',
  'place.riskLevel': '风险等级',
  'place.orgUnit': '所属区域',
  'place.latitude': '纬度',
  'place.longitude': '经度',
  'place.newTitle': '新建场所',
  'place.editTitle': '编辑场所',
  'place.anyOrg': '全部区域',

  'company.title': '物业企业',
  'company.creditCode': '统一社会信用代码',
  'company.compounds': '管理小区',
  'company.compoundsFilter': '筛选小区',
  'company.compoundsCount': '{n} 个小区',
  'company.newTitle': '新建物业企业',
  'company.editTitle': '编辑物业企业',
  'company.editContactTitle': '更新联系方式',

  'dept.title': '职能部门',
  'dept.kind': '部门类别',
  'dept.newTitle': '新建职能部门',
  'dept.editTitle': '编辑职能部门',

  'user.title': '用户',
  'user.username': '账号',
  'user.displayName': '姓名',
  'user.usernameHint': '3–32 位字母、数字、下划线、点或连字符',
  'user.password': '密码（至少 12 位）',
  'user.newPassword': '重置密码（留空则不修改，至少 12 位）',
  'user.status': '状态',
  'user.roles': '角色',
  'user.role': '角色',
  'user.scope': '范围',
  'user.addRole': '添加角色',
  'user.removeRole': '移除',
  'user.wholeDistrict': '全区',
  'user.newTitle': '新建用户',
  'user.editTitle': '编辑用户',
  'user.orgUnit': '负责区域',
  'user.department': '所属部门',
  'user.company': '所属企业',
  'user.pickOne': '请选择',

  'status.active': '启用',
  'status.disabled': '停用',

  'role.committee_admin': '消安委管理员',
  'role.committee_staff': '消安委工作人员',
  'role.station_staff': '镇街消防工作站',
  'role.community_staff': '社区/村工作人员',
  'role.grid_member': '网格员',
  'role.department_staff': '职能部门',
  'role.property_manager': '物业企业',
  'role.volunteer': '志愿者',
  'role.oversight_viewer': '上级消安委',
  'role.platform_operator': '平台运维',

  'orgKind.street': '街道',
  'orgKind.town': '镇',
  'orgKind.community': '社区',
  'orgKind.village': '村',
  'orgKind.compound': '小区',
  'orgKind.building': '楼栋',

  'placeType.nine_small': '九小场所',
  'placeType.three_in_one': '三合一场所',
  'placeType.key_unit': '重点单位',
  'placeType.high_rise': '高层建筑',
  'placeType.group_rental': '群租房',
  'placeType.elderly_care': '养老机构',
  'placeType.school_dorm': '学校宿舍',
  'placeType.hospital_ward': '医院病房',
  'placeType.market': '商场市场',
  'placeType.warehouse': '仓储物流',
  'placeType.other': '其他',

  'risk.low': '低',
  'risk.medium': '中',
  'risk.high': '高',

  'deptKind.housing': '住建',
  'deptKind.urban_management': '城管',
  'deptKind.market_regulation': '市场监管',
  'deptKind.civil_affairs': '民政',
  'deptKind.emergency': '应急管理',
  'deptKind.police': '公安/派出所',
  'deptKind.housing_office': '房管中心',
  'deptKind.city_operations': '城运中心',
  'deptKind.fire_rescue': '消防救援大队',
  'deptKind.other': '其他',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Firegrid',
  'app.loading': 'Loading…',
  'app.retry': 'Retry',
  'app.skip': 'Skip to main content',
  'app.bootError': 'Cannot reach the server.',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch language',

  'login.title': 'Sign in',
  'login.subtitle': 'District fire-safety committee workspace',
  'login.tenant': 'Organisation code',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.retryAfter': 'Try again in {s} seconds.',
  'login.demo': 'Demo accounts',
  'login.demoHint':
    'Organisation codes demo-a, demo-b, demo-city; the username is the role name; password firegrid-demo. Click a role below to fill the form.',

  'header.logout': 'Sign out',
  'header.menu': 'Menu',
  'header.roles': 'Roles',

  'nav.main': 'Main navigation',
  'nav.org': 'Organisation',
  'nav.places': 'Places',
  'nav.companies': 'Companies',
  'nav.departments': 'Departments',
  'nav.users': 'Users',
  'nav.orgShort': 'Org',
  'nav.placesShort': 'Places',
  'nav.companiesShort': 'Companies',
  'nav.departmentsShort': 'Depts',
  'nav.usersShort': 'Users',
  'nav.none': 'Your roles have no pages yet. Hazards, tasks and assessments come in later versions.',

  'common.name': 'Name',
  'common.code': 'Code',
  'common.address': 'Address',
  'common.contactName': 'Contact',
  'common.contactPhone': 'Contact phone',
  'common.phone': 'Phone',
  'common.actions': 'Actions',
  'common.new': 'New',
  'common.edit': 'Edit',
  'common.delete': 'Delete',
  'common.save': 'Save',
  'common.saving': 'Saving…',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.confirm': 'Confirm',
  'common.search': 'Search',
  'common.all': 'All',
  'common.none': '(none)',
  'common.sort': 'Sort',
  'common.filters': 'Filters',
  'common.loadMore': 'Load more',
  'common.loading': 'Loading…',
  'common.empty': 'Nothing here yet',
  'common.shown': '{n} shown',
  'common.end': 'All loaded',
  'common.required': 'required',
  'common.reload': 'Reload',
  'common.optional': 'optional',
  'common.deleteConfirm': 'Delete “{name}”? This cannot be undone.',
  'common.deleting': 'Deleting…',
  'common.saved': 'Saved',
  'common.created': 'Created',
  'common.deleted': 'Deleted',
  'common.versionConflict': 'Someone else changed this record. Click “Reload” to get the latest data, then edit again.',
  'common.networkError': 'Network error. Check your connection and try again.',
  'common.badResponse': 'The server sent a response the app does not understand.',

  'sort.nameAsc': 'Name A→Z',
  'sort.nameDesc': 'Name Z→A',
  'sort.usernameAsc': 'Username A→Z',
  'sort.usernameDesc': 'Username Z→A',
  'sort.newest': 'Newest first',
  'sort.oldest': 'Oldest first',

  'org.title': 'Organisation',
  'org.kind': 'Kind',
  'org.parent': 'Parent',
  'org.topLevel': '(top level, below the district)',
  'org.addTop': 'New street/town',
  'org.addChild': 'Add child',
  'org.expand': 'Expand',
  'org.collapse': 'Collapse',
  'org.expandAll': 'Expand all',
  'org.collapseAll': 'Collapse all',
  'org.filter': 'Filter by name',
  'org.newTitle': 'New org unit',
  'org.editTitle': 'Edit org unit',
  'org.count': '{n} units',

  'place.title': 'Places',
  'place.type': 'Place type',
  'place.keyUnitLevel': 'Key-unit level',
  'place.level': 'level {n}',
  'place.riskLevel': 'Risk level',
  'place.orgUnit': 'Area',
  'place.latitude': 'Latitude',
  'place.longitude': 'Longitude',
  'place.newTitle': 'New place',
  'place.editTitle': 'Edit place',
  'place.anyOrg': 'All areas',

  'company.title': 'Property companies',
  'company.creditCode': 'Unified social credit code',
  'company.compounds': 'Managed compounds',
  'company.compoundsFilter': 'Filter compounds',
  'company.compoundsCount': '{n} compounds',
  'company.newTitle': 'New property company',
  'company.editTitle': 'Edit property company',
  'company.editContactTitle': 'Update contact details',

  'dept.title': 'Departments',
  'dept.kind': 'Department kind',
  'dept.newTitle': 'New department',
  'dept.editTitle': 'Edit department',

  'user.title': 'Users',
  'user.username': 'Username',
  'user.displayName': 'Display name',
  'user.usernameHint': '3–32 letters, digits, underscore, dot or hyphen',
  'user.password': 'Password (12+ characters)',
  'user.newPassword': 'Reset password (leave empty to keep; 12+ characters)',
  'user.status': 'Status',
  'user.roles': 'Roles',
  'user.role': 'Role',
  'user.scope': 'Scope',
  'user.addRole': 'Add role',
  'user.removeRole': 'Remove',
  'user.wholeDistrict': 'Whole district',
  'user.newTitle': 'New user',
  'user.editTitle': 'Edit user',
  'user.orgUnit': 'Area',
  'user.department': 'Department',
  'user.company': 'Company',
  'user.pickOne': 'Choose…',

  'status.active': 'Active',
  'status.disabled': 'Disabled',

  'role.committee_admin': 'Committee admin',
  'role.committee_staff': 'Committee staff',
  'role.station_staff': 'Street/town fire station',
  'role.community_staff': 'Community/village staff',
  'role.grid_member': 'Grid member',
  'role.department_staff': 'Department staff',
  'role.property_manager': 'Property manager',
  'role.volunteer': 'Volunteer',
  'role.oversight_viewer': 'Oversight office',
  'role.platform_operator': 'Platform operator',

  'orgKind.street': 'Street',
  'orgKind.town': 'Town',
  'orgKind.community': 'Community',
  'orgKind.village': 'Village',
  'orgKind.compound': 'Compound',
  'orgKind.building': 'Building',

  'placeType.nine_small': 'Nine small places',
  'placeType.three_in_one': 'Three-in-one',
  'placeType.key_unit': 'Key unit',
  'placeType.high_rise': 'High-rise',
  'placeType.group_rental': 'Group rental',
  'placeType.elderly_care': 'Elderly care',
  'placeType.school_dorm': 'School dormitory',
  'placeType.hospital_ward': 'Hospital ward',
  'placeType.market': 'Market / mall',
  'placeType.warehouse': 'Warehouse / logistics',
  'placeType.other': 'Other',

  'risk.low': 'Low',
  'risk.medium': 'Medium',
  'risk.high': 'High',

  'deptKind.housing': 'Housing & construction',
  'deptKind.urban_management': 'Urban management',
  'deptKind.market_regulation': 'Market regulation',
  'deptKind.civil_affairs': 'Civil affairs',
  'deptKind.emergency': 'Emergency management',
  'deptKind.police': 'Police',
  'deptKind.housing_office': 'Housing office',
  'deptKind.city_operations': 'City operations centre',
  'deptKind.fire_rescue': 'Fire-rescue brigade',
  'deptKind.other': 'Other',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'firegrid.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en') return stored;
  } catch {
    // storage unavailable (private mode): fall through
  }
  return 'zh-CN';
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Translate a key; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? zh[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
}

export type LabelGroup = 'role' | 'orgKind' | 'placeType' | 'risk' | 'deptKind' | 'status';

/** The label of a vocabulary value (role, kind, type…); unknown values show as they are. */
export function label(group: LabelGroup, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${group}.${value}`;
  return key in zh ? t(key as MessageKey) : value;
}
