import * as z from 'zod';
import { problem } from './define.ts';
import { fieldIssue } from './fields.ts';
import { type Localized, l } from './language.ts';
import { REFERENCES, RESOURCES, ReferenceSchema, ResourceSchema } from './resources.ts';

const noun = (r: keyof typeof RESOURCES) => RESOURCES[r];
const list = (refs: readonly (keyof typeof REFERENCES)[], lang: 'zh-CN' | 'en') =>
  refs.map((r) => REFERENCES[r][lang]).join(lang === 'en' ? ', ' : '、');

/** The records that move through a workflow table (src/features/timeline/rules.ts). */
export const WORKFLOW_SUBJECTS = ['hazard', 'task', 'maintenance_record'] as const;
export type WorkflowSubject = (typeof WORKFLOW_SUBJECTS)[number];
const SubjectSchema = z.enum(WORKFLOW_SUBJECTS);
const INDEPENDENCE = {
  hazard: l(
    '核查人不能是上报人或整改责任方，责任方也不能自行改派、关闭或合并本隐患',
    'The verifier must be independent of the reporter and the parties, and a party cannot re-route, close or merge its own hazard',
  ),
  task: l('承办单位不能验收、退回或撤销自己的任务', 'The assignee cannot review, return or cancel its own task'),
  maintenance_record: l('物业企业不能审核本企业的维保记录', 'A company cannot review its own maintenance record'),
};

/** The fields a record must be unique by, in the clerk's words (`already_exists`). */
const UNIQUE_FIELDS: Record<string, Localized> = {
  name: l('名称', 'name'),
  code: l('代码', 'code'),
  username: l('账号', 'username'),
  creditCode: l('统一社会信用代码', 'unified social credit code'),
  slug: l('单位代码', 'organisation code'),
  id: l('标识', 'id'),
};

