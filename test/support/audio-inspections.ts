import type { AudioInspection } from '@domain/recording/audio-inspection';

/** What the inspector says of a good Twilio dual-channel WAV (16-bit, 8 kHz) of `seconds`. */
export function twilioWavInspection(seconds: number, overrides: Partial<AudioInspection> = {}): AudioInspection {
  return {
    format: 'wav',
    parsed: true,
    encoding: 'integer PCM',
    bitsPerSample: 16,
    channels: 2,
    sampleRate: 8000,
    durationSeconds: seconds,
    totalBytes: 44 + seconds * 32000,
    problem: null,
    ...overrides,
  };
}
