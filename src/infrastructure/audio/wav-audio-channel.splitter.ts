import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AudioChannelSplitter } from '../../domain/recording/ports/audio-channel-splitter.port';
import { splitWavChannels } from './wav-channel-splitter';

/** WAV (PCM) is split per channel on the fly; other formats go through whole, as one channel. */
@Injectable()
export class WavAudioChannelSplitter extends AudioChannelSplitter {
  async split(audio: Readable, contentType: string): Promise<Readable[]> {
    if (!/wav/i.test(contentType)) return [audio];
    return (await splitWavChannels(audio)).outputs;
  }
}
