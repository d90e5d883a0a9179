/**
 * What a stream of bytes turned out to hold, read as it streamed past (see AudioInspector), and
 * the rules that say whether that is the audio we were promised: by Twilio for an imported
 * recording, by nothing but its own container for an upload.
 */
export interface AudioInspection {
  /** `wav`, `mp3`, or another audio type recognised by its first bytes; null when not audio. */
  format: string | null;
  /** The container was parsed through without a problem (WAV chunks, MP3 frames), not only recognised by its first bytes. */
  parsed: boolean;
  /** `integer PCM`, `format code 7 (mu-law)`, `MPEG-1 Layer III`...; null when unknown. */
  encoding: string | null;
  /** WAV: bits per sample; null otherwise. */
  bitsPerSample: number | null;
  channels: number | null;
  sampleRate: number | null;
  /** The length the audio data amounts to (WAV: data bytes at the format's rate; MP3: its frames). */
  durationSeconds: number | null;
  /** Every byte of the stream, container included. */
  totalBytes: number;
  /** Why these bytes are not playable audio; null when they are (or when they were only recognised). */
  problem: string | null;
}

/** The bytes fetched or stored are not what they should be: a failed attempt, never a stored copy. */
export class RecordingVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingVerificationError';
  }
}

/** How far a recording's length may be from the duration Twilio reported: 2 seconds, or 5% of long ones. */
export function durationTolerance(reportedSeconds: number): number {
  return Math.max(2, reportedSeconds * 0.05);
}

/** What Twilio's recording callback promised about the media we fetch. */
export interface ReportedRecording {
  /** The container asked for (`wav`: Twilio's 16-bit PCM WAV; `mp3`). */
  format: string;
  channels: number;
  durationSeconds: number | null;
}

/** Refuses an answer that is not audio before any of it is kept (an HTML error page with a 200). */
export function mediaTypeProblem(contentType: string): string | null {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return type.startsWith('audio/') ? null : `Twilio answered with ${type || 'no media type'}, not audio`;
}

/** The download is longer or shorter than Twilio's `Content-Length` said (null: it was not sent). */
export function contentLengthProblem(announced: number | null, received: number): string | null {
  if (announced === null || announced === received) return null;
  return `Twilio announced ${announced} bytes (Content-Length) but ${received > announced ? 'more' : received} arrived`;
}

/**
 * Whether the bytes fetched from Twilio are the recording its callback described: audio of the
 * format asked for, a container that parses, as many bytes as `Content-Length` announced, the
 * channel count reported, and a length within `durationTolerance` of the reported duration.
 * Returns the reason they are not, or null.
 */
export function twilioMediaProblem(
  reported: ReportedRecording,
  received: { contentType: string; contentLength: number | null; inspection: AudioInspection },
): string | null {
  const { inspection } = received;
  const notAudio = mediaTypeProblem(received.contentType);
  if (notAudio) return notAudio;
  const length = contentLengthProblem(received.contentLength, inspection.totalBytes);
  if (length) return length;
  if (inspection.problem) return inspection.problem;
  if (inspection.format !== reported.format) {
    return `Expected ${reported.format.toUpperCase()} audio, got ${inspection.format ? inspection.format.toUpperCase() : 'bytes that are not audio'}`;
  }
  if (!inspection.parsed) return `The ${reported.format.toUpperCase()} container could not be checked`;
  if (reported.format === 'wav' && (inspection.encoding !== 'integer PCM' || inspection.bitsPerSample !== 16)) {
    return `Twilio's WAV recordings are 16-bit PCM; this one is ${inspection.encoding ?? 'of an unknown encoding'}${inspection.bitsPerSample ? ` with ${inspection.bitsPerSample}-bit samples` : ''}`;
  }
  if (inspection.channels !== reported.channels) {
    return `Twilio reported ${reported.channels} channel${reported.channels === 1 ? '' : 's'}; the audio has ${inspection.channels ?? 'an unknown number of'}`;
  }
  if (reported.durationSeconds !== null) {
    const measured = inspection.durationSeconds;
    if (measured === null || Math.abs(measured - reported.durationSeconds) > durationTolerance(reported.durationSeconds)) {
      return `Twilio reported ${reported.durationSeconds} s; the audio lasts ${measured === null ? 'an unknown time' : `${round(measured)} s`}`;
    }
  }
  return null;
}

/** Whether an uploaded file holds audio we can use: recognised, and for WAV and MP3, decodable through to its end. */
export function uploadAudioProblem(inspection: AudioInspection): string | null {
  if (inspection.format === null) return 'The file is not audio';
  return inspection.problem;
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
