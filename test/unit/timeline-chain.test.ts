import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainedEvent, canonicalContent, eventHash, GENESIS, verifyChain } from '../../src/features/timeline/chain.ts';

/** The timeline's hash chain: same content → same hash; any edit, deletion or reordering is found. */

type Linked = ChainedEvent & { prevHash: string; hash: string };

const HAZARD = '11111111-0000-4000-8000-000000000001';
const T0 = Date.parse('2028-03-01T02:00:00.000Z');

function event(seq: number, over: Partial<ChainedEvent> = {}): ChainedEvent {
  const script: [string, string | null, string][] = [
    ['report', null, 'reported'],
    ['route', 'reported', 'routed'],
    ['accept', 'routed', 'rectifying'],
    ['submit', 'rectifying', 'submitted'],
    ['verify', 'submitted', 'closed'],
  ];
  const [action, fromState, toState] = script[(seq - 1) % script.length]!;
  return {
    subjectType: 'hazard',
    subjectId: HAZARD,
    seq,
    at: new Date(T0 + seq * 60_000),
    actorUserId: `user-${seq}`,
    action,
    fromState,
    toState,
    note: `note ${seq}`,
    data: { step: seq, nested: { b: 2, a: [1, { y: 'y', x: 'x' }] } },
    evidenceIds: seq === 4 ? ['ev-a', 'ev-b'] : [],
    ...over,
  };
}

async function link(events: readonly ChainedEvent[]): Promise<{ events: Linked[]; head: string }> {
  const out: Linked[] = [];
  let prev = GENESIS;
  for (const e of events) {
    const hash = await eventHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return { events: out, head: prev };
}

const buildChain = (n = 5) => link(Array.from({ length: n }, (_, i) => event(i + 1)));

describe('eventHash', () => {
  it('hashes a hazard event exactly as the hazard-only timeline did, and names a task by taskId', () => {
    // The content of hazard events recorded before tasks shared the timeline: still the same bytes.
    const e = event(1);
    expect(canonicalContent(e)).toBe(
      JSON.stringify({
        action: 'report',
        actorUserId: 'user-1',
        at: e.at.toISOString(),
        data: { nested: { a: [1, { x: 'x', y: 'y' }], b: 2 }, step: 1 },
        evidenceIds: [],
        fromState: null,
        hazardId: HAZARD,
        note: 'note 1',
        seq: 1,
        toState: 'reported',
      }),
    );
    const task = JSON.parse(canonicalContent({ ...e, subjectType: 'task' })) as Record<string, unknown>;
    expect(task.taskId).toBe(HAZARD);
    expect(task).not.toHaveProperty('hazardId');
  });

  it('is a hex SHA-256, the same for the same content regardless of key order in data', async () => {
    const a = event(2, {
      data: { lead: { kind: 'company', companyId: 'c' }, assisting: [{ kind: 'department', departmentId: 'd' }], dueAt: '2028-03-08' },
    });
    const b = event(2, {
      data: { dueAt: '2028-03-08', assisting: [{ departmentId: 'd', kind: 'department' }], lead: { companyId: 'c', kind: 'company' } },
    });
    const ha = await eventHash(GENESIS, a);
    expect(ha).toMatch(/^[0-9a-f]{64}$/);
    expect(await eventHash(GENESIS, b)).toBe(ha);
    expect(canonicalContent(a)).toBe(canonicalContent(b));
    // the event's own key order does not matter either, nor does an undefined key in data
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as ChainedEvent;
    expect(await eventHash(GENESIS, reordered)).toBe(ha);
    expect(await eventHash(GENESIS, { ...a, data: { ...a.data, absent: undefined } })).toBe(ha);
  });

  it('property: any permutation of data keys at any depth hashes the same', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 6 }), async (data) => {
        const shuffle = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(shuffle)
            : v && typeof v === 'object'
              ? Object.fromEntries(
                  Object.entries(v)
                    .reverse()
                    .map(([k, x]) => [k, shuffle(x)]),
                )
              : v;
        const e = event(3, { data });
        expect(await eventHash(GENESIS, { ...e, data: shuffle(data) as Record<string, unknown> })).toBe(await eventHash(GENESIS, e));
      }),
      { numRuns: 100 },
    );
  });

  it('changes with the content, the previous hash, and the order inside arrays', async () => {
    const e = event(4);
    const h = await eventHash(GENESIS, e);
    const variants: ChainedEvent[] = [
      { ...e, note: 'note 4.' },
      { ...e, note: null },
      { ...e, seq: 5 },
      { ...e, at: new Date(e.at.getTime() + 1) },
      { ...e, actorUserId: null },
      { ...e, action: 'verify' },
      { ...e, fromState: 'routed' },
      { ...e, toState: 'closed' },
      { ...e, subjectId: '22222222-0000-4000-8000-000000000002' },
      { ...e, subjectType: 'task' as const },
      { ...e, evidenceIds: ['ev-b', 'ev-a'] },
      { ...e, evidenceIds: ['ev-a'] },
      { ...e, data: { ...e.data, step: '4' } },
      { ...e, data: { ...e.data, nested: { b: 2, a: [{ y: 'y', x: 'x' }, 1] } } },
    ];
    const hashes = await Promise.all(variants.map((v) => eventHash(GENESIS, v)));
    for (const [i, vh] of hashes.entries()) expect(vh, `variant ${i}`).not.toBe(h);
    expect(await eventHash('f'.repeat(64), e)).not.toBe(h);
  });
});

