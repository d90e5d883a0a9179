import { DomainError } from '../shared/domain-error';

/** Audio types accepted for analysis uploads, with the extension the stored object gets. */
export const AUDIO_TYPES: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
};

/** The first bytes of each format: the declared type must agree with the file itself. */
export function sniffAudio(head: Buffer): string | null {
  if (head.length >= 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE') return 'wav';
  if (head.length >= 3 && head.toString('ascii', 0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return head[1]! & 0x06 ? 'mp3' : 'aac';
  if (head.length >= 4 && head.toString('ascii', 0, 4) === 'OggS') return 'ogg';
  if (head.length >= 4 && head.toString('ascii', 0, 4) === 'fLaC') return 'flac';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (head.length >= 8 && head.toString('ascii', 4, 8) === 'ftyp') return 'm4a';
  return null;
}

export function extensionForUpload(contentType: string): string {
  const ext = AUDIO_TYPES[contentType.toLowerCase().split(';')[0]!.trim()];
  if (!ext) throw new DomainError('upload.unsupported_type', `Only audio files can be analysed (got ${contentType})`, 'unsupported_media');
  return ext;
}
