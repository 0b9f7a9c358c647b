/**
 * N/crypto double. As in NetSuite, an HMAC key comes only from an API secret (`secret`) or a
 * credential field GUID (`guid`), never from a plain string the script holds.
 */
import * as nodeCrypto from 'crypto';
import { account } from '../account';
import { nsError } from '../errors';
import { Encoding, fromBuffer, toBuffer } from './encode';

export const HashAlg = { SHA1: 'SHA1', SHA256: 'SHA256', SHA512: 'SHA512', MD5: 'MD5' } as const;
const NODE_ALG: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512', MD5: 'md5' };

export class SecretKey {
  /** @internal */
  constructor(readonly _material: Buffer, readonly encoding: string) {}
  toString(): string { return '[object SecretKey]'; }
  toJSON(): string { return '[SecretKey]'; }
}

export function createSecretKey(options: { secret?: string; guid?: string; encoding?: string }): SecretKey {
  const acct = account();
  const encoding = options.encoding || Encoding.UTF_8;
  let raw: string | undefined;
  if (options.secret) raw = acct.secrets.get(options.secret)?.value;
  else if (options.guid) raw = acct.credentialGuids.get(options.guid);
  else throw nsError('SSS_MISSING_REQD_ARGUMENT', 'crypto.createSecretKey: Missing a required argument: secret or guid');
  if (raw === undefined) throw nsError('INVALID_SECRET_KEY', `No API secret or credential for ${options.secret || options.guid}.`);
  return new SecretKey(toBuffer(raw, encoding), encoding);
}

class Digest {
  private parts: Buffer[] = [];
  constructor(private readonly make: () => nodeCrypto.Hash | nodeCrypto.Hmac) {}
  update(options: { input: string; inputEncoding?: string }): void {
    this.parts.push(toBuffer(options.input, options.inputEncoding || Encoding.UTF_8));
  }
  digest(options: { outputEncoding?: string } = {}): string {
    const h = this.make();
    for (const p of this.parts) h.update(p);
    return fromBuffer(h.digest(), options.outputEncoding || Encoding.HEX);
  }
}

export function createHmac(options: { algorithm: string; key: SecretKey }): Digest {
  if (!(options.key instanceof SecretKey)) {
    throw nsError('SSS_INVALID_TYPE_ARG', 'crypto.createHmac: key must be a SecretKey from crypto.createSecretKey (an API secret or credential GUID).');
  }
  const alg = NODE_ALG[options.algorithm];
  if (!alg) throw nsError('INVALID_ALGORITHM', `Unsupported algorithm ${options.algorithm}`);
  return new Digest(() => nodeCrypto.createHmac(alg, options.key._material));
}

export function createHash(options: { algorithm: string }): Digest {
  const alg = NODE_ALG[options.algorithm];
  if (!alg) throw nsError('INVALID_ALGORITHM', `Unsupported algorithm ${options.algorithm}`);
  return new Digest(() => nodeCrypto.createHash(alg));
}
