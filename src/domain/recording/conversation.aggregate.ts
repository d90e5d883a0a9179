import { AggregateRoot } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { ConversationWritten, TranscriptionSkipped } from './events/recording.events';
import type { TranscriptSegment } from './ports/transcriber.port';

export type ConversationSource = 'api' | 'transcriber';

export interface ConversationState {
  id: string;
  organizationId: string;
  callId: string;
  transcript: string | null;
  segments: TranscriptSegment[];
  summary: string | null;
  language: string | null;
  source: ConversationSource | null;
  /** Who wrote it: `user:<id>`, `api_key:<id>` or `transcriber:<model>`. */
  writtenBy: string | null;
  writtenAt: Date | null;
  /** Why there is no automatic transcript, when there is none. */
  transcriptionNote: string | null;
  createdAt: Date;
}

const MAX_TRANSCRIPT = 1_000_000;

/** What was said on a call: its transcript (text and timed segments), summary and language. */
export class Conversation extends AggregateRoot {
  private constructor(private state: ConversationState) {
    super();
  }

  static start(organizationId: string, callId: string, now: Date): Conversation {
    return new Conversation({
      id: newId(),
      organizationId,
      callId,
      transcript: null,
      segments: [],
      summary: null,
      language: null,
      source: null,
      writtenBy: null,
      writtenAt: null,
      transcriptionNote: null,
      createdAt: now,
    });
  }

  static restore(state: ConversationState): Conversation {
    return new Conversation({ ...state, segments: [...state.segments] });
  }

  get id(): string {
    return this.state.id;
  }
  snapshot(): Readonly<ConversationState> {
    return this.state;
  }

  write(input: { transcript: string; segments: TranscriptSegment[]; summary: string | null; language: string | null; source: ConversationSource; writtenBy: string; now: Date }): void {
    if (input.transcript.length > MAX_TRANSCRIPT) throw new InvalidError('conversation.too_long', 'The transcript is too long');
    for (const [i, s] of input.segments.entries()) {
      if (s.endMs < s.startMs) throw new InvalidError('conversation.invalid_segment', `Segment ${i} ends before it starts`, { index: i });
    }
    const segments = [...input.segments].sort((a, b) => a.startMs - b.startMs || a.speaker.localeCompare(b.speaker));
    const before = { length: this.state.transcript?.length ?? 0, segments: this.state.segments.length, summary: this.state.summary !== null, source: this.state.source };
    Object.assign(this.state, {
      transcript: input.transcript,
      segments,
      summary: input.summary,
      language: input.language,
      source: input.source,
      writtenBy: input.writtenBy,
      writtenAt: input.now,
      transcriptionNote: null,
    });
    // The audit row records the shape of the change, not the words: transcripts can be long and sensitive.
    this.record(
      new ConversationWritten(this.state.organizationId, this.state.callId, { callId: this.state.callId, source: input.source }, {
        before,
        after: { length: input.transcript.length, segments: segments.length, summary: input.summary !== null, source: input.source, language: input.language },
      }),
    );
  }

  noteNoTranscription(reason: string): void {
    if (this.state.transcriptionNote === reason) return;
    this.state.transcriptionNote = reason;
    this.record(new TranscriptionSkipped(this.state.organizationId, this.state.callId, { callId: this.state.callId, reason }, { after: { reason } }));
  }
}
