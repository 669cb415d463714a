/**
 * Splits one direction of a WebSocket connection (RFC 6455) into the HTTP upgrade message and
 * whole frames. Client frames are masked; the payload is returned unmasked either way. A plain
 * HTTP exchange (no upgrade) passes through as raw bytes with an empty payload.
 */
export interface WsFrame {
  /** The frame's bytes as they were on the wire (header included): what to forward. */
  raw: Buffer;
  /** Payload as text (latin1: a JSON frame is searchable as is); '' for the upgrade message. */
  payload: string;
  /** RFC 6455 opcode (1 = text); 0 for the upgrade message and plain HTTP bytes. */
  opcode: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class WsStreamSplitter {
  private buffer = Buffer.alloc(0);
  private upgraded = false;
  private plainHttp = false;
  /** The HTTP upgrade request or answer, once it has arrived. */
  handshake = '';

  /** Feeds bytes; returns the pieces now complete, in order (the upgrade message first). */
  push(chunk: Buffer): WsFrame[] {
    if (this.plainHttp) return [{ raw: chunk, payload: '', opcode: 0 }];
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: WsFrame[] = [];
    if (!this.upgraded) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) return out;
      const raw = this.buffer.subarray(0, end + HEADER_END.length);
      this.handshake = raw.toString('latin1');
      this.upgraded = true;
      this.buffer = this.buffer.subarray(raw.length);
      out.push({ raw, payload: '', opcode: 0 });
      if (!/^HTTP\/1\.1 101 |\r\nupgrade: *websocket/i.test(this.handshake)) {
        this.plainHttp = true;
        if (this.buffer.length > 0) out.push({ raw: this.buffer, payload: '', opcode: 0 });
        this.buffer = Buffer.alloc(0);
        return out;
      }
    }
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) out.push(frame);
    return out;
  }

  private nextFrame(): WsFrame | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    const masked = (b[1]! & 0x80) !== 0;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return null;
    const raw = b.subarray(0, offset + length);
    this.buffer = b.subarray(raw.length);
    const payload = Buffer.from(raw.subarray(offset));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= raw[maskAt + (i % 4)]!;
    return { raw, payload: payload.toString('latin1'), opcode: raw[0]! & 0x0f };
  }
}
