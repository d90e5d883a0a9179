import { Conversation, type ConversationKey } from './conversation.aggregate';
import type { ConversationRepository } from './ports/recording-repositories.port';
import type { Recording } from './recording.aggregate';

/** A recording's conversation is its call's when it has a call, otherwise its own. */
export function conversationKeyOf(recording: Recording): ConversationKey {
  const callId = recording.snapshot().callId;
  return callId ? { callId, recordingId: null } : { callId: null, recordingId: recording.id };
}

/** The conversation a recording's transcript goes to, or null before one is started. */
export function findConversationOf(conversations: ConversationRepository, recording: Recording): Promise<Conversation | null> {
  const key = conversationKeyOf(recording);
  return key.callId
    ? conversations.findByCall(recording.organizationId, key.callId)
    : conversations.findByRecording(recording.organizationId, recording.id);
}

/** The recording's conversation, started at `now` when there is none yet (the caller saves it). */
export async function conversationOf(conversations: ConversationRepository, recording: Recording, now: Date): Promise<Conversation> {
  return (
    (await findConversationOf(conversations, recording)) ?? Conversation.start(recording.organizationId, conversationKeyOf(recording), now)
  );
}
