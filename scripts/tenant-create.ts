import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { TenantSlug } from '../src/features/tenants/routes.ts';
import { createTenant } from '../src/features/tenants/service.ts';
import { Password } from '../src/features/users/schemas.ts';
import { recordAudit } from '../src/platform/audit/audit.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import { setTenant } from '../src/platform/db/tenancy.ts';
import { ApiError } from '../src/platform/errors.ts';
import { fieldErrors } from '../src/platform/http/validation.ts';
import { openConfiguredDatabase } from './lib/database.ts';

/**
 * npm run tenant:create -- --slug erqi --name 二七区消防安全委员会 --admin admin [--kind district|oversight]
 *   [--parent demo-city] [--display-name 管理员]
 * The admin's password comes from FIREGRID_ADMIN_PASSWORD or a prompt (not echoed).
 */
const { values } = parseArgs({
  options: {
    slug: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'string' },
    kind: { type: 'string', default: 'district' },
    parent: { type: 'string' },
    'display-name': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The first problem zod found, in the words the API would answer with (Chinese, then English). */
const firstIssue = (error: Parameters<typeof fieldErrors>[0], input: unknown) => {
  const [first] = fieldErrors(error, undefined, input);
  return first ? `${first.message['zh-CN']} / ${first.message.en}` : 'required';
};

const slug = TenantSlug.safeParse(values.slug);
if (!slug.success) fail(`--slug: ${firstIssue(slug.error, values.slug)}`);
if (!values.name) fail('--name is required (e.g. --name 二七区消防安全委员会)');
if (!values.admin) fail('--admin is required (the first administrator’s username)');
if (values.kind !== 'district' && values.kind !== 'oversight') fail('--kind must be district or oversight');

async function readPassword(): Promise<string> {
  if (process.env.FIREGRID_ADMIN_PASSWORD) return process.env.FIREGRID_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) fail('set FIREGRID_ADMIN_PASSWORD (no terminal to prompt on)');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Mute the echo of what is typed after the prompt.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
  let prompted = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => (prompted ? undefined : write(s));
  const pending = rl.question('管理员初始密码 / initial admin password: ');
  prompted = true;
  const answer = await pending;
  rl.close();
  process.stdout.write('\n');
  return answer;
}

const typed = await readPassword();
const password = Password.safeParse(typed);
if (!password.success) fail(`password: ${firstIssue(password.error, typed)}`);

const database = await openConfiguredDatabase();
try {
  const passwordHash = await hashPassword(password.data);
  const { tenant } = await database.db.transaction(async (tx) => {
    const role = database.provider.switchToRole;
    await setTenant(tx, role, null);
    const created = await createTenant(tx, role, {
      slug: slug.data,
      name: values.name!,
      kind: values.kind as 'district' | 'oversight',
      parentSlug: values.parent,
      admin: { username: values.admin!, displayName: values['display-name'] ?? values.admin!, passwordHash },
    });
    await recordAudit(
      tx,
      { requestId: 'cli:tenant-create', ip: null },
      {
        tenantId: created.tenant.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: created.tenant.id,
        detail: { via: 'cli', slug: slug.data },
      },
    );
    return created;
  });
  console.log(`created ${tenant.kind} “${tenant.name}” (${tenant.slug}, ${tenant.id}) on ${database.label}; admin: ${values.admin}`);
} catch (error) {
  if (error instanceof ApiError) fail(`${error.detail('zh-CN')} / ${error.detail('en')}`);
  throw error;
} finally {
  await database.close();
}
