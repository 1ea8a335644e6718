// Compares two PNGs pixel by pixel, decoded by the browser itself (no image library needed).
import type { Page } from 'playwright-core';

export interface PixelDiff {
  /** Pixels whose colour differs by more than the tolerance (Infinity when the sizes differ). */
  differing: number;
  total: number;
  /** The sizes, to say why a comparison failed. */
  size: [string, string];
  /** Differing pixels inside each region asked for, with the region's area. */
  regions: { differing: number; area: number }[];
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Counts pixels whose summed RGB difference exceeds `tolerance` (0–765), overall and per region: anti-aliasing stays below a loose one. */
export async function diffPixels(page: Page, a: Buffer, b: Buffer, tolerance = 24, regions: Region[] = []): Promise<PixelDiff> {
  return page.evaluate(
    async ([x, y, tol, boxes]) => {
      const decode = async (b64: string) => {
        const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
      };
      const [i, j] = await Promise.all([decode(x), decode(y)]);
      const size: [string, string] = [`${i.width}×${i.height}`, `${j.width}×${j.height}`];
      const area = (r: Region) => Math.round(r.width) * Math.round(r.height);
      if (i.width !== j.width || i.height !== j.height)
        return { differing: Infinity, total: i.width * i.height, size, regions: boxes.map((r) => ({ differing: Infinity, area: area(r) })) };
      const off = (k: number) =>
        Math.abs(i.data[k]! - j.data[k]!) + Math.abs(i.data[k + 1]! - j.data[k + 1]!) + Math.abs(i.data[k + 2]! - j.data[k + 2]!) > tol;
      let n = 0;
      for (let k = 0; k < i.data.length; k += 4) if (off(k)) n++;
      const inRegion = (r: Region) => {
        let m = 0;
        for (let py = Math.round(r.y); py < Math.round(r.y + r.height) && py < i.height; py++)
          for (let px = Math.round(r.x); px < Math.round(r.x + r.width) && px < i.width; px++) if (off((py * i.width + px) * 4)) m++;
        return { differing: m, area: area(r) };
      };
      return { differing: n, total: i.width * i.height, size, regions: boxes.map(inRegion) };
    },
    [a.toString('base64'), b.toString('base64'), tolerance, regions] as const,
  );
}
