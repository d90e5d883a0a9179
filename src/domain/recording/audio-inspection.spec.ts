import {
  contentLengthProblem,
  durationTolerance,
  mediaTypeProblem,
  twilioMediaProblem,
  uploadAudioProblem,
  type AudioInspection,
} from './audio-inspection';
import { twilioWavInspection } from '@test/support/audio-inspections';

/** A good Twilio dual-channel WAV of `seconds`, as the inspector reports it. */
const wav = twilioWavInspection;

const reported = { format: 'wav', channels: 2, durationSeconds: 600 };
const received = (inspection: AudioInspection, contentType = 'audio/x-wav', contentLength: number | null = inspection.totalBytes) => ({
  contentType,
  contentLength,
  inspection,
});

describe('twilioMediaProblem', () => {
  it('accepts the recording Twilio described, with or without a Content-Length', () => {
    expect(twilioMediaProblem(reported, received(wav(600)))).toBeNull();
    expect(twilioMediaProblem(reported, received(wav(600), 'audio/wav; codecs=1', null))).toBeNull();
    expect(twilioMediaProblem({ ...reported, durationSeconds: null }, received(wav(17)))).toBeNull();
  });

  it('allows 2 seconds, or 5% of long recordings, between the reported and the real duration', () => {
    expect(durationTolerance(5)).toBe(2);
    expect(durationTolerance(600)).toBe(30);
    const at = (reportedSeconds: number, seconds: number) =>
      twilioMediaProblem({ ...reported, durationSeconds: reportedSeconds }, received(wav(seconds)));
    expect(at(5, 7)).toBeNull();
    expect(at(5, 3)).toBeNull();
    expect(at(5, 7.01)).toBe('Twilio reported 5 s; the audio lasts 7.01 s');
    expect(at(600, 630)).toBeNull();
    expect(at(600, 569)).toBe('Twilio reported 600 s; the audio lasts 569 s');
    expect(at(600, 30)).toBe('Twilio reported 600 s; the audio lasts 30 s');
  });

  it.each([
    ['an HTML page', received(wav(600, { format: null }), 'text/html'), 'Twilio answered with text/html, not audio'],
    ['no media type', received(wav(600), ''), 'Twilio answered with no media type, not audio'],
    [
      'a Content-Length of more bytes',
      received(wav(600), 'audio/x-wav', 20_000_000),
      `Twilio announced 20000000 bytes (Content-Length) but ${44 + 600 * 32000} arrived`,
    ],
    [
      'an inspection problem',
      received(wav(600, { problem: 'Truncated WAV file: the data chunk ended after 20000 of 960000 bytes', parsed: false })),
      'Truncated WAV file: the data chunk ended after 20000 of 960000 bytes',
    ],
    ['MP3 bytes', received(wav(600, { format: 'mp3', encoding: 'MPEG-1 Layer III', bitsPerSample: null })), 'Expected WAV audio, got MP3'],
    [
      'mu-law',
      received(wav(600, { encoding: 'format code 7 (mu-law)', bitsPerSample: 8 })),
      "Twilio's WAV recordings are 16-bit PCM; this one is format code 7 (mu-law) with 8-bit samples",
    ],
    [
      '8-bit PCM',
      received(wav(600, { bitsPerSample: 8 })),
      "Twilio's WAV recordings are 16-bit PCM; this one is integer PCM with 8-bit samples",
    ],
    ['one channel', received(wav(600, { channels: 1 })), 'Twilio reported 2 channels; the audio has 1'],
  ])('refuses %s', (_label, got, reason) => {
    expect(twilioMediaProblem(reported, got)).toBe(reason);
  });

  it('checks MP3 when MP3 was asked for', () => {
    const mp3 = wav(600, { format: 'mp3', encoding: 'MPEG-1 Layer III', bitsPerSample: null });
    expect(twilioMediaProblem({ ...reported, format: 'mp3' }, received(mp3, 'audio/mpeg'))).toBeNull();
    expect(twilioMediaProblem({ ...reported, format: 'mp3' }, received(wav(600), 'audio/mpeg'))).toBe('Expected MP3 audio, got WAV');
  });
});

describe('the other rules', () => {
  it('mediaTypeProblem: only audio/* is audio', () => {
    expect(mediaTypeProblem('audio/x-wav')).toBeNull();
    expect(mediaTypeProblem('AUDIO/MPEG; charset=binary')).toBeNull();
    expect(mediaTypeProblem('application/octet-stream')).toBe('Twilio answered with application/octet-stream, not audio');
  });

  it('contentLengthProblem: only when one was sent', () => {
    expect(contentLengthProblem(null, 5)).toBeNull();
    expect(contentLengthProblem(5, 5)).toBeNull();
    expect(contentLengthProblem(5, 4)).toBe('Twilio announced 5 bytes (Content-Length) but 4 arrived');
    expect(contentLengthProblem(5, 6)).toBe('Twilio announced 5 bytes (Content-Length) but more arrived');
  });

  it('uploadAudioProblem: audio that parses, or is only recognised', () => {
    expect(uploadAudioProblem(wav(3))).toBeNull();
    expect(uploadAudioProblem(wav(3, { format: 'ogg', parsed: false, channels: null, durationSeconds: null }))).toBeNull();
    expect(uploadAudioProblem(wav(3, { format: null }))).toBe('The file is not audio');
    expect(uploadAudioProblem(wav(0, { problem: 'The WAV file holds no audio: its data chunk is empty' }))).toBe(
      'The WAV file holds no audio: its data chunk is empty',
    );
  });
});
