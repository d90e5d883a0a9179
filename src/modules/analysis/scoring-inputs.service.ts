import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AnalysisState } from '@domain/analysis/analysis.aggregate';
import { CallHistory } from '@domain/analysis/ports/analysis-repositories.port';
import type { ScoringConfiguration, ScoringInput } from '@domain/analysis/scoring/risk-scoring';
import type { ConversationView } from '@domain/recording/ports/recording-read-model.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { GetConversationQuery, RecordingTranscriptsService } from '../recording';
import { TenantQueryBus } from '../shared';
import { GetCallQuery, overlapsPause, pausedIntervalsOf, tryE164 } from '../telephony';

/** How far back the same caller's other calls count. */
export const HISTORY_WINDOW_MINUTES = 60;

/**
 * Gathers what the scorer needs from the other contexts, through their public queries:
 * the transcript (the recording's, kept in its conversation: transcribed at most once, whoever
 * asks), the call and its caller's recent history. What is missing is said in `notes`.
 */
@Injectable()
export class ScoringInputsService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly transcripts: RecordingTranscriptsService,
    private readonly history: CallHistory,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * `transcribe`: whether a recording without its transcript may be transcribed now (once, and
   * kept: see RecordingTranscriptsService.transcriptOf); a rescore only reads what is stored.
   */
  async gather(
    analysis: Readonly<AnalysisState>,
    config: ScoringConfiguration,
    options: { transcribe: boolean; lastAttempt: boolean } = { transcribe: false, lastAttempt: false },
  ): Promise<{ input: ScoringInput; notes: string[] }> {
    const org = analysis.organizationId;
    const notes: string[] = [];
    const call = analysis.callId ? await this.queries.execute(new GetCallQuery({ organizationId: org, callId: analysis.callId })) : null;
    const conversation = await this.conversation(analysis, options);
    let transcript: ScoringInput['transcript'] = conversation?.transcript
      ? { text: conversation.transcript, segments: conversation.segments, language: conversation.language }
      : null;
    if (!transcript) notes.push('No transcript: what was said was not scored');
    // PCI: what was said while the recording was paused is never scored (nor quoted as evidence).
    const paused = call
      ? pausedIntervalsOf(call.recordingPauses, call.answeredAt).filter((p): p is typeof p & { startMs: number } => p.startMs !== null)
      : [];
    if (transcript && paused.length > 0 && transcript.segments.length === 0) {
      notes.push('The recording was paused (PCI) but the transcript has no timed segments: the paused intervals could not be left out');
    } else if (transcript && paused.length > 0) {
      const kept = transcript.segments.filter((s) => !overlapsPause(paused, s.startMs, s.endMs));
      if (kept.length < transcript.segments.length)
        notes.push(`${transcript.segments.length - kept.length} segment(s) inside a paused interval (PCI) were not scored`);
      transcript = { ...transcript, segments: kept, text: kept.map((s) => s.text).join(' ') };
    }
    let history: ScoringInput['history'] = null;
    // Withheld or malformed callers are not one number: their calls are not lumped together.
    if (call && call.direction === 'inbound' && tryE164(call.from)) {
      const signals = await this.unitOfWork.run({ organizationId: org }, () =>
        this.history.signals(org, {
          from: call.from,
          before: call.createdAt,
          windowMinutes: HISTORY_WINDOW_MINUTES,
          shortCallSeconds: config.thresholds.shortCallSeconds,
        }),
      );
      history = { windowMinutes: HISTORY_WINDOW_MINUTES, ...signals };
    }
    return {
      input: {
        transcript,
        call: call
          ? {
              direction: call.direction,
              from: call.direction === 'inbound' ? call.from : call.to,
              to: call.direction === 'inbound' ? call.to : call.from,
              stirVerstat: call.stirVerstat,
              durationSeconds: call.durationSeconds,
              // Our own number tells which country is home.
              homeCountry: parsePhoneNumberFromString(call.direction === 'inbound' ? call.to : call.from)?.country ?? null,
            }
          : null,
        history,
      },
      notes,
    };
  }

  /** The recording's stored conversation (transcribing it first when allowed), or the call's. */
  private async conversation(
    analysis: Readonly<AnalysisState>,
    options: { transcribe: boolean; lastAttempt: boolean },
  ): Promise<ConversationView | null> {
    const org = analysis.organizationId;
    if (analysis.recordingId) {
      const stored = await this.transcripts.stored(org, analysis.recordingId);
      if (stored?.transcript || !options.transcribe || !this.transcripts.configured) return stored;
      return this.transcripts.transcriptOf(org, analysis.recordingId, { lastAttempt: options.lastAttempt });
    }
    return analysis.callId ? this.queries.execute(new GetConversationQuery({ organizationId: org, callId: analysis.callId })) : null;
  }
}
