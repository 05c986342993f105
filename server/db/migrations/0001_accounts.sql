CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text,
  password_hash text NOT NULL,
  email_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

-- Session and email-verification tokens: only a SHA-256 of the token is stored.
CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('session', 'verify_email')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

-- Consecutive failed logins per email (billing-api.md, POST /v1/auth/login).
CREATE TABLE login_failures (
  email text PRIMARY KEY,
  first_failure_at timestamptz NOT NULL,
  failures integer NOT NULL
);
