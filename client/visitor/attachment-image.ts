import { embedHost } from './embed-hooks.ts';

/**
 * An attachment's image (VIS-5). On /p/{slug} the browser loads it by URL with the visitor cookie
 * (lazily). Inside the widget's frame that cookie is third-party, which Safari, Brave and
 * Chrome with third-party cookies blocked never send: there the image is fetched with the visitor
 * token header, as every other call of the frame is, and shown from a blob URL.
 */
export function showAttachment(
  img: HTMLImageElement,
  url: string,
  authHeaders: () => Record<string, string>,
): void {
  if (!embedHost()) {
    img.src = url;
    return;
  }
  void fetch(url, { headers: authHeaders() })
    .then(async (res) => {
      if (!res.ok) return;
      const blob = URL.createObjectURL(await res.blob());
      img.addEventListener('load', () => URL.revokeObjectURL(blob), { once: true });
      img.src = blob;
    })
    .catch(() => undefined);
}