describe('verifyChain', () => {
  it('is valid on a built chain and reports its head', async () => {
    const { events, head } = await buildChain();
    expect(await verifyChain(events, head)).toEqual({ valid: true, events: 5, head });
    expect(events[0]!.prevHash).toBe(GENESIS);
  });

  it('is valid on an empty timeline whose head is GENESIS', async () => {
    expect(await verifyChain([], GENESIS)).toEqual({ valid: true, events: 0, head: GENESIS });
  });

  it('detects a changed note and reports its seq', async () => {
    const { events, head } = await buildChain();
    events[2] = { ...events[2]!, note: '整改完成（改过）' };
    expect(await verifyChain(events, head)).toMatchObject({ valid: false, brokenAtSeq: 3, reason: 'event content changed' });
  });

  it('detects changed data, evidence or actor', async () => {
    for (const over of [{ data: { step: 99 } }, { evidenceIds: [] }, { actorUserId: 'someone-else' }] as Partial<ChainedEvent>[]) {
      const { events, head } = await buildChain();
      events[3] = { ...events[3]!, ...over };
      expect(await verifyChain(events, head)).toMatchObject({ valid: false, brokenAtSeq: 4 });
    }
  });

  it('detects a deleted middle event', async () => {
    const { events, head } = await buildChain();
    events.splice(2, 1);
    expect(await verifyChain(events, head)).toMatchObject({
      valid: false,
      events: 4,
      brokenAtSeq: 3,
      reason: 'missing or reordered event',
    });
  });

  it('detects a deleted middle event even when the later seqs are renumbered', async () => {
    const { events, head } = await buildChain();
    events.splice(2, 1);
    const renumbered = events.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(await verifyChain(renumbered, head)).toMatchObject({
      valid: false,
      brokenAtSeq: 3,
      reason: 'link to the previous event broken',
    });
  });

  it('detects a deleted last event (the recorded head no longer matches)', async () => {
    const { events, head } = await buildChain();
    events.pop();
    expect(await verifyChain(events, head)).toMatchObject({
      valid: false,
      events: 4,
      brokenAtSeq: 5,
      reason: 'events after the last one are missing',
    });
  });

  it('detects reordered events', async () => {
    const { events, head } = await buildChain();
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(await verifyChain(events, head)).toMatchObject({ valid: false, brokenAtSeq: 2, reason: 'missing or reordered event' });
    // swapping the seq numbers too does not help: the links no longer fit
    const swapped = events.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(await verifyChain(swapped, head)).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('detects a forged event whose hash was recomputed without updating the next link', async () => {
    const { events, head } = await buildChain();
    const forged = { ...events[2]!, note: '伪造的备注' };
    forged.hash = await eventHash(forged.prevHash, forged);
    events[2] = forged;
    expect(await verifyChain(events, head)).toMatchObject({ valid: false, brokenAtSeq: 4, reason: 'link to the previous event broken' });
  });

  it('detects a forged last event recomputed in place (the recorded head is the anchor)', async () => {
    const { events, head } = await buildChain();
    const forged = { ...events[4]!, note: '伪造' };
    forged.hash = await eventHash(forged.prevHash, forged);
    events[4] = forged;
    expect(await verifyChain(events, head)).toMatchObject({
      valid: false,
      brokenAtSeq: 6,
      reason: 'events after the last one are missing',
    });
  });

  it('detects an appended event the recorded head does not know about', async () => {
    const { events, head } = await buildChain();
    const extra = event(6);
    const hash = await eventHash(head, extra);
    expect(await verifyChain([...events, { ...extra, prevHash: head, hash }], head)).toMatchObject({ valid: false });
  });

  it('property: any single-field edit at any position is detected at that position', async () => {
    const { events: pristine, head } = await buildChain(8);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 7 }), fc.constantFrom('note', 'action', 'toState', 'at', 'data'), async (i, field) => {
        const events = pristine.map((e) => ({ ...e }));
        const e = events[i]!;
        if (field === 'at') e.at = new Date(e.at.getTime() + 1000);
        else if (field === 'data') e.data = { ...e.data, tampered: true };
        else (e as unknown as Record<string, string>)[field] = 'tampered';
        expect(await verifyChain(events, head)).toMatchObject({ valid: false, brokenAtSeq: i + 1, reason: 'event content changed' });
      }),
      { numRuns: 60 },
    );
  });
});