/** Problems of the platform itself: requests, sessions, permissions, records in general. */
export const COMMON_PROBLEMS = {
  validation_failed: problem(400, l('请求参数有误', 'Invalid request'), {
    detail: () => l('请检查标出的字段', 'Check the fields listed in errors'),
  }),
  invalid_json: problem(400, l('请求体不是有效的 JSON', 'Malformed JSON body')),
  json_too_deep: problem(400, l('请求体嵌套层级过深', 'The body is nested too deeply'), {
    params: { maxDepth: z.int() },
    detail: (p) => l(`请求体的嵌套不能超过 ${p.maxDepth} 层`, `The body may nest at most ${p.maxDepth} levels deep`),
  }),
  length_required: problem(411, l('请求须注明长度', 'Length required'), {
    detail: () => l('请求体须带 Content-Length（不接受分块传输）', 'Send the body with a Content-Length (chunked bodies are not accepted)'),
  }),
  value_out_of_range: problem(400, l('数值超出可保存的范围', 'A value is out of range'), {
    detail: () =>
      l(
        '请求中有数值或日期超出可保存的范围，请检查后重试',
        'A number or date in the request is outside what can be stored: check it and retry',
      ),
  }),
  invalid_encoding: problem(400, l('请求体不是有效的 UTF-8 文本', 'The body is not valid UTF-8')),
  invalid_characters: problem(400, l('文本中含有无法保存的字符', 'Text contains a character that cannot be stored'), {
    params: { field: z.string() },
    detail: (p) =>
      l(
        `${p.field} 含有空字符或不成对的代理字符，无法保存`,
        `${p.field} contains a NUL character or a lone surrogate, which cannot be stored`,
      ),
  }),
  unsupported_media_type: problem(415, l('请求体须为 JSON（UTF-8）', 'The body must be JSON in UTF-8'), {
    detail: () =>
      l('请以 Content-Type: application/json 发送 UTF-8 编码的请求体', 'Send the body as Content-Type: application/json, encoded in UTF-8'),
  }),
  payload_too_large: problem(413, l('请求体过大', 'Payload too large'), {
    params: { limit: z.int() },
    detail: (p) => l(`请求体不能超过 ${p.limit} 字节`, `The body may not exceed ${p.limit} bytes`),
  }),
  cursor_invalid: problem(400, l('分页游标无效', 'Invalid cursor'), {
    detail: () =>
      l(
        '分页游标无效或不属于此列表及排序方式，请从第一页重新加载',
        'The cursor is invalid or belongs to another list or sort order: reload from the first page',
      ),
  }),
  idempotency_key_invalid: problem(400, l('Idempotency-Key 格式无效', 'Invalid Idempotency-Key'), {
    detail: () => l('Idempotency-Key 须为 8–128 个字母、数字或 _ . : -', 'Idempotency-Key must be 8–128 letters, digits or _ . : -'),
  }),
  idempotency_key_unsupported: problem(400, l('此接口不接受 Idempotency-Key', 'This operation does not take an Idempotency-Key'), {
    detail: () =>
      l(
        '此接口不能安全重放，请去掉 Idempotency-Key 请求头',
        'This operation cannot be replayed safely: send it without the Idempotency-Key header',
      ),
  }),
  idempotency_in_flight: problem(409, l('相同请求正在处理中', 'A request with this key is in progress'), {
    detail: () =>
      l('使用相同 Idempotency-Key 的请求正在处理中，请稍候', 'A request with this Idempotency-Key is still running: wait for it'),
  }),
  idempotency_key_reused: problem(422, l('Idempotency-Key 已用于其他请求', 'Idempotency-Key used for another request'), {
    detail: () => l('该 Idempotency-Key 已用于内容不同的请求', 'This Idempotency-Key was already used with a different request'),
  }),
  unauthenticated: problem(401, l('未登录或登录已失效', 'Not authenticated'), {
    params: { reason: z.enum(['token_missing', 'token_invalid', 'session_ended', 'refresh_token_invalid']) },
    detail: (p) =>
      ({
        token_missing: l('请先登录', 'Sign in first: the bearer token is missing'),
        token_invalid: l('访问令牌无效或已过期', 'The access token is invalid or has expired'),
        session_ended: l('会话已结束，请重新登录', 'The session has ended: sign in again'),
        refresh_token_invalid: l('刷新令牌无效或已失效，请重新登录', 'The refresh token is invalid or used up: sign in again'),
      })[p.reason],
  }),
  invalid_credentials: problem(401, l('单位代码、账号或密码错误', 'Invalid organisation code, username or password')),
  rate_limited: problem(429, l('尝试次数过多，请稍后再试', 'Too many attempts'), {
    params: { retryAfter: z.int() },
    detail: (p) => l(`登录失败次数过多，请 ${p.retryAfter} 秒后再试`, `Too many failed sign-ins: retry in ${p.retryAfter} s`),
  }),
  forbidden: problem(403, l('无权执行此操作', 'Forbidden'), {
    params: { permission: z.string() },
    detail: (p) => l(`您的角色无权执行此操作（需要 ${p.permission}）`, `Your roles do not grant ${p.permission}`),
  }),
  not_found: problem(404, l('未找到', 'Not found'), {
    params: { resource: ResourceSchema },
    detail: (p) => l(`${noun(p.resource)['zh-CN']}不存在或不在您的管辖范围内`, `No such ${noun(p.resource).en} within your reach`),
  }),
  endpoint_not_found: problem(404, l('没有这个接口', 'No such endpoint'), {
    params: { method: z.string(), path: z.string() },
    detail: (p) => l(`没有这个接口：${p.method} ${p.path}`, `No such endpoint: ${p.method} ${p.path}`),
  }),
  version_conflict: problem(409, l('数据已被他人修改，请刷新后重试', 'Stale version'), {
    params: { resource: ResourceSchema, current: z.int().optional() },
    detail: (p) => {
      const at = p.current === undefined ? '' : `（当前版本 ${p.current}）`;
      const atEn = p.current === undefined ? '' : ` (now version ${p.current})`;
      return l(
        `${noun(p.resource)['zh-CN']}已被他人修改${at}，请刷新后重试`,
        `The ${noun(p.resource).en} was changed by someone else${atEn}: reload and retry`,
      );
    },
  }),
  concurrent_update: problem(409, l('并发冲突，请重试', 'Concurrent update'), {
    detail: () => l('有人同时修改了相同的数据，请刷新后重试', 'Someone changed the same data at the same time: reload and retry'),
  }),
  already_exists: problem(409, l('与已有记录重复', 'Already exists'), {
    params: { field: z.string(), resource: ResourceSchema },
    detail: (p) => {
      const label = UNIQUE_FIELDS[p.field] ?? l(p.field, p.field);
      return l(`已有相同${label['zh-CN']}的${noun(p.resource)['zh-CN']}`, `A ${noun(p.resource).en} with this ${label.en} already exists`);
    },
  }),
  still_referenced: problem(409, l('仍被引用，无法删除', 'Still referenced'), {
    params: { resource: ResourceSchema, by: z.array(ReferenceSchema).min(1) },
    detail: (p) =>
      l(
        `该${noun(p.resource)['zh-CN']}仍有${list(p.by, 'zh-CN')}，不能删除；请先解除`,
        `This ${noun(p.resource).en} still has ${list(p.by, 'en')}: remove those first`,
      ),
  }),
  action_not_allowed_in_state: problem(409, l('当前状态不能执行此操作', 'Not allowed in the current state'), {
    params: { subject: SubjectSchema, action: z.string(), state: z.string() },
    detail: (p) =>
      l(
        `${RESOURCES[p.subject]['zh-CN']}当前状态（${p.state}）不能执行 ${p.action}，请刷新后查看`,
        `${p.action} is not allowed while the ${RESOURCES[p.subject].en} is ${p.state}: reload it`,
      ),
  }),
  not_your_role: problem(403, l('不是此环节的责任人', 'Not your part of the work'), {
    params: { subject: SubjectSchema, action: z.string() },
    detail: (p) =>
      l(
        `您不是此${RESOURCES[p.subject]['zh-CN']}执行 ${p.action} 的责任人`,
        `You are not the one to ${p.action} this ${RESOURCES[p.subject].en}`,
      ),
  }),
  not_independent: problem(403, l('须由独立的一方执行', 'Must be done by an independent party'), {
    params: { subject: SubjectSchema, action: z.string() },
    detail: (p) => INDEPENDENCE[p.subject],
  }),
  internal: problem(500, l('服务器内部错误', 'Internal error'), {
    detail: () => l('服务器内部错误，已记录，请稍后重试', 'Internal error: it has been logged, retry later'),
  }),
  unavailable: problem(503, l('服务暂不可用，请稍后再试', 'Service unavailable'), {
    params: { dependency: z.enum(['database', 'evidence_store']) },
    detail: (p) =>
      p.dependency === 'database'
        ? l('数据库暂不可用，请稍后再试', 'The database is unavailable: retry shortly')
        : l(
            '附件存储暂不可用，照片和文件暂时不能上传或查看，请稍后再试',
            'The evidence store is unavailable: photos and files cannot be uploaded or opened, retry shortly',
          ),
  }),
};

