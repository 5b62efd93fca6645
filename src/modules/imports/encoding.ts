import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { badFile, startsWith } from '#src/modules/imports/table.ts';

/** Whether iconv-lite can decode this encoding (`--encoding`). */
export const isKnownEncoding = (encoding: string): boolean => iconv.encodingExists(encoding);

/** The longest prefix of `sample` that does not end inside a UTF-8 sequence. */
function completeUtf8(sample: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, sample.length); back++) {
    const byte = sample[sample.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? sample.subarray(0, sample.length - back) : sample;
  }
  return sample;
}

const validIn = (encoding: string, sample: Buffer) => {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * The encoding of a CSV from its first bytes (DESIGN §4): UTF-8 with or without BOM, else GB18030 (a superset of
 * GBK, what Chinese Excel writes as "CSV"); anything else is refused with a message saying what to do.
 */
export function detectEncoding(sample: Buffer): 'utf8' | 'gb18030' {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf8';
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff]))
    throw badFile('the file is UTF-16 text: save it as CSV in UTF-8 (or GB18030) and import that');
  if (sample.includes(0))
    throw badFile('the file is not CSV text (it holds NUL bytes): import a .csv, .csv.gz or .xlsx file');
  if (validIn('utf-8', completeUtf8(sample))) return 'utf8';
  if (validIn('gb18030', sample)) return 'gb18030';
  throw badFile(
    'the file is neither UTF-8 nor GB18030/GBK text: save it as CSV UTF-8, or name its encoding with --encoding',
  );
}

/** How far the detection reads before deciding: to the first non-ASCII byte, at most this many bytes. */
const DETECT_LIMIT = 1 << 20;

/** Decodes a byte stream to text, detecting the encoding from its first non-ASCII bytes unless one is given. */
export class Decode extends Transform {
  encoding: string | null;
  #decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  readonly #onEncoding: (encoding: string) => void;

  constructor(encoding: string | undefined, onEncoding: (encoding: string) => void) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.encoding = encoding ?? null;
    this.#onEncoding = onEncoding;
    if (encoding) this.#start(encoding);
  }

  #start(encoding: string) {
    this.encoding = encoding;
    this.#decoder = iconv.getDecoder(encoding, { stripBOM: true });
    this.#onEncoding(encoding);
  }

  #flushPending(callback: TransformCallback, final: boolean) {
    const sample = Buffer.concat(this.#pending);
    this.#pending = [];
    try {
      if (!this.#decoder) this.#start(detectEncoding(sample));
    } catch (error) {
      callback(error as Error);
      return;
    }
    const text = this.#decoder!.write(sample) + (final ? (this.#decoder!.end() ?? '') : '');
    callback(null, text);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.#decoder) {
      callback(null, this.#decoder.write(chunk));
      return;
    }
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= DETECT_LIMIT || chunk.some((byte) => byte >= 0x80))
      this.#flushPending(callback, false);
    else callback();
  }

  override _flush(callback: TransformCallback) {
    if (!this.#decoder) {
      this.#flushPending(callback, true);
      return;
    }
    callback(null, this.#decoder.end() ?? '');
  }
}
