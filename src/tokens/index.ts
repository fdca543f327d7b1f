export { createToken, hashToken, TokenVerifier, type CreatedToken } from './tokens.js';
export { listTokens, revokeToken, type ApiToken, type TokenScope } from './store.js';