/** Field-level codes shared by every area (see fields.ts). */
export const COMMON_FIELD_ISSUES = {
  required: fieldIssue(l('必填', 'Required')),
  reason_required: fieldIssue(l('请说明理由（至少 2 个字）', 'Give a reason (at least 2 characters)')),
  unrecognized_keys: fieldIssue<{ key: string }>((p) => l(`不允许的字段 "${p.key}"`, `Unknown field "${p.key}"`)),
  constraint_violated: fieldIssue(l('数据不满足约束', 'The data breaks a rule of the register')),
  not_applicable: fieldIssue(l('此处不适用，请留空', 'Not applicable here: leave it empty')),
  listed_twice: fieldIssue(l('列表中有重复', 'Listed twice')),
  end_before_start: fieldIssue<{ start: string }>((p) => l(`不能早于开始日期 ${p.start}`, `Must not be before the start, ${p.start}`)),
  month_format: fieldIssue(l('须为 YYYY-MM 格式的月份', 'A month as YYYY-MM')),
  quarter_format: fieldIssue(l('须为 YYYY-Qn 格式的季度', 'A quarter as YYYY-Qn')),
  week_format: fieldIssue(l('须为 YYYY-Www 格式的 ISO 周', 'An ISO week as YYYY-Www')),
  date_format: fieldIssue(l('须为 YYYY-MM-DD 格式的日期', 'A date as YYYY-MM-DD')),
  date_range: fieldIssue<{ min: string; max: string }>((p) =>
    l(`须在 ${p.min} 至 ${p.max} 之间`, `Must lie between ${p.min} and ${p.max}`),
  ),
  one_of: fieldIssue<{ fields: string }>((p) => l(`${p.fields} 须且只能填一个`, `Give exactly one of ${p.fields}`)),
};
