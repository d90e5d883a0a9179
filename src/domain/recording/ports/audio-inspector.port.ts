import type { AudioInspection } from '../audio-inspection';

/**
 * One stream's inspection, fed its bytes in order as they pass on to wherever they go. Keeps
 * headers only, never the audio: a 200 MB recording is inspected in constant memory.
 */
export interface AudioStreamInspection {
  /** The next bytes of the stream. */
  push(chunk: Buffer): void;
  /** A problem already certain before the end (not a WAV at all), so the caller may stop early; null otherwise. */
  readonly problem: string | null;
  /** The stream ended: what it held. Call once, after the last push. */
  end(): AudioInspection;
}

/**
 * Reads audio containers as they stream: WAV (RIFF chunks, `fmt `, the `data` length) and
 * MP3 (ID3 tags, frame headers); other audio types are only recognised by their first bytes.
 */
export abstract class AudioInspector {
  /**
   * Starts inspecting one stream. `format` is what the bytes must be (`wav`, `mp3`, ...);
   * bytes of another format are reported with their own format (or null) and a problem.
   */
  abstract inspect(format: string): AudioStreamInspection;
}
