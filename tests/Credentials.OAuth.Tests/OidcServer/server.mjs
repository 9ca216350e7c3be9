// A real OAuth 2.0 / OpenID authorization server (oidc-provider) for tests/Credentials.OAuth.Tests, on 127.0.0.1 and a
// random port. PKCE required, refresh tokens rotated (a reused one revokes the grant), short access-token lifetimes,
// client_credentials, dynamic registration, revocation and resource indicators (RFC 8707). The browser leg finishes by
// itself: GET /interaction/:uid logs in "user-1" and grants what was asked. With INTERACTIVE=1 (the admin page's browser
// test) it is a person's: GET /interaction/:uid shows a form instead, a login field and "Sign in" (POST .../login), then
// "Allow" (POST .../confirm) or "Deny" (POST .../abort: the client gets error=access_denied). Test-only routes:
//   GET /.well-known/oauth-protected-resource/mcp   RFC 9728 metadata of the protected resource <issuer>/mcp
//   GET /mcp2                                        401 with WWW-Authenticate naming /meta/mcp2 (RFC 9728 §5.1), the
//                                                    only place the metadata of resource <issuer>/mcp2 is found
//   GET /test/counts?client_id=ID                     token-endpoint calls of that client, by grant type
//   GET /.well-known/oauth-authorization-server/tenant  RFC 8414 metadata (path-inserted) of an issuer with a path,
//                                                       <issuer>/tenant, whose endpoints are this provider's
// Prints one JSON line {"port":N} on stdout when it listens. Stops when stdin closes (its test process ended).
import http from 'node:http';
import Provider from 'oidc-provider';

const accessTokenTtl = Number(process.env.ACCESS_TOKEN_TTL || 30);
const interactive = process.env.INTERACTIVE === '1';
const counts = new Map();

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const resource = `${issuer}/mcp`;

  const provider = new Provider(issuer, {
    clients: [],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'api:read', 'mcp:tools'],
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api:read mcp:tools', accessTokenTTL: accessTokenTtl, accessTokenFormat: 'opaque' }),
      },
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      Grant: 3600,
      Interaction: 600,
      Session: 3600,
      RefreshToken: 3600,
      IdToken: 3600,
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['credentials-oauth-tests'] },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    routes: { authorization: '/auth', token: '/token', registration: '/reg', revocation: '/token/revocation' },
  });
  provider.proxy = false;

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const clientId = ctx.oidc?.client?.clientId ?? 'unknown';
      const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
      const key = `${clientId} ${grantType}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource/mcp') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ resource, authorization_servers: [issuer], scopes_supported: ['openid', 'offline_access', 'mcp:tools'] }));
        return;
      }

      if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server/tenant') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({
          issuer: `${issuer}/tenant`,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          registration_endpoint: `${issuer}/reg`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        }));
        return;
      }

      if (url.pathname === '/mcp2') {
        res.statusCode = 401;
        res.setHeader('www-authenticate', `Bearer realm="mcp", resource_metadata="${issuer}/meta/mcp2"`);
        res.end();
        return;
      }

      if (req.method === 'GET' && url.pathname === '/meta/mcp2') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ resource: `${issuer}/mcp2`, authorization_servers: [issuer], scopes_supported: ['openid', 'offline_access', 'mcp:tools'] }));
        return;
      }

      if (req.method === 'GET' && url.pathname === '/test/counts') {
        const clientId = url.searchParams.get('client_id');
        const result = {};
        for (const [key, value] of counts) {
          const [id, grant] = key.split(' ');
          if (id === clientId) result[grant] = value;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(result));
        return;
      }

      if (interactive && url.pathname.startsWith('/interaction/')) {
        await interact(req, res, url);
        return;
      }

      if (req.method === 'GET' && url.pathname.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(req, res);
        const result = details.prompt.name === 'login'
          ? { login: { accountId: 'user-1' } }
          : { consent: { grantId: await grantAll(details) } };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
        return;
      }

      callback(req, res);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });

  // Grants what the consent prompt asks for; returns the grant's id.
  async function grantAll(details) {
    const { prompt, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    if (prompt.details.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    return grant.save();
  }

  // INTERACTIVE=1: login and consent as plain HTML forms that a browser fills in and submits.
  async function interact(req, res, url) {
    const details = await provider.interactionDetails(req, res);
    const { uid, prompt, params } = details;
    const action = url.pathname.slice(`/interaction/${uid}`.length);
    if (req.method === 'GET' && action === '') {
      const body = prompt.name === 'login'
        ? `<h1>Sign in</h1>
           <form method="post" action="/interaction/${uid}/login">
             <label for="login">User name</label> <input id="login" name="login" autocomplete="off" required>
             <button type="submit" id="sign-in">Sign in</button>
           </form>`
        : `<h1>Authorize ${escape(params.client_id)}</h1>
           <p id="scopes">It asks for: ${escape(params.scope ?? '')}</p>
           <form method="post" action="/interaction/${uid}/confirm"><button type="submit" id="allow">Allow</button></form>
           <form method="post" action="/interaction/${uid}/abort"><button type="submit" id="deny">Deny</button></form>`;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test authorization server</title></head><body>${body}</body></html>`);
      return;
    }

    if (req.method !== 'POST') {
      res.statusCode = 405;
      res.end();
      return;
    }

    let result;
    if (action === '/login') {
      const form = new URLSearchParams(await readBody(req));
      result = { login: { accountId: form.get('login') || 'user-1' } };
    } else if (action === '/confirm') {
      result = { consent: { grantId: await grantAll(details) } };
    } else if (action === '/abort') {
      result = { error: 'access_denied', error_description: 'The user denied the request.' };
    } else {
      res.statusCode = 404;
      res.end();
      return;
    }
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: action !== '/abort' });
  }

  process.stdout.write(JSON.stringify({ port }) + '\n');
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { text += chunk; if (text.length > 65536) req.destroy(); });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
