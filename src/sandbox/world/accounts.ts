/**
 * Each partner's account at every provider, with the credential fields named exactly as the
 * connection flags of `p88 connection add` (DESIGN.md §6), so they paste straight in. Derived from
 * (seed, provider, partner) alone: adding events or providers never changes anyone's keys.
 */
import { TIMING_COMPANIES } from './names.js';
import type { ProviderName } from './types.js';
import { createRandom, hashSeed } from './random.js';

/** A connection's credential fields per provider, named as `p88 connection add` flags. */
export interface ConnectionCredentials {
  runsignup: { api_key: string; api_secret: string };
  raceroster: { client_id: string; client_secret: string; username: string; password: string };
  haku: { client_id: string; client_secret: string };
  /** CT Live: simple auth sends sha1(password) as user_pass; OAuth uses client_secret. */
  chronotrack: { client_id: string; client_secret: string; username: string; password: string };
  copernico: { api_key: string };
}

export type PartnerCredentials<P extends ProviderName = ProviderName> = { partner: number } & ConnectionCredentials[P];

export interface PartnerAccounts extends ConnectionCredentials {
  runsignup: ConnectionCredentials['runsignup'] & { partner_id: number };
}

export interface WorldPartner {
  /** 1-based. */
  partner: number;
  name: string;
  accounts: PartnerAccounts;
}

function slugOf(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function buildPartner(seed: number, partner: number): WorldPartner {
  const base = TIMING_COMPANIES[(partner - 1) % TIMING_COMPANIES.length] as string;
  const round = Math.floor((partner - 1) / TIMING_COMPANIES.length);
  const name = round === 0 ? base : `${base} ${round + 1}`;
  const login = `${slugOf(name)}@example.com`;
  const r = (provider: string) => createRandom(hashSeed(seed, 'account', provider, partner));
  const rsu = r('runsignup');
  const rr = r('raceroster');
  const haku = r('haku');
  const ct = r('chronotrack');
  return {
    partner,
    name,
    accounts: {
      runsignup: { api_key: rsu.hex(32), api_secret: rsu.hex(32), partner_id: 3000 + (partner - 1) * 17 + rsu.int(0, 16) },
      raceroster: { client_id: String(rr.int(10, 99_999)), client_secret: rr.hex(40), username: login, password: `rr-${rr.hex(12)}` },
      // Cognito app client ids are 26 lowercase alphanumerics.
      haku: { client_id: haku.hex(26), client_secret: haku.hex(52) },
      chronotrack: { client_id: ct.hex(8), client_secret: ct.hex(32), username: login, password: `ct-${ct.hex(12)}` },
      copernico: { api_key: r('copernico').hex(40) },
    },
  };
}

/** The partner's credentials at one provider, ready for a connection. */
export function credentialsOf<P extends ProviderName>(partner: WorldPartner, provider: P): PartnerCredentials<P> {
  const { partner_id: _partnerId, ...fields } = partner.accounts[provider] as ConnectionCredentials[P] & { partner_id?: number };
  return { partner: partner.partner, ...fields } as PartnerCredentials<P>;
}
