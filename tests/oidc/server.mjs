// Real OpenID providers on loopback for the test suite (npm oidc-provider, the certified
// Node implementation). Started by tests/oidc/providers.py; never used in production.
//
// Configuration: the JSON in the environment variable OIDC_TEST_CONFIG:
//   {"providers": [{"name": "a", "clients": [{"client_id", "client_secret", "redirect_uris"}]}]}
// Each provider listens on its own free port of 127.0.0.1 and is its own issuer
// (http://127.0.0.1:<port>). One JSON line per provider ({"name", "issuer", "url"}) and then
// "READY" are printed on stdout. The test accounts sign in with any login and password
// through the provider's own (development) login page; the login is the subject.
// A login starting with "expired-code" gets authorization codes that expire after one
// second, and the answer carrying the code is held back 2.5 seconds, so the app is handed
// an expired code for real.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{"providers": []}');

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function findAccount(ctx, id) {
  return {
    accountId: id,
    async claims() {
      return { sub: id, name: `Test ${id}`, email: `${id}@example.test` };
    },
  };
}

async function start({ name, clients, issuer_path: issuerPath = '' }) {
  const server = createServer();
  const port = await listen(server);
  // `issuer_path` makes a provider that names itself differently from where it answers
  // (its discovery document's issuer is not its address): a misconfigured or foreign issuer.
  const issuer = `http://127.0.0.1:${port}${issuerPath}`;
  const provider = new Provider(issuer, {
    clients,
    findAccount,
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    // Name and email in the ID token itself, as Microsoft Entra ID sends them.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // The relying party must use PKCE (S256), confidential client or not.
    pkce: { required: () => true },
    // The organisation has consented for its people (as an Entra ID admin does for an
    // app): no consent page, straight back to the app after the login.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    ttl: {
      AuthorizationCode: (ctx, code) => (code.accountId?.startsWith('expired-code') ? 1 : 60),
    },
  });
  // The "expired-code" logins: the answer carrying the code reaches the app only after
  // the code has expired, as over a very slow connection.
  provider.use(async (ctx, next) => {
    await next();
    const location = ctx.response.get('Location') || '';
    if (location.includes('code=') && ctx.oidc?.session?.accountId?.startsWith('expired-code')) {
      await new Promise((resolve) => { setTimeout(resolve, 2500); });
    }
  });
  provider.on('server_error', (ctx, error) => {
    console.error(`${name}: server_error`, error);
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ name, issuer, url: `http://127.0.0.1:${port}` })}\n`);
  return server;
}

const servers = [];
for (const entry of config.providers) {
  servers.push(await start(entry));
}
process.stdout.write('READY\n');

function stop() {
  for (const server of servers) server.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The suite closes stdin when it is done (or dies): stop with it.
process.stdin.on('end', stop);
process.stdin.resume();
