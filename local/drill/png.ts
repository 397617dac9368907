/** A tiny RGBA canvas and PNG encoder (zlib from node): enough to draw a chart without a browser. */
import { deflateSync } from "node:zlib";

export type Rgba = readonly [number, number, number, number];

export class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgba = [255, 255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 4);
    this.rect(0, 0, width, height, background);
  }

  /** Blends one pixel; outside the canvas is ignored. */
  plot(x: number, y: number, c: Rgba): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const i = (yi * this.width + xi) * 4;
    const a = c[3] / 255;
    for (let k = 0; k < 3; k++) this.pixels[i + k] = Math.round((c[k] ?? 0) * a + (this.pixels[i + k] ?? 0) * (1 - a));
    this.pixels[i + 3] = 255;
  }

  rect(x: number, y: number, w: number, h: number, c: Rgba): void {
    for (let j = Math.max(0, Math.floor(y)); j < Math.min(this.height, Math.ceil(y + h)); j++) {
      for (let i = Math.max(0, Math.floor(x)); i < Math.min(this.width, Math.ceil(x + w)); i++) this.plot(i, j, c);
    }
  }

  /** A line `thickness` pixels wide; `dash` draws every other `dash` pixels. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgba, thickness = 1, dash = 0): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = (thickness - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      if (dash > 0 && Math.floor(s / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -r; dx <= r; dx++) for (let dy = -r; dy <= r; dy++) this.plot(x + dx, y + dy, c);
    }
  }

  /** Text in the built-in 3×5 font, scaled; lower case is drawn as upper case. */
  text(x: number, y: number, s: string, c: Rgba, scale = 2): void {
    let cx = x;
    for (const ch of s.toUpperCase()) {
      const glyph = FONT[ch] ?? FONT["?"] ?? [];
      glyph.forEach((row, j) => {
        for (let i = 0; i < 3; i++) if (row & (4 >> i)) this.rect(cx + i * scale, y + j * scale, scale, scale, c);
      });
      cx += 4 * scale;
    }
  }

  static textWidth(s: string, scale = 2): number {
    return s.length * 4 * scale;
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 4 + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * (this.width * 4 + 1)] = 0;
      Buffer.from(this.pixels.buffer, this.pixels.byteOffset + y * this.width * 4, this.width * 4).copy(raw, y * (this.width * 4 + 1) + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr.set([8, 6, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** 3×5 glyphs, one number per row, bits left to right (4, 2, 1). */
const FONT: Readonly<Record<string, readonly number[]>> = {
  " ": [0, 0, 0, 0, 0],
  "?": [7, 1, 2, 0, 2],
  ".": [0, 0, 0, 0, 2],
  ",": [0, 0, 0, 2, 4],
  ":": [0, 2, 0, 2, 0],
  "-": [0, 0, 7, 0, 0],
  "+": [0, 2, 7, 2, 0],
  "/": [1, 1, 2, 4, 4],
  "%": [5, 1, 2, 4, 5],
  "(": [2, 4, 4, 4, 2],
  ")": [2, 1, 1, 1, 2],
  "=": [0, 7, 0, 7, 0],
  ">": [4, 2, 1, 2, 4],
  "<": [1, 2, 4, 2, 1],
  "×": [0, 5, 2, 5, 0],
  _: [0, 0, 0, 0, 7],
  "0": [7, 5, 5, 5, 7],
  "1": [2, 6, 2, 2, 7],
  "2": [7, 1, 7, 4, 7],
  "3": [7, 1, 3, 1, 7],
  "4": [5, 5, 7, 1, 1],
  "5": [7, 4, 7, 1, 7],
  "6": [7, 4, 7, 5, 7],
  "7": [7, 1, 1, 2, 2],
  "8": [7, 5, 7, 5, 7],
  "9": [7, 5, 7, 1, 7],
  A: [2, 5, 7, 5, 5],
  B: [6, 5, 6, 5, 6],
  C: [3, 4, 4, 4, 3],
  D: [6, 5, 5, 5, 6],
  E: [7, 4, 6, 4, 7],
  F: [7, 4, 6, 4, 4],
  G: [3, 4, 5, 5, 3],
  H: [5, 5, 7, 5, 5],
  I: [7, 2, 2, 2, 7],
  J: [1, 1, 1, 5, 2],
  K: [5, 5, 6, 5, 5],
  L: [4, 4, 4, 4, 7],
  M: [5, 7, 7, 5, 5],
  N: [6, 5, 5, 5, 5],
  O: [2, 5, 5, 5, 2],
  P: [6, 5, 6, 4, 4],
  Q: [2, 5, 5, 6, 3],
  R: [6, 5, 6, 5, 5],
  S: [3, 4, 2, 1, 6],
  T: [7, 2, 2, 2, 2],
  U: [5, 5, 5, 5, 7],
  V: [5, 5, 5, 5, 2],
  W: [5, 5, 7, 7, 5],
  X: [5, 5, 2, 5, 5],
  Y: [5, 5, 2, 2, 2],
  Z: [7, 1, 2, 4, 7],
};
