/**
 * The timeline card of a hazard or a task: every event of its append-only, hash-chained record,
 * oldest first, with the evidence each event attached, and the button that has the server
 * recompute the chain (GET …/timeline/verify).
 */
import { useEffect, useState } from 'preact/hooks';
import { client, ok } from '../api.ts';
import type { ChainVerdict, EvidenceRef, TimelineEvent } from '../api-types.ts';
import { t } from '../i18n.ts';
import { dateTime } from '../time.ts';
import { EvidenceThumb } from './photos.tsx';
import { ErrorBox, Spinner } from './ui.tsx';

/** The records with a hash-chained timeline, by their collection in the API: the server's check of each. */
const chainChecks = {
  hazards: (id: string) => client.GET('/hazards/{id}/timeline/verify', { params: { path: { id } } }),
  tasks: (id: string) => client.GET('/tasks/{id}/timeline/verify', { params: { path: { id } } }),
  'maintenance-records': (id: string) => client.GET('/maintenance-records/{id}/timeline/verify', { params: { path: { id } } }),
};

type Chained = keyof typeof chainChecks;
const isChained = (collection: string): collection is Chained => collection in chainChecks;

/** GET {subject}/timeline/verify, `subject` being a record's path such as `/hazards/…`. */
async function verifyChain(subject: string): Promise<ChainVerdict> {
  const [, collection = '', id = ''] = subject.split('/');
  if (!isChained(collection)) throw new Error(`no timeline at ${subject}`);
  return ok(chainChecks[collection](decodeURIComponent(id)));
}

export function TimelineCard<S extends string>(props: {
  /** The subject's API path, e.g. `/hazards/{id}` or `/tasks/{id}`. */
  subject: string;
  events: TimelineEvent<S>[] | null;
  evidence: EvidenceRef[];
  tz: string;
  title: string;
  actionLabel: (action: string) => string;
  stateLabel: (state: S) => string;
  /** The facts an event's data records, as short lines. */
  details: (e: TimelineEvent<S>) => string[];
  /** Whether to show the event's note (a hazard's report note is its description, shown above). */
  showNote?: (e: TimelineEvent<S>) => boolean;
}) {
  const { events, tz } = props;
  const [verdict, setVerdict] = useState<ChainVerdict | 'loading' | null>(null);
  const [verdictError, setVerdictError] = useState<unknown>(null);
  const evidenceById = new Map(props.evidence.map((e) => [e.id, e]));
  const head = events?.[events.length - 1]?.hash;

  // A new event makes an earlier verdict stale.
  useEffect(() => {
    setVerdict(null);
    setVerdictError(null);
  }, [props.subject, head]);

  const checkChain = async () => {
    setVerdict('loading');
    setVerdictError(null);
    try {
      setVerdict(await verifyChain(props.subject));
    } catch (e) {
      setVerdict(null);
      setVerdictError(e);
    }
  };

  return (
    <article class="card timeline-card">
      <div class="card-head">
        <h2>{props.title}</h2>
        <button type="button" class="btn small" onClick={checkChain} disabled={verdict === 'loading'}>
          {t('chain.check')}
        </button>
      </div>
      {verdict && verdict !== 'loading' ? (
        <p class={verdict.valid ? 'verdict ok' : 'verdict bad'} role="status" data-testid="chain-verdict">
          {verdict.valid
            ? `✓ ${t('chain.valid', { n: verdict.events })}`
            : `✗ ${t('chain.broken', { seq: verdict.brokenAtSeq ?? '?', reason: verdict.reason ?? '' })}`}
        </p>
      ) : null}
      {/* The hashes are for an auditor who asks: behind a toggle, not in everyone's way. */}
      {verdict && verdict !== 'loading' && events ? (
        <details class="chain-detail small">
          <summary>{t('chain.detail')}</summary>
          <ol class="hash-list">
            {events.map((e) => (
              <li key={e.seq}>
                <code class="hash">
                  #{e.seq} {e.hash}
                </code>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <ErrorBox error={verdictError} />
      {events ? (
        <ol class="timeline">
          {events.map((e) => (
            <li key={e.seq} class={`event event-${e.action}`}>
              <div class="event-head">
                <strong>{props.actionLabel(e.action)}</strong>
                {e.fromState !== e.toState ? (
                  <span class="muted small">
                    {e.fromState ? `${props.stateLabel(e.fromState)} → ` : ''}
                    {props.stateLabel(e.toState)}
                  </span>
                ) : null}
              </div>
              <div class="muted small">
                {dateTime(e.at, tz)} · {e.actor?.displayName ?? t('timeline.system')}
              </div>
              {props.details(e).map((line) => (
                <div key={line} class="small">
                  {line}
                </div>
              ))}
              {e.note && (props.showNote?.(e) ?? true) ? <p class="pre event-note">{e.note}</p> : null}
              {e.evidenceIds.length ? (
                <div class="thumbs small-thumbs">
                  {e.evidenceIds.map((eid) => (
                    <EvidenceThumb
                      key={eid}
                      id={eid}
                      name={evidenceById.get(eid)?.fileName ?? ''}
                      contentType={evidenceById.get(eid)?.contentType}
                    />
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <Spinner />
      )}
    </article>
  );
}
