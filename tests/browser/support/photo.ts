import type { Browser } from 'playwright-core';

/**
 * A real JPEG the size of a phone photo, encoded by Chromium's own JPEG encoder from a canvas
 * (sky, a roof line and fine seeded grain, so it compresses like a photo, not like a flat
 * image). Deterministic: the same seed gives the same bytes on the same Chromium.
 */
export async function phonePhoto(
  browser: Browser,
  options: { width: number; height: number; quality?: number; seed?: number },
): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const base64 = await page.evaluate(
      async ({ width, height, quality, seed }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        const image = ctx.createImageData(width, height);
        let state = seed >>> 0;
        const next = () => {
          // xorshift32: cheap, seeded grain
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          return (state >>> 0) / 4294967296;
        };
        for (let y = 0; y < height; y++) {
          const roof = y > height * 0.55;
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            const grain = (next() - 0.5) * 90;
            const base = roof ? [120 + (x % 40), 70, 50] : [110, 160 + (y * 60) / height, 230];
            image.data[i] = Math.max(0, Math.min(255, (base[0] ?? 0) + grain));
            image.data[i + 1] = Math.max(0, Math.min(255, (base[1] ?? 0) + grain));
            image.data[i + 2] = Math.max(0, Math.min(255, (base[2] ?? 0) + grain));
            image.data[i + 3] = 255;
          }
        }
        ctx.putImageData(image, 0, 0);
        const blob = await new Promise<Blob | null>((resolve) =>
          canvas.toBlob(resolve, 'image/jpeg', quality),
        );
        if (!blob) throw new Error('toBlob gave nothing');
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      },
      { quality: 0.92, seed: 20261203, ...options },
    );
    return Buffer.from(base64, 'base64');
  } finally {
    await context.close();
  }
}
