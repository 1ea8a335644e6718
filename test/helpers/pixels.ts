// Compares two PNGs pixel by pixel, decoded by the browser itself (no image library needed).
import type { Page } from 'playwright-core';

export interface PixelDiff {
  /** Pixels whose colour differs by more than the tolerance (Infinity when the sizes differ). */
  differing: number;
  total: number;
  /** The sizes, to say why a comparison failed. */
  size: [string, string];
}

/** Counts pixels whose summed RGB difference exceeds `tolerance` (0–765): anti-aliasing stays below a loose one. */
export async function diffPixels(page: Page, a: Buffer, b: Buffer, tolerance = 24): Promise<PixelDiff> {
  return page.evaluate(
    async ([x, y, tol]) => {
      const decode = async (b64: string) => {
        const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
      };
      const [i, j] = await Promise.all([decode(x), decode(y)]);
      const size: [string, string] = [`${i.width}×${i.height}`, `${j.width}×${j.height}`];
      if (i.width !== j.width || i.height !== j.height) return { differing: Infinity, total: i.width * i.height, size };
      let n = 0;
      for (let k = 0; k < i.data.length; k += 4)
        if (Math.abs(i.data[k]! - j.data[k]!) + Math.abs(i.data[k + 1]! - j.data[k + 1]!) + Math.abs(i.data[k + 2]! - j.data[k + 2]!) > tol) n++;
      return { differing: n, total: i.width * i.height, size };
    },
    [a.toString('base64'), b.toString('base64'), tolerance] as const,
  );
}
