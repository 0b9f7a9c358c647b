/** N/encode double. */
import { nsError } from '../errors';

export const Encoding = { UTF_8: 'UTF_8', BASE_16: 'BASE_16', HEX: 'HEX', BASE_32: 'BASE_32', BASE_64: 'BASE_64', BASE_64_URL_SAFE: 'BASE_64_URL_SAFE' } as const;

export function toBuffer(input: string, enc: string): Buffer {
  switch (enc) {
    case Encoding.UTF_8: return Buffer.from(input, 'utf8');
    case Encoding.HEX: case Encoding.BASE_16: return Buffer.from(input, 'hex');
    case Encoding.BASE_64: return Buffer.from(input, 'base64');
    case Encoding.BASE_64_URL_SAFE: return Buffer.from(input, 'base64url');
    default: throw nsError('INVALID_ENCODING', `Unsupported encoding ${enc}`);
  }
}

export function fromBuffer(buf: Buffer, enc: string): string {
  switch (enc) {
    case Encoding.UTF_8: return buf.toString('utf8');
    case Encoding.HEX: case Encoding.BASE_16: return buf.toString('hex');
    case Encoding.BASE_64: return buf.toString('base64');
    case Encoding.BASE_64_URL_SAFE: return buf.toString('base64url');
    default: throw nsError('INVALID_ENCODING', `Unsupported encoding ${enc}`);
  }
}

export function convert(options: { string: string; inputEncoding: string; outputEncoding: string }): string {
  return fromBuffer(toBuffer(options.string, options.inputEncoding), options.outputEncoding);
}
