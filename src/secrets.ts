import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from './files.js';

/**
 * Credentials are stored AES-256-GCM encrypted: `v1:<iv>:<tag>:<ciphertext>` in base64. The key comes
 * from P88_SECRET_KEY (32 bytes, base64 or hex) or, when unset, is generated once into the data folder
 * with mode 0600 and reused — whichever database is used.
 */
export interface SecretBox {
  readonly keyVersion: number;
  /** Where the key came from, for messages: the variable or the key file. */
  readonly keySource: string;
  seal(plain: Record<string, string>): string;
  open(sealed: string): Record<string, string>;
  /** A keyed hash: equal inputs give equal outputs under this key, and nothing about the input leaks. */
  fingerprint(text: string): string;
  /** Stored once per database, so a different key is recognised before it is used. */
  readonly keyCheck: string;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

const KEY_FILE = 'secret.key';
const KEY_SHAPE = '32 bytes, written as 64 hex characters or 44 base64 characters';

/** The 32-byte key written as hex or base64, or null when it is not one. */
export function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

export const SECRET_KEY_RULE = `must be ${KEY_SHAPE}`;

export interface SecretKey {
  key: Buffer;
  source: string;
}

export function loadOrCreateKey(secretKey: string | undefined, dataDir: string): SecretKey {
  if (secretKey) {
    const key = decodeKey(secretKey);
    if (!key) throw new SecretKeyError(`P88_SECRET_KEY ${SECRET_KEY_RULE}`);
    return { key, source: 'P88_SECRET_KEY' };
  }
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) {
    const key = decodeKey(readFileSync(path, 'utf8'));
    if (!key) throw new SecretKeyError(`The key file ${path} is damaged (it ${SECRET_KEY_RULE}); restore it from a backup, or set P88_SECRET_KEY to the key`);
    return { key, source: path };
  }
  makeDirectory(dataDir);
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, source: path };
}

export function createSecretBox({ key, source }: SecretKey): SecretBox {
  const hmac = (text: string) => createHmac('sha256', key).update(text).digest('base64url');
  return {
    keyVersion: 1,
    keySource: source,
    keyCheck: hmac('p88 secret key check v1'),
    fingerprint: (text) => hmac(`fingerprint:${text}`),
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || !body) throw new SecretKeyError('Stored credentials have an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as Record<string, string>;
      } catch (cause) {
        throw new SecretKeyError(keyMismatchMessage(source), { cause });
      }
    },
  };
}

export function keyMismatchMessage(source: string): string {
  return `this key (${source}) cannot decrypt the stored credentials: use the key they were stored with ` +
    '(P88_SECRET_KEY, or the secret.key file of the data folder that created them)';
}
