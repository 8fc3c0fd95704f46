import { Document } from '../layouts/document.tsx';

export interface LoginFormProps {
  email?: string;
  error?: string;
  next?: string;
}

/** The sign-in form; re-rendered with an error (422) after a failed attempt. */
export function LoginForm({ email = '', error, next }: LoginFormProps) {
  return (
    <form
      id="login-form"
      method="post"
      action="/login"
      class="card auth-card"
      hx-post="/login"
      hx-swap="outerHTML"
    >
      <h1>Sign in</h1>
      <p class="muted">Staff console for agents, managers, admins and quality reviewers.</p>
      {error ? (
        <p class="alert alert-error" role="alert" id="login-error">
          {error}
        </p>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div class="field">
        <label for="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autocomplete="username"
          required
          maxlength={254}
          value={email}
          aria-describedby={error ? 'login-error' : undefined}
        />
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength={200}
        />
      </div>
      <button type="submit" class="button button-primary button-block">
        Sign in
      </button>
    </form>
  );
}

export function LoginPage(props: LoginFormProps) {
  return (
    <Document title="Sign in" bodyClass="auth">
      <main class="auth-main">
        <LoginForm {...props} />
      </main>
    </Document>
  );
}
