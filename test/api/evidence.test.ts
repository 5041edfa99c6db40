import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { attachEvidence } from '../../src/features/evidence/attach.ts';
import { cleanupEvidence } from '../../src/features/evidence/cleanup.ts';
import type { EvidenceStage } from '../../src/features/hazards/vocabulary.ts';
import { nodeDeps } from '../../src/node/deps.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { ApiError } from '../../src/platform/errors.ts';
import { runScheduledJobs } from '../../src/scheduled.ts';
import { auditEvents, expectProblem } from '../support/checks.ts';
import { testConfig } from '../support/config.ts';
import { checkedApp } from '../support/contract.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Evidence on S3, end to end against a real S3-compatible server (the run's s3rver): request a
 * presigned POST, upload with fetch + FormData as a browser does, confirm (size, SHA-256, magic
 * bytes), download through a presigned GET; the attach rules; the cleanup of what never confirmed.
 */
let world: TestWorld;
let grid: Session;
let station: Session;
let committee: Session;
let manager: Session;
let otherDistrict: Session;
let demoA: string;
let demoB: string;
let gridUserId: string;
let stationUserId: string;

// A 1×1 PNG, the head of a baseline JPEG, a one-page PDF, the ftyp box of an iPhone HEIC.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00]),
  Buffer.alloc(64, 0x10),
  Buffer.from([0xff, 0xd9]),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');
const HEIC = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x18]),
  Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  Buffer.alloc(40, 0x01),
]);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const EMPTY_SHA = sha256(new Uint8Array());

type Ticket = {
  id: string;
  upload: { method: 'POST' | 'PUT'; url: string; fields: Record<string, string>; headers: Record<string, string> };
  expiresAt: string;
};

function requestUpload(session: Session, bytes: Uint8Array, body: Record<string, unknown> = {}, app: TestWorld = world) {
  return call(app, session, 'POST', '/api/v1/evidence', {
    fileName: '现场照片.png',
    contentType: 'image/png',
    size: bytes.length,
    sha256: sha256(bytes),
    ...body,
  });
}

/**
 * What a browser does with the ticket. POST: a multipart form, the policy fields first, the file
 * last. PUT: the bare bytes with the given headers (fetch sets Content-Length itself).
 */
