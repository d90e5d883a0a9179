/**
 * Who is on each channel of a call's dual-channel recording. Twilio records the parent leg on
 * the first channel and the dialled leg on the second: on an inbound call the parent leg is
 * the caller and the agent was dialled; on a click-to-call the agent's leg is the parent and
 * the customer was dialled. The party outside the organization is the `caller` either way; the
 * agent is `agent:<user id>` when the call knows who answered.
 */
export function channelSpeakers(call: { direction: 'inbound' | 'outbound'; agentUserId: string | null }): [string, string] {
  const agent = call.agentUserId ? `agent:${call.agentUserId}` : 'agent';
  return call.direction === 'inbound' ? ['caller', agent] : [agent, 'caller'];
}

/** What a segment says when nothing tells who spoke (a mono upload, or one with no call). */
export const UNKNOWN_SPEAKER = 'unknown';
