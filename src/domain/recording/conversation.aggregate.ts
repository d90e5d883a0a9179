import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { ConversationWritten, TranscriptionSkipped } from './events/recording.events';
import type { TranscriptSegment } from './ports/transcriber.port';

export type ConversationSource = 'api' | 'transcriber';

/** A call's conversation is keyed by the call; an uploaded recording's (no call) by the recording. */
export type ConversationKey = { callId: string; recordingId: string | null } | { callId: null; recordingId: string };

export interface ConversationState {
  id: string;
  organizationId: string;
  callId: string | null;
  /** The recording transcribed into it (always set for an upload's conversation). */
  recordingId: string | null;
  /** A transcription holds the recording until then (see claimTranscription). */
  transcribingUntil: Date | null;
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

/**
 * How long a claimed transcription holds the recording: a job's own deadline (15 minutes), so a
 * worker that died mid-way frees it about when its job is retried.
 */
export const TRANSCRIPTION_LEASE_MS = 15 * 60_000;

export type TranscriptionClaim = 'claimed' | 'written' | 'busy';

/** What was said on a call or in an uploaded recording: its transcript (text and timed segments), summary and language. */
export class Conversation extends StatefulAggregate<ConversationState> {
  static start(organizationId: string, key: ConversationKey, now: Date): Conversation {
    return new Conversation({
      id: newId(),
      organizationId,
      callId: key.callId,
      recordingId: key.recordingId,
      transcribingUntil: null,
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

  /** Whether `recordingId` has its transcript here already (a person's, or the transcriber's of it). */
  hasTranscriptOf(recordingId: string): boolean {
    const s = this.state;
    if (s.transcript === null) return false;
    // A person's conversation stands for every recording of the call; so does one written before recordings were named.
    return s.source === 'api' || s.recordingId === null || s.recordingId === recordingId;
  }

  /**
   * Takes the recording's transcription for `TRANSCRIPTION_LEASE_MS`, unless it is written or
   * another holder's lease runs: one transcription per recording, however many ask at once.
   */
  claimTranscription(recordingId: string, now: Date): TranscriptionClaim {
    if (this.hasTranscriptOf(recordingId)) return 'written';
    if (this.state.transcribingUntil !== null && this.state.transcribingUntil > now) return 'busy';
    this.state.recordingId = recordingId;
    this.state.transcribingUntil = new Date(now.getTime() + TRANSCRIPTION_LEASE_MS);
    return 'claimed';
  }

  /** The holder gave up (it failed, and may try again): the next asker may transcribe. */
  releaseTranscription(): void {
    this.state.transcribingUntil = null;
  }

  write(input: {
    transcript: string;
    segments: TranscriptSegment[];
    summary: string | null;
    language: string | null;
    source: ConversationSource;
    writtenBy: string;
    now: Date;
    /** The recording transcribed (the transcriber's writes). */
    recordingId?: string;
  }): void {
    if (input.transcript.length > MAX_TRANSCRIPT) throw new InvalidError('conversation.too_long', 'The transcript is too long');
    for (const [i, s] of input.segments.entries()) {
      if (s.endMs < s.startMs) throw new InvalidError('conversation.invalid_segment', `Segment ${i} ends before it starts`, { index: i });
    }
    const segments = [...input.segments].sort((a, b) => a.startMs - b.startMs || a.speaker.localeCompare(b.speaker));
    const before = {
      length: this.state.transcript?.length ?? 0,
      segments: this.state.segments.length,
      summary: this.state.summary !== null,
      source: this.state.source,
    };
    Object.assign(this.state, {
      transcript: input.transcript,
      segments,
      summary: input.summary,
      language: input.language,
      source: input.source,
      writtenBy: input.writtenBy,
      writtenAt: input.now,
      transcriptionNote: null,
      transcribingUntil: null,
      recordingId: input.recordingId ?? this.state.recordingId,
    });
    // The audit row records the shape of the change, not the words: transcripts can be long and sensitive.
    this.record(
      new ConversationWritten(
        this.state.organizationId,
        this.resourceId,
        { callId: this.state.callId, recordingId: this.state.recordingId, source: input.source },
        {
          before,
          after: {
            length: input.transcript.length,
            segments: segments.length,
            summary: input.summary !== null,
            source: input.source,
            language: input.language,
          },
        },
      ),
    );
  }

  noteNoTranscription(reason: string): void {
    this.state.transcribingUntil = null;
    if (this.state.transcriptionNote === reason) return;
    this.state.transcriptionNote = reason;
    this.record(
      new TranscriptionSkipped(
        this.state.organizationId,
        this.resourceId,
        { callId: this.state.callId, recordingId: this.state.recordingId, reason },
        { after: { reason } },
      ),
    );
  }

  /** The audit trail files a call's conversation under the call, an upload's under its recording. */
  private get resourceId(): string {
    return this.state.callId ?? this.state.recordingId!;
  }
}
