/**
 * Draws the app's two icons into appPackage/: `npx tsx scripts/draw-icons.ts`.
 *
 * The mark is a sprout growing in a speech bubble: the challenge happens in the chat, and it is about
 * growing better digital habits. color.png is 192×192 on the accent colour; outline.png is 32×32, white on
 * transparent, as Teams requires for the icon it tints itself. Edges are anti-aliased by supersampling:
 * each pixel is the average of SS×SS samples of shapes described in a unit square.
 * The PNGs are committed; run this again only to change the drawing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// pngjs ships no types; this is the small part of its API used here.
interface PngImage {
  data: Buffer;
}
interface PngModule {
  PNG: {
    new (options: { width: number; height: number; colorType?: number }): PngImage;
    sync: { write(png: PngImage, options?: { colorType?: number }): Buffer };
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as PngModule;

type Rgba = readonly [number, number, number, number];
/** A shape answers whether a point of the unit square (y pointing down) is inside it. */
type Shape = (x: number, y: number) => boolean;
interface Layer {
  shape: Shape;
  colour: Rgba;
}

const ACCENT: Rgba = [0x1b, 0x7f, 0x5b, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const LIGHT_LEAF: Rgba = [0x3f, 0xb0, 0x7c, 255];

const SS = 8;

interface Point {
  x: number;
  y: number;
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** A thick line with round ends. */
function capsule(a: Point, b: Point, halfWidth: number): Shape {
  return (x, y) => distanceToSegment(x, y, a, b) <= halfWidth;
}

/** A thick line along a quadratic Bézier curve, approximated by short capsules. */
function curve(a: Point, control: Point, b: Point, halfWidth: number, steps = 24): Shape {
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push({
      x: u * u * a.x + 2 * u * t * control.x + t * t * b.x,
      y: u * u * a.y + 2 * u * t * control.y + t * t * b.y,
    });
  }
  return (x, y) =>
    points.slice(1).some((p, i) => distanceToSegment(x, y, points[i]!, p) <= halfWidth);
}

/** A leaf: the lens where two discs meet, pointed at `base` and `tip`; `bulge` is its half-width. */
function leaf(base: Point, tip: Point, bulge: number): Shape {
  const length = Math.hypot(tip.x - base.x, tip.y - base.y);
  const radius = (length * length) / (8 * bulge) + bulge / 2;
  const mid = { x: (base.x + tip.x) / 2, y: (base.y + tip.y) / 2 };
  const normal = { x: -(tip.y - base.y) / length, y: (tip.x - base.x) / length };
  const offset = radius - bulge;
  const c1 = { x: mid.x + normal.x * offset, y: mid.y + normal.y * offset };
  const c2 = { x: mid.x - normal.x * offset, y: mid.y - normal.y * offset };
  return (x, y) =>
    Math.hypot(x - c1.x, y - c1.y) <= radius && Math.hypot(x - c2.x, y - c2.y) <= radius;
}

function roundedRect(
  left: number,
  top: number,
  right: number,
  bottom: number,
  radius: number,
): Shape {
  return (x, y) => {
    if (x < left || x > right || y < top || y > bottom) return false;
    const cx = Math.max(left + radius, Math.min(right - radius, x));
    const cy = Math.max(top + radius, Math.min(bottom - radius, y));
    return Math.hypot(x - cx, y - cy) <= radius;
  };
}

function triangle(a: Point, b: Point, c: Point): Shape {
  const side = (p: Point, q: Point, x: number, y: number) =>
    (q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x);
  return (x, y) => {
    const d1 = side(a, b, x, y);
    const d2 = side(b, c, x, y);
    const d3 = side(c, a, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
const minus =
  (shape: Shape, hole: Shape): Shape =>
  (x, y) =>
    shape(x, y) && !hole(x, y);

/** The speech bubble: a rounded body with a tail at the bottom left. */
function bubble(inset: number): Shape {
  const body = roundedRect(0.1 + inset, 0.12 + inset, 0.9 - inset, 0.74 - inset, 0.16 - inset);
  const tail = triangle(
    { x: 0.24 + inset, y: 0.6 },
    { x: 0.46 - inset * 1.6, y: 0.6 },
    { x: 0.2 + inset * 0.6, y: 0.9 - inset * 2.2 },
  );
  return union(body, tail);
}

/** The sprout: a gently curved stem with a small leaf on the left and a larger one on the right. */
function sprout(scale: number, stemHalfWidth = 0.028) {
  const p = (x: number, y: number): Point => ({
    x: 0.5 + (x - 0.5) * scale,
    y: 0.43 + (y - 0.43) * scale,
  });
  return {
    stem: curve(p(0.5, 0.66), p(0.47, 0.52), p(0.52, 0.4), stemHalfWidth * scale),
    leftLeaf: leaf(p(0.49, 0.5), p(0.28, 0.34), 0.075 * scale),
    rightLeaf: leaf(p(0.52, 0.41), p(0.75, 0.2), 0.095 * scale),
    leftVein: capsule(p(0.47, 0.485), p(0.34, 0.385), 0.007 * scale),
    rightVein: capsule(p(0.55, 0.375), p(0.68, 0.26), 0.008 * scale),
  };
}

/** Renders layers (the last one on top) into RGBA pixels, averaging SS×SS samples per pixel. */
function render(size: number, background: Rgba, layers: Layer[]): Buffer {
  const data = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          let colour = background;
          for (const layer of layers) if (layer.shape(x, y)) colour = layer.colour;
          // Premultiplied, so transparent samples do not darken the edges.
          r += colour[0] * colour[3];
          g += colour[1] * colour[3];
          b += colour[2] * colour[3];
          a += colour[3];
        }
      }
      const i = (py * size + px) * 4;
      data[i] = a === 0 ? 255 : Math.round(r / a);
      data[i + 1] = a === 0 ? 255 : Math.round(g / a);
      data[i + 2] = a === 0 ? 255 : Math.round(b / a);
      data[i + 3] = Math.round(a / (SS * SS));
    }
  }
  return data;
}

function encode(size: number, pixels: Buffer): Buffer {
  const png = new PNG({ width: size, height: size });
  pixels.copy(png.data);
  return PNG.sync.write(png, { colorType: 6 });
}

/** 192×192: a white bubble holding a green sprout, on the accent colour. */
export function drawColourIcon(): Buffer {
  const s = sprout(1);
  const pixels = render(192, ACCENT, [
    { shape: bubble(0), colour: WHITE },
    { shape: s.stem, colour: ACCENT },
    { shape: s.leftLeaf, colour: LIGHT_LEAF },
    { shape: s.rightLeaf, colour: ACCENT },
    { shape: union(s.leftVein, s.rightVein), colour: WHITE },
  ]);
  return encode(192, pixels);
}

/** 32×32: the bubble's outline and a solid sprout, white on transparent. */
export function drawOutlineIcon(): Buffer {
  const stroke = 0.075;
  // Thicker stem: at 32 px the colour icon's would be a one-pixel hairline.
  const s = sprout(0.8, 0.045);
  const clear: Rgba = [255, 255, 255, 0];
  const pixels = render(32, clear, [
    { shape: minus(bubble(0), bubble(stroke)), colour: WHITE },
    { shape: union(s.stem, s.leftLeaf, s.rightLeaf), colour: WHITE },
  ]);
  return encode(32, pixels);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  writeFileSync(join(dir, 'color.png'), drawColourIcon());
  writeFileSync(join(dir, 'outline.png'), drawOutlineIcon());
  process.stdout.write(`Icons written to ${dir}: color.png (192×192), outline.png (32×32)\n`);
}
