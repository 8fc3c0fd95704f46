import { raw } from 'hono/html';

/** An unknown project slug (VIS-1): a real page with a way on, not a bare error. */
export function VisitorNotFoundPage({ cssUrl, slug }: { cssUrl: string; slug: string }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>Page not found</title>
          <link rel="stylesheet" href={cssUrl} />
        </head>
        <body class="visitor vp-notfound">
          <main id="main" class="vp-main">
            <section class="vp-card" aria-labelledby="notfound-title">
              <p class="vp-notfound-code" aria-hidden="true">
                404
              </p>
              <h1 id="notfound-title">We could not find this chat page</h1>
              <p class="vp-muted">
                There is no page called “<span class="vp-slug">{slug}</span>”. The link may be mistyped or the
                page may have moved.
              </p>
              <a class="vp-button vp-button-primary" href="/">
                Go to the main chat
              </a>
            </section>
          </main>
        </body>
      </html>
    </>
  );
}
