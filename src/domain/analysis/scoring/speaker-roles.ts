import type { SpeakerRole } from './rule-catalog';

/**
 * Who spoke a segment, as a role: the caller (the party the organization does not know), the
 * agent (the organization's side), or unknown.
 *
 * Segments say it in one of two ways:
 * - as a role: `caller`, `agent`, or `agent:<user id>` / `caller:<anything>`; `unknown`;
 * - as a channel of a dual-channel recording: `channel:1`, `channel:2`. In Twilio's dual-channel
 *   recordings the first channel is the parent leg and the second the dialled leg: on an inbound
 *   call the parent leg is the caller and the agent was dialled; on an outbound call (click to
 *   call) the agent's leg is the parent and the customer was dialled. Without the call's direction
 *   (an uploaded stereo file) a channel says nothing about the role.
 *
 * On an outbound call the person the agent called is the `caller` role: the party outside the
 * organization, whose requests the rules weigh in full.
 */
export function speakerRole(speaker: string | null | undefined, direction: 'inbound' | 'outbound' | null | undefined): SpeakerRole {
  const label = (speaker ?? '').trim().toLowerCase();
  const head = label.split(':')[0];
  if (head === 'caller' || head === 'customer') return 'caller';
  if (head === 'agent') return 'agent';
  const channel = /^channel[:_ ]?([12])$/.exec(label)?.[1];
  if (channel && (direction === 'inbound' || direction === 'outbound')) {
    const parentLeg = channel === '1';
    if (direction === 'inbound') return parentLeg ? 'caller' : 'agent';
    return parentLeg ? 'agent' : 'caller';
  }
  return 'unknown';
}

/** How the roles of a transcript's speakers were found, for the analysis notes. */
export function rolesNote(
  speakers: readonly (string | null | undefined)[],
  direction: 'inbound' | 'outbound' | null | undefined,
): string | null {
  const labels = new Set(speakers.map((s) => (s ?? '').trim().toLowerCase()));
  const channels = [...labels].some((l) => /^channel[:_ ]?[12]$/.test(l));
  const roles = [...labels].map((l) => speakerRole(l, direction));
  if (roles.every((r) => r === 'unknown')) {
    return 'Speakers unknown: requests were weighed without knowing whether the caller or the agent made them';
  }
  if (channels) {
    return direction === 'inbound'
      ? 'Speakers: channel:1 is the caller, channel:2 the agent (inbound call)'
      : 'Speakers: channel:1 is the agent, channel:2 the person called (outbound call)';
  }
  return null;
}
