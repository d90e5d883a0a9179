import { Readable } from 'node:stream';

/** Feeds `bytes` as a stream in chunks whose sizes cycle through `sizes` (one number: all the same size). */
export function chunked(bytes: Buffer, sizes: number | readonly number[] = [64 * 1024]): Readable {
  const cycle = typeof sizes === 'number' ? [sizes] : sizes;
  return Readable.from(
    (function* () {
      for (let at = 0, n = 0; at < bytes.length; n++) {
        const size = cycle[n % cycle.length]!;
        yield bytes.subarray(at, at + size);
        at += size;
      }
    })(),
  );
}

/** Everything a stream yields, as one buffer. */
export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A little-endian 16-bit field, as in a RIFF header. */
export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

/** A little-endian 32-bit field, as in a RIFF header. */
export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
