import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AnalysisState } from '../../domain/analysis/analysis.aggregate';
import { CallHistory } from '../../domain/analysis/ports/analysis-repositories.port';
import type { ScoringConfiguration, ScoringInput } from '../../domain/analysis/scoring/risk-scoring';
import type { ConversationView, RecordingView } from '../../domain/recording/ports/recording-read-model.port';
import { UnitOfWork } from '../../domain/shared/ports/unit-of-work.port';
import { tryE164 } from '../../domain/telephony/phone-number';
import type { CallDetailView } from '../../domain/telephony/ports/telephony-read-model.port';
import { GetConversationQuery, GetRecordingQuery, RecordingTranscriptsService } from '../recording';
import { TenantQueryBus } from '../shared';
import { GetCallQuery } from '../telephony';

/** How far back the same caller's other calls count. */
export const HISTORY_WINDOW_MINUTES = 60;

/**
 * Gathers what the scorer needs from the other contexts, through their public queries:
 * the transcript (the conversation's, or a fresh transcription), the call and its caller's
 * recent history. What is missing is said in `notes`.
 */
@Injectable()
export class ScoringInputsService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly transcripts: RecordingTranscriptsService,
    private readonly history: CallHistory,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async gather(analysis: Readonly<AnalysisState>, config: ScoringConfiguration): Promise<{ input: ScoringInput; notes: string[] }> {
    const org = analysis.organizationId;
    const notes: string[] = [];
    const call = analysis.callId ? await this.queries.execute<CallDetailView | null>(new GetCallQuery(org, analysis.callId)) : null;
    let transcript: ScoringInput['transcript'] = null;
    const conversation = analysis.callId ? await this.queries.execute<ConversationView | null>(new GetConversationQuery(org, analysis.callId)) : null;
    if (conversation?.transcript) {
      transcript = { text: conversation.transcript, segments: conversation.segments, language: conversation.language };
    } else if (analysis.recordingId && this.transcripts.configured) {
      const recording = await this.queries.execute<RecordingView | null>(new GetRecordingQuery(org, analysis.recordingId));
      if (recording) {
        const t = await this.transcripts.transcribe(recording);
        transcript = { text: t.text, segments: t.segments, language: t.language };
      }
    } else {
      notes.push('No transcript: what was said was not scored');
    }
    let history: ScoringInput['history'] = null;
    // Withheld or malformed callers are not one number: their calls are not lumped together.
    if (call && call.direction === 'inbound' && tryE164(call.from)) {
      const signals = await this.unitOfWork.run({ organizationId: org }, () =>
        this.history.signals(org, { from: call.from, before: call.createdAt, windowMinutes: HISTORY_WINDOW_MINUTES, shortCallSeconds: config.thresholds.shortCallSeconds }),
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
}