async function upload(ticket: Ticket, bytes: Uint8Array, contentType: string) {
  let res: Response;
  if (ticket.upload.method === 'PUT') {
    res = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: new Uint8Array(bytes) });
  } else {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'whatever-the-phone-calls-it.bin');
    res = await fetch(ticket.upload.url, { method: 'POST', body: form });
  }
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** Request + upload in one step; returns the ticket. */
async function uploaded(session: Session, bytes: Uint8Array, body: Record<string, unknown> = {}, sent: Uint8Array = bytes) {
  const res = await requestUpload(session, bytes, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await upload(res.body as Ticket, sent, (body.contentType as string | undefined) ?? 'image/png');
  return res.body as Ticket;
}

const confirm = (session: Session, id: string) => call(world, session, 'POST', `/api/v1/evidence/${id}/confirm`);
const download = (session: Session, id: string) => call(world, session, 'GET', `/api/v1/evidence/${id}`);

async function confirmed(session: Session, bytes: Uint8Array, body: Record<string, unknown> = {}) {
  const ticket = await uploaded(session, bytes, body);
  const res = await confirm(session, ticket.id);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ticket.id;
}

const row = async (id: string) => (await world.admin('select * from evidence where id = $1', [id]))[0];
const evidenceCount = async () => (await world.admin('select count(*)::int as n from evidence'))[0]!.n as number;

async function objectExists(key: string): Promise<boolean> {
  return (await world.deps.evidence.head(key)) !== null;
}

beforeAll(async () => {
  world = await createWorld();
  grid = await login(world, 'demo-a', 'grid_member');
  station = await login(world, 'demo-a', 'station_staff');
  committee = await login(world, 'demo-a', 'committee_staff');
  manager = await login(world, 'demo-a', 'property_manager');
  otherDistrict = await login(world, 'demo-b', 'committee_admin');
  demoA = await tenantId(world, 'demo-a');
  demoB = await tenantId(world, 'demo-b');
  const userId = async (tenant: string, username: string) =>
    (await world.admin('select id from users where tenant_id = $1 and username = $2', [tenant, username]))[0]!.id as string;
  gridUserId = await userId(demoA, 'grid_member');
  stationUserId = await userId(demoA, 'station_staff');
});
afterAll(() => world.close());

describe('the happy path', () => {
  it('request → presigned POST upload → confirm → a presigned GET that serves the same bytes inline', async () => {
    const fileName = '东湖社区 3号楼(楼道)杂物.png';
    const res = await requestUpload(grid, PNG, { fileName, sha256: sha256(PNG).toUpperCase() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ticket = res.body as Ticket;
    expect(Object.keys(ticket).sort()).toEqual(['expiresAt', 'id', 'upload']);
    expect(ticket.upload.method).toBe('POST');
    expect(ticket.upload.headers).toEqual({});
    expect(ticket.upload.url).toBe(`${inject('s3Endpoint')}/firegrid-test`);
    const expiresIn = Date.parse(ticket.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);

    // The row: pending, this tenant, this uploader, a server-made key that owes nothing to the file name.
    const stored = await row(ticket.id);
    expect(stored).toMatchObject({
      tenant_id: demoA,
      uploaded_by: gridUserId,
      status: 'pending',
      file_name: fileName,
      content_type: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      subject_type: null,
      subject_id: null,
      confirmed_at: null,
    });
    const key = stored!.object_key as string;
    expect(key).toMatch(new RegExp(`^tenants/${demoA}/evidence/\\d{4}/\\d{2}/[0-9a-f-]{36}$`));
    expect(key.endsWith(ticket.id)).toBe(true);
    for (const part of ['东湖', '楼道', '杂物', '.png', 'png', '3号楼']) expect(key).not.toContain(part);

    // The policy binds the upload key (never the evidence key itself, see sealing below), the exact
    // size, the exact type and ten minutes.
    const uploadKey = `${key}.upload`;
    expect(ticket.upload.fields).toMatchObject({ key: uploadKey, 'Content-Type': 'image/png', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    expect(ticket.upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    const policy = JSON.parse(Buffer.from(ticket.upload.fields.Policy!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', PNG.length, PNG.length],
        ['eq', '$Content-Type', 'image/png'],
        { key: uploadKey },
        { bucket: 'firegrid-test' },
      ]),
    );
    expect(policy.conditions.some((c) => JSON.stringify(c).includes('starts-with'))).toBe(false);
    const policyLife = Date.parse(policy.expiration) - Date.now();
    expect(policyLife).toBeGreaterThan(9 * 60_000);
    expect(policyLife).toBeLessThanOrEqual(10 * 60_000);

    await upload(ticket, PNG, 'image/png');
    const inS3 = await world.deps.evidence.get(uploadKey);
    expect(Buffer.from(inS3!).equals(PNG)).toBe(true);

    const done = await confirm(grid, ticket.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({
      id: ticket.id,
      fileName,
      contentType: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      status: 'confirmed',
      subjectType: null,
      subjectId: null,
      stage: null,
      createdAt: expect.any(String),
      confirmedAt: expect.any(String),
    });
    expect(JSON.stringify(done.body)).not.toContain(key);
    expect(await row(ticket.id)).toMatchObject({ status: 'confirmed', confirmed_at: expect.any(Date) });
    expect((await auditEvents(world, 'evidence.confirmed')).map((e) => e.target_id)).toContain(ticket.id);

    // Confirming again answers the same, changes nothing.
    const again = await confirm(grid, ticket.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
    expect((await auditEvents(world, 'evidence.confirmed')).filter((e) => e.target_id === ticket.id)).toHaveLength(1);

    const got = await download(grid, ticket.id);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toEqual({
      id: ticket.id,
      fileName,
      contentType: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      url: expect.any(String),
      expiresAt: expect.any(String),
    });
    const urlLife = Date.parse(got.body.expiresAt) - Date.now();
    expect(urlLife).toBeGreaterThan(4 * 60_000);
    expect(urlLife).toBeLessThanOrEqual(5 * 60_000);
    const url = new URL(got.body.url);
    expect(url.pathname).toBe(`/firegrid-test/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    const file = await fetch(got.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(
      "inline; filename*=UTF-8''%E4%B8%9C%E6%B9%96%E7%A4%BE%E5%8C%BA%203%E5%8F%B7%E6%A5%BC%28%E6%A5%BC%E9%81%93%29%E6%9D%82%E7%89%A9.png",
    );
    expect(decodeURIComponent(file.headers.get('content-disposition')!.split("''")[1]!)).toBe(fileName);

    // The ticket is still valid for minutes: uploading other bytes with it changes nothing that was
    // confirmed, because the evidence was sealed at its own key.
    const swapped = Buffer.from(PNG);
    swapped[swapped.length - 20] = (swapped[swapped.length - 20]! + 1) % 256;
    await upload(ticket, swapped, 'image/png');
    const after = await fetch((await download(grid, ticket.id)).body.url);
    expect(Buffer.from(await after.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it.each([
    { label: 'JPEG', bytes: JPEG, contentType: 'image/jpeg', fileName: 'a.jpg' },
    { label: 'PDF', bytes: PDF, contentType: 'application/pdf', fileName: '整改报告.pdf' },
    { label: 'HEIC declared as image/heif', bytes: HEIC, contentType: 'image/heif', fileName: 'IMG_0001.HEIC' },
  ])('confirms a $label whose bytes match its declared type', async ({ bytes, contentType, fileName }) => {
    const id = await confirmed(grid, bytes, { contentType, fileName });
    const got = await download(grid, id);
    expect(got.status).toBe(200);
    const file = await fetch(got.body.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(file.headers.get('content-type')).toBe(contentType);
  });
});

describe('S3_UPLOAD_METHOD=put (stores without POST Object, e.g. R2)', () => {
  it('hands out a presigned PUT whose signature covers Content-Type and Content-Length; upload, confirm, download work the same', async () => {
    const deps = nodeDeps(testConfig({ S3_ENDPOINT: inject('s3Endpoint'), S3_UPLOAD_METHOD: 'put' }), world.deps.database, {
      logError: () => {},
    });
    const putWorld: TestWorld = { ...world, app: checkedApp(createApp(deps)), deps };
    const res = await requestUpload(grid, JPEG, { contentType: 'image/jpeg', fileName: '门口.jpg' }, putWorld);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ticket = res.body as Ticket;
    expect(ticket.upload.method).toBe('PUT');
    expect(ticket.upload.fields).toEqual({});
    expect(ticket.upload.headers).toEqual({ 'Content-Type': 'image/jpeg' });
    const key = (await row(ticket.id))!.object_key as string;
    const url = new URL(ticket.upload.url);
    expect(url.pathname).toBe(`/firegrid-test/${key}.upload`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(ticket.upload.url).not.toContain(encodeURIComponent('门口'));

    await upload(ticket, JPEG, 'image/jpeg');
    const done = await call(putWorld, grid, 'POST', `/api/v1/evidence/${ticket.id}/confirm`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const got = await download(grid, ticket.id);
    expect(Buffer.from(await (await fetch(got.body.url)).arrayBuffer()).equals(JPEG)).toBe(true);
  });
});

describe('the server checks what was uploaded', () => {
  it('a wrong checksum is rejected: 400, the row rejected, the object deleted, never downloadable', async () => {
    const ticket = await uploaded(grid, PNG, { sha256: sha256(JPEG) });
    const key = (await row(ticket.id))!.object_key as string;
    expect(await objectExists(`${key}.upload`)).toBe(true);

    const problem = expectProblem(await confirm(grid, ticket.id), 400, 'evidence_rejected');
    expect(problem.params).toEqual({ reason: 'checksum' });
    expect(problem.detail).toBe('文件的 SHA-256 校验值与声明不符，文件可能在上传中损坏或被替换，请重新申请上传');
    expect(await objectExists(`${key}.upload`)).toBe(false);
    expect(problem.errors).toEqual([{ path: 'file', code: 'evidence_rejected', message: problem.detail }]);
    expect(await row(ticket.id)).toMatchObject({ status: 'rejected', confirmed_at: null });
    expect(await objectExists(key)).toBe(false);
    const [event] = (await auditEvents(world, 'evidence.rejected')).filter((e) => e.target_id === ticket.id);
    expect(event).toMatchObject({ tenant_id: demoA, actor_user_id: gridUserId, detail: { reason: 'checksum' } });

    // Rejected for good: confirming again is a conflict that says to start over, downloading a 404.
    expect(expectProblem(await confirm(grid, ticket.id), 409, 'evidence_already_rejected').detail).toBe('该文件已被拒收，请重新申请上传');
    expectProblem(await download(grid, ticket.id), 404, 'not_found');
    expect((await row(ticket.id))!.status).toBe('rejected');
  });

  it('PDF bytes declared as image/png are rejected, though size and checksum match', async () => {
    const ticket = await uploaded(grid, PDF, { contentType: 'image/png', fileName: 'photo.png' });
    const key = (await row(ticket.id))!.object_key as string;
    const problem = expectProblem(await confirm(grid, ticket.id), 400, 'evidence_rejected');
    expect(problem.params).toEqual({ reason: 'type', declaredType: 'image/png', detectedFormat: 'pdf' });
    expect(problem.detail).toBe('文件内容与声明的类型不符（声明为 image/png，实际为PDF 文档），请重新申请上传');
    expect((await row(ticket.id))!.status).toBe('rejected');
    expect(await objectExists(key)).toBe(false);
  });

  it('bytes of no allowed format (an HTML page declared as a JPEG) are rejected', async () => {
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    const ticket = await uploaded(grid, html, { contentType: 'image/jpeg', fileName: 'x.jpg' });
    const english = { ...grid, headers: { ...grid.headers, 'accept-language': 'en' } };
    const problem = expectProblem(await confirm(english, ticket.id), 400, 'evidence_rejected');
    expect(problem.params).toEqual({ reason: 'type', declaredType: 'image/jpeg', detectedFormat: null });
    expect(problem.detail).toBe(
      'The content does not match the declared type (declared image/jpeg, found no supported format): request a new upload',
    );
    expect((await row(ticket.id))!.status).toBe('rejected');
  });

  it('an object of another size than declared is rejected (s3rver does not enforce the policy; S3 would refuse the upload)', async () => {
    const ticket = await uploaded(grid, PNG, {}, Buffer.concat([PNG, Buffer.from('trailing')]));
    const problem = expectProblem(await confirm(grid, ticket.id), 400, 'evidence_rejected');
    expect(problem.params).toEqual({ reason: 'size', declaredSize: PNG.length, actualSize: PNG.length + 8 });
    expect(problem.detail).toContain(`文件大小与声明不符（声明 ${PNG.length} 字节，实际 ${PNG.length + 8} 字节）`);
    expect((await row(ticket.id))!.status).toBe('rejected');
  });

  it('confirming before the upload is 409 evidence_not_uploaded (the client retries on it) and leaves the request pending', async () => {
    const res = await requestUpload(grid, PNG);
    expect(res.status).toBe(201);
    const problem = expectProblem(await confirm(grid, res.body.id), 409, 'evidence_not_uploaded');
    expect(problem.params).toEqual({});
    expect(problem.detail).toBe('文件尚未上传完成，请上传后再确认');
    expect((await row(res.body.id))!.status).toBe('pending');
    // …and it still works once the file is there.
    await upload(res.body as Ticket, PNG, 'image/png');
    expect((await confirm(grid, res.body.id)).status).toBe(200);
  });

  it('a confirm retried after its COMMIT was lost (file sealed, upload removed, row still pending) confirms the sealed file', async () => {
    const ticket = await uploaded(grid, PNG);
    const key = (await row(ticket.id))!.object_key as string;
    // What the first confirm left behind when the database failed at its COMMIT.
    const store = world.deps.evidence;
    await store.put(key, (await store.get(`${key}.upload`))!, 'image/png');
    await store.delete(`${key}.upload`);
    expect(await row(ticket.id)).toMatchObject({ status: 'pending' });

    const again = await confirm(grid, ticket.id);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: ticket.id, status: 'confirmed', sha256: sha256(PNG) });
    expect(Buffer.from((await store.get(key))!).equals(PNG)).toBe(true);
    // Still the declared file: a sealed copy that is not is refused like an upload would be.
    const other = await uploaded(grid, PNG);
    const otherKey = (await row(other.id))!.object_key as string;
    await store.put(otherKey, Buffer.from('%PDF-1.4 not a png at all, but of the same length'.padEnd(PNG.length, ' ')), 'image/png');
    await store.delete(`${otherKey}.upload`);
    expectProblem(await confirm(grid, other.id), 400, 'evidence_rejected');
  });

  it('a pending upload is not downloadable, not even by its uploader', async () => {
    const ticket = await uploaded(grid, PNG);
    expectProblem(await download(grid, ticket.id), 404, 'not_found');
  });
});

describe('what may be requested', () => {
  it('a file over EVIDENCE_MAX_BYTES is 413 evidence_too_large naming the limit, writing nothing; exactly the limit is fine', async () => {
    const limit = world.deps.limits.evidenceBytes;
    expect(limit).toBe(10 * 1024 * 1024);
    const before = await evidenceCount();
    const problem = expectProblem(await requestUpload(grid, PNG, { size: limit + 1 }), 413, 'evidence_too_large');
    expect(problem.params).toEqual({ max: limit });
    expect(problem.detail).toBe('文件大小超过上限 10 MB');
    expect(problem.errors).toEqual([{ path: 'size', code: 'evidence_too_large', message: problem.detail }]);
    const english = { ...grid, headers: { ...grid.headers, 'accept-language': 'en' } };
    expect(expectProblem(await requestUpload(english, PNG, { size: limit + 1 }), 413, 'evidence_too_large').detail).toBe(
      'The file is over the limit of 10 MB',
    );
    expect(await evidenceCount()).toBe(before);
    const atLimit = await requestUpload(grid, PNG, { size: limit });
    expect(atLimit.status).toBe(201);
    const policy = JSON.parse(Buffer.from(atLimit.body.upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', limit, limit]);
  });

  it('refuses unknown content types, bad checksums, empty or long names, zero sizes and unknown fields (400, nothing written)', async () => {
    const before = await evidenceCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ contentType: 'image/gif' }, 'contentType'],
      [{ contentType: 'text/html' }, 'contentType'],
      [{ contentType: 'image/svg+xml' }, 'contentType'],
      [{ sha256: 'abc' }, 'sha256'],
      [{ sha256: `${EMPTY_SHA.slice(0, 63)}g` }, 'sha256'],
      [{ fileName: '' }, 'fileName'],
      [{ fileName: '   ' }, 'fileName'],
      [{ fileName: 'x'.repeat(201) }, 'fileName'],
      [{ fileName: 'a\nb.png' }, 'fileName'],
      [{ size: 0 }, 'size'],
      [{ size: 1.5 }, 'size'],
      [{ objectKey: 'tenants/x/evil' }, 'objectKey'],
      [{ tenantId: demoB }, 'tenantId'],
    ];
    for (const [body, path] of cases) {
      const problem = expectProblem(await requestUpload(grid, PNG, body), 400, 'validation_failed');
      expect(
        problem.errors!.map((e) => e.path),
        JSON.stringify(body),
      ).toEqual([path]);
    }
    // The format rules say which rule, in words.
    expect((await requestUpload(grid, PNG, { sha256: 'abc' })).body.errors).toEqual([
      { path: 'sha256', code: 'sha256_format', message: 'SHA-256 须为 64 位十六进制数字' },
    ]);
    expect((await requestUpload(grid, PNG, { fileName: 'a\nb.png' })).body.errors).toEqual([
      { path: 'fileName', code: 'evidence_file_name_format', message: '文件名不能包含控制字符' },
    ]);
    expect(await evidenceCount()).toBe(before);
  });

  it('needs evidence.upload: an oversight viewer is refused (403)', async () => {
    const viewer = await login(world, 'demo-city', 'oversight_viewer');
    expectProblem(await requestUpload(viewer, PNG), 403, 'forbidden');
  });
});

describe('who may confirm and download', () => {
  it('another user of the same district cannot confirm someone else’s upload (404), nor download it', async () => {
    const ticket = await uploaded(grid, PNG);
    expectProblem(await confirm(station, ticket.id), 404, 'not_found');
    expectProblem(await confirm(committee, ticket.id), 404, 'not_found');
    expect((await row(ticket.id))!.status).toBe('pending');
    expect((await confirm(grid, ticket.id)).status).toBe(200);
    // Not attached anywhere: only its uploader sees it, even district-wide roles do not.
    expectProblem(await download(station, ticket.id), 404, 'not_found');
    expectProblem(await download(committee, ticket.id), 404, 'not_found');
  });

  it('another district gets 404 for confirm and download, even of a confirmed file', async () => {
    const pendingTicket = await uploaded(grid, PNG);
    const id = await confirmed(grid, PNG);
    for (const target of [pendingTicket.id, id]) {
      expectProblem(await confirm(otherDistrict, target), 404, 'not_found');
      expectProblem(await download(otherDistrict, target), 404, 'not_found');
    }
    expect((await row(pendingTicket.id))!.status).toBe('pending');
    // And demo-b's own uploads live under demo-b's prefix.
    const theirs = await requestUpload(otherDistrict, PNG);
    expect(theirs.status).toBe(201);
    expect((await row(theirs.body.id))!.object_key).toMatch(new RegExp(`^tenants/${demoB}/evidence/`));
    expectProblem(await download(grid, theirs.body.id), 404, 'not_found');
    expectProblem(await confirm(grid, theirs.body.id), 404, 'not_found');
  });

  it('once attached to a hazard, whoever may see the hazard may download it; others still get 404', async () => {
    const hazard = await insertHazard(demoA, '东湖社区', gridUserId);
    const id = await confirmed(grid, JPEG, { contentType: 'image/jpeg', fileName: 'a.jpg' });
    await attach({ userId: gridUserId, hazardId: hazard, evidenceIds: [id] });
    expect(await row(id)).toMatchObject({ subject_type: 'hazard', subject_id: hazard, stage: 'report' });
    expect((await download(station, id)).status).toBe(200); // the station of the hazard's street
    expect((await download(committee, id)).status).toBe(200); // district-wide
    expect((await download(grid, id)).status).toBe(200); // the uploader
    expectProblem(await download(manager, id), 404, 'not_found'); // a company that is no party of it
    expectProblem(await download(otherDistrict, id), 404, 'not_found');
    const west = await insertHazard(demoA, '西山社区', gridUserId);
    const westFile = await confirmed(grid, JPEG, { contentType: 'image/jpeg', fileName: 'b.jpg' });
    await attach({ userId: gridUserId, hazardId: west, evidenceIds: [westFile] });
    expectProblem(await download(station, westFile), 404, 'not_found'); // another street's hazard
  });
});

let hazardCounter = 0;
async function insertHazard(tenant: string, orgUnitName: string, reporterId: string): Promise<string> {
  const slug = tenant === demoA ? 'demo-a' : 'demo-b';
  await world.admin(
    `insert into hazard_categories (tenant_id, code, name) values ($1, 'evidence-test', '证据测试')
     on conflict (tenant_id, code) do nothing`,
    [tenant],
  );
  const [category] = await world.admin("select id from hazard_categories where tenant_id = $1 and code = 'evidence-test'", [tenant]);
  const [hazard] = await world.admin(
    `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, reporter_id, chain_head)
     values ($1, $2, $3, $4, '楼道堆放杂物', 'general', 'grid', $5, 'genesis') returning id`,
    [tenant, `YH-TEST-${++hazardCounter}`, category!.id, await orgUnitId(world, slug, orgUnitName), reporterId],
  );
  return hazard!.id as string;
}

/** attachEvidence as a hazard transition calls it: in a tenant transaction, as the app role. */
async function attach(input: {
  userId: string;
  hazardId: string;
  evidenceIds: string[];
  stage?: EvidenceStage;
  maxPerHazard?: number;
  tenantId?: string;
}) {
  const provider = world.deps.database;
  const handle = provider.acquire();
  try {
    const tenant = input.tenantId ?? demoA;
    await inTenant(provider, handle.db, tenant, (tx) =>
      attachEvidence(tx, {
        tenantId: tenant,
        userId: input.userId,
        subject: { type: 'hazard', id: input.hazardId },
        evidenceIds: input.evidenceIds,
        stage: input.stage ?? 'report',
        maxFiles: input.maxPerHazard ?? 9,
      }),
    );
  } finally {
    await handle.release();
  }
}

const attachError = async (input: Parameters<typeof attach>[0]) => {
  const error = await attach(input).then(
    () => null,
    (e: unknown) => e as ApiError,
  );
  expect(error, 'attachEvidence should have refused').not.toBeNull();
  expect(error).toBeInstanceOf(ApiError);
  return error!;
};

describe('attachEvidence', () => {
  it('attaches confirmed files of the acting uploader, setting hazard and stage', async () => {
    const hazard = await insertHazard(demoA, '东湖社区', gridUserId);
    const a = await confirmed(grid, PNG);
    const b = await confirmed(grid, PDF, { contentType: 'application/pdf', fileName: 'r.pdf' });
    await attach({ userId: gridUserId, hazardId: hazard, evidenceIds: [a, b], stage: 'rectification' });
    const rows = await world.admin('select id, subject_id, stage from evidence where subject_id = $1 order by id', [hazard]);
    expect(rows).toEqual([a, b].sort().map((id) => ({ id, subject_id: hazard, stage: 'rectification' })));
    await attach({ userId: gridUserId, hazardId: hazard, evidenceIds: [] }); // nothing to do
  });

  it('refuses, with 404 naming each bad id, a pending file, someone else’s file, an attached file, an unknown id and another district’s file; attaches nothing', async () => {
    const hazard = await insertHazard(demoA, '东湖社区', gridUserId);
    const other = await insertHazard(demoA, '东湖社区', gridUserId);
    const good = await confirmed(grid, PNG);
    const pending = (await uploaded(grid, PNG)).id;
    const stations = await confirmed(station, PNG);
    const elsewhere = await confirmed(grid, PNG);
    await attach({ userId: gridUserId, hazardId: other, evidenceIds: [elsewhere] });
    const theirs = await requestUpload(otherDistrict, PNG);
    await world.admin("update evidence set status = 'confirmed' where id = $1", [theirs.body.id]);

    const error = await attachError({
      userId: gridUserId,
      hazardId: hazard,
      evidenceIds: [good, pending, stations, elsewhere, '00000000-0000-4000-8000-000000000000', theirs.body.id],
    });
    expect(error).toMatchObject({ code: 'evidence_unusable', status: 404 });
    expect(error.params).toEqual({ evidenceIds: [pending, stations, elsewhere, '00000000-0000-4000-8000-000000000000', theirs.body.id] });
    expect(error.detail('zh-CN')).toMatch(/^附件不存在、尚未确认上传或已被使用/);
    expect(error.errors.map((e) => e.path)).toEqual(['evidenceIds.1', 'evidenceIds.2', 'evidenceIds.3', 'evidenceIds.4', 'evidenceIds.5']);
    for (const e of error.errors) expect(e).toMatchObject({ code: 'evidence_unusable', message: { 'zh-CN': error.detail('zh-CN') } });
    expect(await world.admin('select id from evidence where subject_id = $1', [hazard])).toEqual([]);
    expect((await row(elsewhere))!.subject_id).toBe(other); // never moved
    expect((await row(good))!.subject_id).toBeNull(); // the whole call rolled back

    // The station's own confirmed file is attachable by the station.
    await attach({ userId: stationUserId, hazardId: hazard, evidenceIds: [stations] });
    expect((await row(stations))!.subject_id).toBe(hazard);
  });

  it('refuses a file listed twice (400)', async () => {
    const hazard = await insertHazard(demoA, '东湖社区', gridUserId);
    const a = await confirmed(grid, PNG);
    const error = await attachError({ userId: gridUserId, hazardId: hazard, evidenceIds: [a, a] });
    expect(error).toMatchObject({ code: 'evidence_listed_twice', status: 400 });
    expect(error.errors).toEqual([
      { path: 'evidenceIds.1', code: 'listed_twice', message: { 'zh-CN': '列表中有重复', en: 'Listed twice' } },
    ]);
  });

  it('keeps a hazard within maxPerHazard, counting what is already attached (400 "每条隐患最多 N 个附件")', async () => {
    const hazard = await insertHazard(demoA, '东湖社区', gridUserId);
    const [a, b, c] = [await confirmed(grid, PNG), await confirmed(grid, PNG), await confirmed(grid, PNG)];
    const tooMany = await attachError({ userId: gridUserId, hazardId: hazard, evidenceIds: [a!, b!, c!], maxPerHazard: 2 });
    expect(tooMany).toMatchObject({ code: 'evidence_too_many_files', status: 400, params: { subject: 'hazard', max: 2, attached: 0 } });
    expect(tooMany.detail('zh-CN')).toBe('每条隐患最多 2 个附件（已有 0 个）');
    expect(tooMany.detail('en')).toBe('At most 2 files per hazard (0 attached already)');
    expect(tooMany.errors).toEqual([
      { path: 'evidenceIds', code: 'evidence_too_many_files', message: { 'zh-CN': tooMany.detail('zh-CN'), en: tooMany.detail('en') } },
    ]);

    await attach({ userId: gridUserId, hazardId: hazard, evidenceIds: [a!, b!], maxPerHazard: 2 });
    const oneMore = await attachError({ userId: gridUserId, hazardId: hazard, evidenceIds: [c!], maxPerHazard: 2 });
    expect(oneMore.params).toEqual({ subject: 'hazard', max: 2, attached: 2 });
    expect(oneMore.detail('zh-CN')).toBe('每条隐患最多 2 个附件（已有 2 个）');
    expect((await row(c!))!.subject_id).toBeNull();
    await attach({ userId: gridUserId, hazardId: hazard, evidenceIds: [c!], maxPerHazard: 3 });
    expect((await row(c!))!.subject_id).toBe(hazard);
  });

  it('refuses a hazard of another district (404), whatever the files', async () => {
    const theirHazard = await insertHazard(
      demoB,
      '北城社区',
      (await world.admin("select id from users where tenant_id = $1 and username = 'grid_member'", [demoB]))[0]!.id as string,
    );
    const mine = await confirmed(grid, PNG);
    const error = await attachError({ userId: gridUserId, hazardId: theirHazard, evidenceIds: [mine] });
    expect(error).toMatchObject({ code: 'not_found', status: 404, params: { resource: 'hazard' } });
    expect((await row(mine))!.subject_id).toBeNull();
  });
});

describe('cleanup', () => {
  it('removes stale pending and rejected uploads (rows and objects) in every district, keeps fresh, confirmed and attached ones; twice is harmless', async () => {
    const store = world.deps.evidence;
    const keyOf = async (id: string) => (await row(id))!.object_key as string;
    const stale = await uploaded(grid, PNG);
    const staleNeverUploaded = (await requestUpload(grid, PNG)).body.id as string;
    const staleOtherDistrict = await uploaded(otherDistrict, PNG);
    const fresh = await uploaded(grid, PNG);
    const kept = await confirmed(grid, PNG);
    const rejected = await uploaded(grid, PNG, { sha256: EMPTY_SHA });
    expectProblem(await confirm(grid, rejected.id), 400, 'evidence_rejected');
    // A rejected row whose object is somehow still there (the delete after rejecting failed).
    const rejectedWithObject = await uploaded(grid, PNG);
    await world.admin("update evidence set status = 'rejected' where id = $1", [rejectedWithObject.id]);
    await world.admin("update evidence set created_at = now() - interval '2 hours' where id = any($1::uuid[])", [
      [stale.id, staleNeverUploaded, staleOtherDistrict.id, kept],
    ]);
    // Unconfirmed files are still at their upload key; a confirmed one is sealed at its own key.
    const keys = {
      stale: `${await keyOf(stale.id)}.upload`,
      staleOtherDistrict: `${await keyOf(staleOtherDistrict.id)}.upload`,
      fresh: `${await keyOf(fresh.id)}.upload`,
      kept: await keyOf(kept),
      rejectedWithObject: `${await keyOf(rejectedWithObject.id)}.upload`,
    };
    // An object that must survive: a confirmed one the cleanup must not touch.
    await store.put(`${keys.kept}-sibling`, PNG, 'image/png');

    const [{ n: rejectedCount }] = (await world.admin("select count(*)::int as n from evidence where status = 'rejected'")) as [
      { n: number },
    ];
    const [{ n: stalePendingCount }] = (await world.admin(
      "select count(*)::int as n from evidence where status = 'pending' and created_at < now() - interval '60 minutes'",
    )) as [{ n: number }];
    expect(stalePendingCount).toBe(3);

    const result = await cleanupEvidence(world.deps.database, store, new Date());
    expect(result).toEqual({ removed: rejectedCount + stalePendingCount });

    for (const id of [stale.id, staleNeverUploaded, staleOtherDistrict.id, rejected.id, rejectedWithObject.id])
      expect(await row(id), id).toBeUndefined();
    expect(await world.admin("select id from evidence where status = 'rejected'")).toEqual([]);
    expect(await objectExists(keys.stale)).toBe(false);
    expect(await objectExists(keys.staleOtherDistrict)).toBe(false);
    expect(await objectExists(keys.rejectedWithObject)).toBe(false);

    expect((await row(fresh.id))!.status).toBe('pending');
    expect(await objectExists(keys.fresh)).toBe(true);
    expect((await row(kept))!.status).toBe('confirmed');
    expect(await objectExists(keys.kept)).toBe(true);
    expect(await objectExists(`${keys.kept}-sibling`)).toBe(true);
    expect((await download(grid, kept)).status).toBe(200);

    expect(await cleanupEvidence(world.deps.database, store, new Date())).toEqual({ removed: 0 });
    // The fresh upload goes once it is old enough; the scheduled jobs run the same cleanup.
    const later = new Date(Date.now() + 61 * 60_000);
    const scheduled = await runScheduledJobs({ ...world.deps, evidence: store }, later);
    expect((scheduled.evidenceCleanup as { removed: number }).removed).toBeGreaterThanOrEqual(1);
    expect(await row(fresh.id)).toBeUndefined();
    expect(await objectExists(keys.fresh)).toBe(false);
    expect((await row(kept))!.status).toBe('confirmed');
  });
});
