/** Who caused a change: a signed-in user, an integration's API key, or the system itself (jobs, CLI). */
export type Actor = { type: 'user'; id: string } | { type: 'api_key'; id: string } | { type: 'system'; id: string | null };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/** Who acts and from where, for the audit trail. */
export interface Origin {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}
