'use strict';

// A real SMTP server for Credentials.Checks.Smtp.Tests, on 127.0.0.1 only. Test-only.
// Two listeners on free ports: "plain" (STARTTLS offered; AUTH allowed before it so the 'none' mode can be tested)
// and "tls" (TLS from the first byte). AUTH PLAIN and LOGIN accept exactly one user.
// Settings come from the environment: SMTP_KEY and SMTP_CERT (PEM files), SMTP_USER and SMTP_PASS.
// Prints one JSON line {"plain":PORT,"tls":PORT} once both listen; exits when standard input closes.

const fs = require('fs');
const { SMTPServer } = require('smtp-server');

const user = process.env.SMTP_USER;
const pass = process.env.SMTP_PASS;
const key = fs.readFileSync(process.env.SMTP_KEY);
const cert = fs.readFileSync(process.env.SMTP_CERT);

function create(secure) {
  return new SMTPServer({
    secure,
    key,
    cert,
    banner: 'Credentials test SMTP server',
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, session, callback) {
      if (auth.username === user && auth.password === pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.on('error', (err) => console.error('smtp-server: ' + err.message));
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.server.address().port));
  });
}

Promise.all([listen(create(false)), listen(create(true))])
  .then(([plain, tls]) => console.log(JSON.stringify({ plain, tls })))
  .catch((err) => {
    console.error('could not listen: ' + err.message);
    process.exit(1);
  });

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
