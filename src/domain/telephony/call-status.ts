export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in_progress',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no_answer', 'failed', 'canceled']);

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Twilio spells statuses with dashes (`in-progress`, `no-answer`). */
export function fromTwilioStatus(value: string | undefined): CallStatus | null {
  if (!value) return null;
  const status = value.trim().toLowerCase().replace(/-/g, '_');
  return (CALL_STATUSES as readonly string[]).includes(status) ? (status as CallStatus) : null;
}

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
