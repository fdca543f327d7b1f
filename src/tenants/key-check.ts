import type { Queryable } from '../db/database.js';
import type { SecretBox } from '../secrets.js';

const KEY_CHECK = 'secret_key_check';

/**
 * Whether `box` holds the key this database's credentials were stored with. The first key to meet the
 * database leaves its check value (a keyed hash, which reveals nothing of the key); a database with
 * credentials but no check value yet learns it from the first credentials the key can decrypt.
 */
export async function secretKeyMatches(db: Queryable, box: SecretBox): Promise<boolean> {
  const [stored] = await db.query<{ value: string }>('select value from hub_settings where key = $1', [KEY_CHECK]);
  if (stored) return stored.value === box.keyCheck;
  const [sample] = await db.query<{ credentials_ciphertext: string }>('select credentials_ciphertext from connections order by id limit 1');
  if (sample) {
    try {
      box.open(sample.credentials_ciphertext);
    } catch {
      return false;
    }
  }
  await db.query(
    `insert into hub_settings (key, value) values ($1, to_jsonb($2::text)) on conflict (key) do nothing`,
    [KEY_CHECK, box.keyCheck],
  );
  return true;
}

/** Records `box` as the database's key (after every secret was re-sealed with it). */
export async function storeKeyCheck(db: Queryable, box: SecretBox): Promise<void> {
  await db.query(
    `insert into hub_settings (key, value) values ($1, to_jsonb($2::text))
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [KEY_CHECK, box.keyCheck],
  );
}
