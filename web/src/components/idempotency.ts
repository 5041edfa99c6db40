/**
 * Idempotency-Key for the requests that create or change something (POST /tasks, a transition…):
 * a retry after a lost answer sends the same key, so the server does the thing at most once.
 */
import { useRef } from 'preact/hooks';
import { ApiError } from '../api.ts';

/** 8–128 of [A-Za-z0-9_.:-], from getRandomValues (randomUUID needs a secure context). */
export function newIdempotencyKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** One key per form: `current` for the request; `renew` once it is spent; `afterError` after a failure. */
export function useIdempotencyKey(prefix: string) {
  const key = useRef(newIdempotencyKey(prefix));
  const renew = () => {
    key.current = newIdempotencyKey(prefix);
  };
  return {
    get current() {
      return key.current;
    },
    renew,
    /** A refused request (4xx) recorded nothing, so a corrected retry gets a new key; after a lost answer (0, 5xx) it keeps it. */
    afterError: (err: unknown) => {
      if (err instanceof ApiError && err.status !== 0 && err.status < 500) renew();
    },
  };
}
