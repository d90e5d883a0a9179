import type { TranscriptSegment } from './transcriber.port';

/** A call's summary in the call's language; anything quoted has been checked against the transcript. */
export interface WrittenSummary {
  summary: string;
  /** Who wrote it: `model:<name>/<prompt version>`, or `none` when no model is configured. */
  writtenBy: string;
}

/** Writes each transcribed call's summary (a language model), or says why there is none. */
export abstract class CallSummarizer {
  abstract summarize(
    transcript: { text: string; segments: TranscriptSegment[]; language: string | null },
    direction: 'inbound' | 'outbound' | null,
  ): Promise<WrittenSummary>;
}
