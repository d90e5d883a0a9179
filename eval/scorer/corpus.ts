import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ScoringInput, TranscriptSegmentInput } from '@domain/analysis/scoring/risk-scoring';

/**
 * The labelled corpus the scorer is measured on: realistic multi-turn calls, fraudulent and
 * legitimate (most of the legitimate ones sounding like scams), in English, Spanish and French,
 * one file per language and split (`corpus/<language>.<split>.json`).
 *
 * - `split`: `tune` calls may be looked at while writing rules and weights; `heldout` calls were
 *   written before any rule and are only ever scored as a whole, never tuned on.
 * - `category`: the scam type of a fraudulent call, or the kind of legitimate call.
 * - `speakers`: how the scorer is given the turns. `roles` as `caller`/`agent`; `channels` as
 *   Twilio's dual-channel labels (`channel:1` the parent leg), with the call's direction;
 *   `unknown` as a mono upload (every segment `unknown`).
 * - turns: `caller` is the party outside the organization (on an outbound call, the person the
 *   agent called); `agent` is whoever answered for the organization, or on a protected line the
 *   person who picked up.
 */
export type Split = 'tune' | 'heldout';

export interface CorpusTurn {
  speaker: 'caller' | 'agent';
  startMs: number;
  endMs: number;
  text: string;
}

export interface CorpusCall {
  id: string;
  split: Split;
  language: string;
  label: 'fraud' | 'legit';
  category: string;
  speakers: 'roles' | 'channels' | 'unknown';
  call: {
    direction: 'inbound' | 'outbound';
    from: string | null;
    to: string | null;
    stirVerstat: string | null;
    durationSeconds: number | null;
  };
  turns: CorpusTurn[];
}

export const CORPUS_DIR = path.join(__dirname, 'corpus');

/** Reads and checks every corpus file; throws naming the first malformed call. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusCall[] {
  const calls: CorpusCall[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { language: string; split: Split; calls: CorpusCall[] };
    for (const call of data.calls) {
      const where = `${file}: ${call.id}`;
      if (ids.has(call.id)) throw new Error(`${where}: duplicate id`);
      ids.add(call.id);
      if (call.split !== data.split || call.language !== data.language)
        throw new Error(`${where}: split or language differs from the file's`);
      if (call.label !== 'fraud' && call.label !== 'legit') throw new Error(`${where}: label must be fraud or legit`);
      if (!['roles', 'channels', 'unknown'].includes(call.speakers))
        throw new Error(`${where}: speakers must be roles, channels or unknown`);
      if (!call.turns.length) throw new Error(`${where}: no turns`);
      let last = -1;
      for (const turn of call.turns) {
        if (turn.speaker !== 'caller' && turn.speaker !== 'agent') throw new Error(`${where}: a turn's speaker must be caller or agent`);
        if (!(turn.startMs >= last && turn.endMs > turn.startMs)) throw new Error(`${where}: turns must be in time order`);
        last = turn.startMs;
      }
      calls.push(call);
    }
  }
  return calls;
}

/** The label a turn's speaker gets, as the scorer would receive it. */
export function speakerLabel(call: CorpusCall, speaker: CorpusTurn['speaker']): string {
  if (call.speakers === 'roles') return speaker;
  if (call.speakers === 'unknown') return 'unknown';
  // Twilio: channel 1 is the parent leg (the caller inbound, the agent on click-to-call).
  const parent = call.call.direction === 'inbound' ? 'caller' : 'agent';
  return speaker === parent ? 'channel:1' : 'channel:2';
}

/**
 * The scorer's input for a call, as the analysis pipeline would build it: segments with their
 * speakers and times, no declared language (the scorer must tell it), the caller's number seen
 * from the organization's side, no call history.
 */
export function scoringInput(call: CorpusCall): ScoringInput {
  const segments: TranscriptSegmentInput[] = call.turns.map((turn) => ({
    speaker: speakerLabel(call, turn.speaker),
    startMs: turn.startMs,
    endMs: turn.endMs,
    text: turn.text,
  }));
  const text =
    call.speakers === 'unknown' ? segments.map((s) => s.text).join(' ') : segments.map((s) => `${s.speaker}: ${s.text}`).join('\n');
  const home = call.call.to ? (parsePhoneNumberFromString(call.call.to)?.country ?? null) : null;
  return {
    transcript: { text, segments, language: null },
    call: {
      direction: call.call.direction,
      from: call.call.from,
      to: call.call.to,
      stirVerstat: call.call.stirVerstat,
      durationSeconds: call.call.durationSeconds,
      homeCountry: home,
    },
    history: null,
  };
}
