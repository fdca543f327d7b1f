import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Credentials are stored AES-256-GCM encrypted: `v1:<iv>:<tag>:<ciphertext>` in base64. The key comes
 * from P88_SECRET_KEY (32 bytes, base64 or hex) or, when unset, is generated once into the data folder
 * with mode 0600 and reused — whichever database is used.
 */
export interface SecretBox {
  readonly keyVersion: number;
  seal(plain: Record<string, string>): string;
  open(sealed: string): Record<string, string>;
}

const KEY_FILE = 'secret.key';

export function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('P88_SECRET_KEY must be 32 bytes, written as 64 hex characters or 44 base64 characters');
  }
  return key;
}

export function loadOrCreateKey(secretKey: string | undefined, dataDir: string): Buffer {
  if (secretKey) return decodeKey(secretKey);
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) return decodeKey(readFileSync(path, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    keyVersion: 1,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('Stored credentials have an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as Record<string, string>;
      } catch (cause) {
        throw new Error('Stored credentials cannot be decrypted: is P88_SECRET_KEY the key they were saved with?', { cause });
      }
    },
  };
}
