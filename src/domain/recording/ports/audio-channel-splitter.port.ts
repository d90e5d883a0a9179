import type { Readable } from 'node:stream';

/**
 * Splits multi-channel audio into one stream per channel (Twilio's dual-channel recordings
 * put each party on its own channel). Every returned stream must be consumed.
 */
export abstract class AudioChannelSplitter {
  abstract split(audio: Readable, contentType: string): Promise<Readable[]>;
}
