import { Document } from '../layouts/document.tsx';

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  requestId?: string;
}

export function ErrorMessage({ status, title, message, requestId }: ErrorPageProps) {
  return (
    <section class="card error-card" role="alert" aria-labelledby="error-title">
      <p class="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      {requestId ? <p class="muted small">Reference: {requestId}</p> : null}
      <p>
        <a class="button" href="/">
          Go to the start page
        </a>
      </p>
    </section>
  );
}

export function ErrorPage(props: ErrorPageProps) {
  return (
    <Document title={props.title} bodyClass="auth">
      <main class="auth-main">
        <ErrorMessage {...props} />
      </main>
    </Document>
  );
}
