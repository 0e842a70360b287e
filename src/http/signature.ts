/**
 * Ed25519 verification of the requests Discord sends to an interactions endpoint: Discord signs
 * the `X-Signature-Timestamp` header followed by the raw body with the application's key, and
 * sends the signature in `X-Signature-Ed25519`. Node's own crypto verifies it; no dependency.
 *
 * @module
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** 64 bytes of signature as 128 hexadecimal characters. */
const SIGNATURE_SHAPE = /^[0-9a-f]{128}$/iu;
/** Unix time in seconds. */
const TIMESTAMP_SHAPE = /^\d{1,12}$/u;
/** A raw Ed25519 public key: 32 bytes as 64 hexadecimal characters. */
const PUBLIC_KEY_SHAPE = /^[0-9a-f]{64}$/iu;

/** Why a request was refused; every reason is answered 401 and only logged in detail. */
export type SignatureProblem =
  | 'missing signature'
  | 'malformed signature'
  | 'bad signature'
  | 'stale timestamp'
  | 'replayed request';

/**
 * The key object of a public key as the Developer Portal shows it (64 hex characters).
 *
 * @throws {Error} when the text is not 32 bytes of hexadecimal.
 */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!PUBLIC_KEY_SHAPE.test(hex)) throw new Error('an Ed25519 public key is 64 hexadecimal characters');
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** The field of Ed25519: integers modulo this prime. */
const FIELD_PRIME = 2n ** 255n - 19n;

/** The little-endian number of a 32-byte encoding, its top bit (the sign of x) left out. */
function encodedY(bytes: Buffer): bigint {
  let y = 0n;
  for (let index = 31; index >= 0; index -= 1) y = (y << 8n) | BigInt(bytes[index] ?? 0);
  return (y & ((1n << 255n) - 1n)) % FIELD_PRIME;
}

/**
 * The y of the eight points of small order: the neutral point (1), the point of order 2 (p − 1),
 * the two of order 4 (0) and the four of order 8 (two values of y, each with either x).
 */
const SMALL_ORDER_Y = new Set([
  0n,
  1n,
  FIELD_PRIME - 1n,
  encodedY(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex')),
  encodedY(Buffer.from('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', 'hex')),
]);

/**
 * Whether a public key (64 hex characters) would accept forged signatures: a point of small
 * order, such as the neutral point, verifies forgeries for many messages (all of them, for the
 * neutral point), whichever of its encodings is used (the sign bit set, or y written as y + p).
 * No application's key is one; a key mistyped or invented may be. Decided from y alone, exactly.
 */
export function acceptsForgeries(hex: string): boolean {
  return PUBLIC_KEY_SHAPE.test(hex) && SMALL_ORDER_Y.has(encodedY(Buffer.from(hex, 'hex')));
}

/** The two signature headers, checked for shape only (no cryptography yet). */
export interface SignatureHeaders {
  signature: Buffer;
  timestamp: string;
}

/**
 * Reads `X-Signature-Ed25519` and `X-Signature-Timestamp` (Node gives header names in lower case).
 * @returns the decoded headers, or the problem that is worth a 401 before reading the body.
 */
export function readSignatureHeaders(headers: {
  readonly [name: string]: string | string[] | undefined;
}): SignatureHeaders | SignatureProblem {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (signature === undefined || timestamp === undefined) return 'missing signature';
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return 'malformed signature';
  if (!SIGNATURE_SHAPE.test(signature) || !TIMESTAMP_SHAPE.test(timestamp)) return 'malformed signature';
  return { signature: Buffer.from(signature, 'hex'), timestamp };
}

/** Whether `signature` is the key's signature of `timestamp` followed by `body`. */
export function verifySignature(key: KeyObject, headers: SignatureHeaders, body: Buffer): boolean {
  const message = Buffer.concat([Buffer.from(headers.timestamp, 'utf8'), body]);
  try {
    return verify(null, message, key, headers.signature);
  } catch {
    return false;
  }
}

/**
 * Whether a signed timestamp is recent enough: a captured request replayed later is refused even
 * though its signature is genuine. Clocks differ a little, so the future gets the same tolerance.
 */
export function isFresh(timestamp: string, nowMs: number, maxAgeSeconds: number): boolean {
  const signedAt = Number(timestamp);
  const now = nowMs / 1000;
  return Number.isFinite(signedAt) && Math.abs(now - signedAt) <= maxAgeSeconds;
}

/**
 * Signatures seen in the last `windowMs`, so that the same signed request delivered twice to one
 * copy is refused the second time. Bounded: past `capacity` entries the oldest are forgotten, and
 * from then on a request signed no later than the last one forgotten is refused too, since the
 * guard can no longer tell it from a replay (Discord's own requests arrive within moments of their
 * signature, long after what a full guard forgets). This is a per-process guard; the timestamp
 * window is what bounds replays across copies.
 */
export class ReplayGuard {
  /** Signature → when it arrived and the second it was signed, oldest arrivals first. */
  readonly #seen = new Map<string, { at: number; signedAt: number }>();
  /** The latest signing second among signatures forgotten while still within the window. */
  #forgottenUpTo = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 50_000,
  ) {}

  /**
   * Records the signature of a request signed at `signedAt` (seconds, as in its timestamp
   * header); false when it was already seen within the window, or may have been.
   */
  firstSighting(signature: Buffer, signedAt: number, nowMs: number): boolean {
    if (signedAt <= this.#forgottenUpTo) return false;
    const key = signature.toString('base64');
    const seen = this.#seen.get(key);
    if (seen !== undefined && nowMs - seen.at <= this.windowMs) return false;
    this.#seen.delete(key);
    this.#seen.set(key, { at: nowMs, signedAt });
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [oldKey, old] of this.#seen) {
      const expired = nowMs - old.at > this.windowMs;
      if (!expired && this.#seen.size <= this.capacity) break;
      if (!expired) this.#forgottenUpTo = Math.max(this.#forgottenUpTo, old.signedAt);
      this.#seen.delete(oldKey);
    }
    return true;
  }
}
