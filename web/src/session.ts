/**
 * What to forget when the session ends (logout, a lost session): each module registers its own
 * state when it loads, so a page that was never opened has nothing to reset and the shell need
 * not know any page's state.
 */
const sessionEnders = new Set<() => void>();

export function onSessionEnd(reset: () => void): void {
  sessionEnders.add(reset);
}

export function endSession(): void {
  for (const reset of sessionEnders) reset();
}
