// Reads a chart's canvas in the page and counts the pixels drawn in each series colour: proof that a
// line (or dot) was painted, not just that the chart element exists.
import type { Locator } from 'playwright-core';

type Rgb = readonly [number, number, number];

/** The page's series colours (static/charts.js BACKEND_COLORS) as RGB. */
export const BACKEND_COLORS_RGB = { legacy: [0x3b, 0x82, 0xf6], new: [0xf9, 0x73, 0x16] } as const satisfies Record<
  string,
  Rgb
>;
const CHANNEL_TOLERANCE = 12;

export function countPixelsOfColor(canvas: Locator, colors: readonly Rgb[]): Promise<number[]> {
  return canvas.evaluate(
    (element, { colors, tolerance }) => {
      const canvasElement = element as HTMLCanvasElement;
      const context = canvasElement.getContext('2d');
      if (!context) return colors.map(() => 0);
      const { data } = context.getImageData(0, 0, canvasElement.width, canvasElement.height);
      const counts = colors.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        colors.forEach(([r, g, b], index) => {
          if (
            Math.abs(data[i]! - r) <= tolerance &&
            Math.abs(data[i + 1]! - g) <= tolerance &&
            Math.abs(data[i + 2]! - b) <= tolerance
          )
            counts[index]! += 1;
        });
      }
      return counts;
    },
    { colors, tolerance: CHANNEL_TOLERANCE },
  );
}
