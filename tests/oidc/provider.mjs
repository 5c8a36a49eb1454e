// A real OpenID provider on loopback for the tests and the demo (npm package oidc-provider).
//
// node provider.mjs   with, in the environment:
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS (comma-separated)   the one client it knows
//   ACCOUNT_FILE   a JSON file read at every sign-in: the person's claims, and "_mode"
//   PORT           0 (default) for a free port; the first line printed is "issuer <url>"
//
// There is no login form: whoever reaches the interaction is signed in as the account in
// ACCOUNT_FILE and consents to what the client asked (a provider where the person is already
// logged in). "_mode" makes the provider misbehave the way the client must refuse:
//   "expired"   the ID token is re-signed with the provider's own key, expired ten minutes ago
//   "badsig"    the ID token is signed with another key under the provider's key id
//   "badnonce"  the ID token is re-signed with the provider's key, carrying another nonce
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Provider } from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';

const env = process.env;
const account = () => JSON.parse(readFileSync(env.ACCOUNT_FILE, 'utf8'));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const { privateKey: strangerKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(env.PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: env.REDIRECT_URIS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomUUID()] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'department', 'location', 'roles'],
  },
  conformIdTokenClaims: false, // the ID token carries the scopes' claims, as most company providers do
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const person = account();
    return { accountId: sub, async claims() { const { _mode, ...claims } = person; return { ...claims, sub }; } };
  },
});
provider.proxy = false;

// Misbehave on the token endpoint's answer when asked to (see "_mode" above).
provider.use(async (ctx, next) => {
  await next();
  const mode = account()._mode;
  if (ctx.path !== '/token' || !mode || !ctx.body || !ctx.body.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'expired') Object.assign(claims, { iat: now - 1200, exp: now - 600 });
  if (mode === 'badnonce') claims.nonce = 'not-the-nonce-you-sent';
  const key = mode === 'badsig' ? strangerKey : privateKey;
  ctx.body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(key);
});

// The interaction: sign in as the account and grant what was asked, without a form.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, grantId } = details;
  const sub = account().sub;
  const result = {};
  if (prompt.name === 'login') result.login = { accountId: sub };
  const grant = grantId ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: sub, clientId: params.client_id });
  const missing = prompt.details || {};
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  grant.addOIDCScope(String(params.scope || 'openid'));
  result.consent = { grantId: await grant.save() };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => { res.statusCode = 500; res.end(String(err)); });
  } else {
    callback(req, res);
  }
});
console.log(`issuer ${issuer}`);
