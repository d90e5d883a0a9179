import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP), for TXT records only: enough for
 * Node's `dns.promises.Resolver` (c-ares) pointed at it with `setServers(['127.0.0.1:<port>'])`.
 *
 *  - a name set with `setTxt` answers its TXT records (each value one record, split into
 *    255-byte character strings like real zone files do with long values);
 *  - the same name asked for another type answers NOERROR with no records (NODATA);
 *  - any other name answers NXDOMAIN;
 *  - `fail = 'servfail'` answers SERVFAIL to everything, `fail = 'drop'` never answers.
 *
 * Every question is recorded in `queries`.
 *
 *   const dns = await FakeDnsServer.start();
 *   dns.setTxt('_switchboard.acme.test', 'switchboard-domain-verification=abc');
 *   // DNS_SERVERS = dns.address
 */
export class FakeDnsServer {
  readonly queries: { name: string; type: number }[] = [];
  fail: 'servfail' | 'drop' | null = null;
  private readonly records = new Map<string, string[]>();

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (message, remote) => {
      const answer = this.answer(message);
      if (answer) socket.send(answer, remote.port, remote.address);
    });
  }

  static async start(): Promise<FakeDnsServer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new FakeDnsServer(socket);
  }

  /** `ip:port`, as `DNS_SERVERS` takes it. */
  get address(): string {
    const { address, port } = this.socket.address() as AddressInfo;
    return `${address}:${port}`;
  }

  setTxt(name: string, ...values: string[]): void {
    this.records.set(normalize(name), values);
  }

  removeTxt(name: string): void {
    this.records.delete(normalize(name));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private answer(message: Buffer): Buffer | null {
    if (message.length < 12) return null;
    const id = message.readUInt16BE(0);
    const flags = message.readUInt16BE(2);
    const questions = message.readUInt16BE(4);
    if (flags & 0x8000 || questions !== 1) return null;
    // The question: labels, then type and class.
    let offset = 12;
    const labels: string[] = [];
    for (;;) {
      if (offset >= message.length) return null;
      const length = message[offset]!;
      offset += 1;
      if (length === 0) break;
      if (length > 63 || offset + length > message.length) return null;
      labels.push(message.subarray(offset, offset + length).toString('latin1'));
      offset += length;
    }
    if (offset + 4 > message.length) return null;
    const type = message.readUInt16BE(offset);
    const questionEnd = offset + 4;
    const name = normalize(labels.join('.'));
    this.queries.push({ name, type });
    if (this.fail === 'drop') return null;

    const values = this.records.get(name);
    let rcode = 0;
    const answers: Buffer[] = [];
    if (this.fail === 'servfail') rcode = 2;
    else if (values === undefined) rcode = 3;
    else if (type === TXT) for (const value of values) answers.push(txtRecord(value));

    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    // QR, the query's opcode and RD, AA, RA, and the answer code.
    header.writeUInt16BE(0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    header.writeUInt16BE(0, 8);
    header.writeUInt16BE(0, 10);
    return Buffer.concat([header, message.subarray(12, questionEnd), ...answers]);
  }
}

const TXT = 16;

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function txtRecord(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const strings: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    strings.push(Buffer.concat([Buffer.from([chunk.length]), chunk]));
  }
  const rdata = Buffer.concat(strings);
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  fixed.writeUInt16BE(TXT, 2);
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(60, 6); // TTL
  fixed.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([fixed, rdata]);
}
