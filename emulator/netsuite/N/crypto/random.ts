/** N/crypto/random double: cryptographically strong random bytes, integers and UUIDs (no governance cost). */
import * as nodeCrypto from 'crypto';
import { nsError } from '../../errors';

export function generateBytes(options: { size: number }): Uint8Array {
  const size = Number(options?.size);
  if (!Number.isInteger(size) || size < 1 || size > 1024) throw nsError('SSS_INVALID_ARG', 'crypto/random.generateBytes: size must be an integer from 1 to 1024.');
  return new Uint8Array(nodeCrypto.randomBytes(size));
}

export function generateInt(options: { min: number; max: number }): number {
  return nodeCrypto.randomInt(options.min, options.max + 1);
}

export function generateUUID(): string {
  return nodeCrypto.randomUUID();
}
